"""Schedule YAML → activities: every documented form, and a precise message for each mistake."""
from __future__ import annotations

import datetime as dt

import pytest

from sitegen.config import SiteConfig
from sitegen.errors import ErrorCollector
from sitegen.model import LunarRule, OneOff, TimeRange, WeekdaySpec
from sitegen.schedules import parse_schedule, parse_time_range
from sitegen.yamlsource import load_yaml

CONFIG = SiteConfig("t", "https://t.example/")


def parse(activity_yaml: str):
    text = "centre: {id: c, name: 中心}\nactivities:\n" + activity_yaml
    errors = ErrorCollector()
    centre = parse_schedule(load_yaml(text, "c.yaml", errors), "c.yaml", CONFIG, errors)
    return centre, [str(p) for p in errors.problems]


def one(fields: str):
    centre, problems = parse("  - id: a\n    title: 活动\n    category: 文化\n" + fields)
    return (centre.activities[0] if centre and centre.activities else None), problems


@pytest.mark.parametrize("on, expected", [
    ("tuesday", (1,)), ("[mon, wed, fri]", (0, 2, 4)), ("mon-fri", (0, 1, 2, 3, 4)), ("周一至周五", (0, 1, 2, 3, 4)),
    ("星期六", (5,)), ("周二、周四", (1, 3)), ("[周日, sat]", (5, 6)),
])
def test_weekday_forms(on, expected):
    activity, problems = one(f"    time: \"09:00-10:00\"\n    repeat: {{every: week, on: {on}}}\n    from: 2026-03-01\n")
    assert problems == []
    assert tuple(w.weekday for w in activity.schedule.weekdays) == expected


@pytest.mark.parametrize("on, expected", [
    ("last saturday", (WeekdaySpec(5, -1),)), ("2nd tuesday", (WeekdaySpec(1, 2),)),
    ("第二个周二", (WeekdaySpec(1, 2),)), ("最后一个周五", (WeekdaySpec(4, -1),)),
    ("[1st saturday, 3rd saturday]", (WeekdaySpec(5, 1), WeekdaySpec(5, 3))),
])
def test_monthly_weekday_forms(on, expected):
    activity, problems = one(f"    repeat: {{every: month, on: {on}}}\n    from: 2026-03-01\n")
    assert problems == [] and activity.schedule.weekdays == expected


def test_other_rule_forms():
    activity, _ = one("    repeat: {every: month, on: 15}\n    from: 2026-03-01\n")
    assert activity.schedule.monthdays == (15,)
    activity, _ = one("    repeat: {every: year, on: 6月1日}\n    from: 2026-03-01\n")
    assert (activity.schedule.month, activity.schedule.monthdays) == (6, (1,))
    activity, _ = one("    repeat: {every: week, on: school days}\n    from: 2026-03-01\n")
    assert activity.schedule.school_days and len(activity.schedule.weekdays) == 5
    activity, _ = one("    repeat: {every: year, on: 中秋}\n    from: 2026-03-01\n")
    assert activity.schedule == LunarRule(dt.date(2026, 3, 1), month=8, days=(15,), festival="中秋")
    activity, _ = one("    repeat: {every: year, on: 除夕}\n    from: 2026-03-01\n")
    assert activity.schedule.new_years_eve
    activity, _ = one("    date: 2026-12-19\n    end_date: 2026-12-20\n")
    assert activity.schedule == OneOff(dt.date(2026, 12, 19), dt.date(2026, 12, 20)) and activity.all_day


def test_time_ranges():
    errors = ErrorCollector()
    loc = None
    assert parse_time_range("19:00–20:30", loc, errors) == TimeRange(dt.time(19), dt.time(20, 30))
    assert parse_time_range("9:00~11:00", loc, errors) == TimeRange(dt.time(9), dt.time(11))
    assert parse_time_range("14:00至16:00", loc, errors) == TimeRange(dt.time(14), dt.time(16))
    assert errors.problems == []
    assert parse_time_range("24:00-25:00", loc, errors) is None
    assert parse_time_range("20:00-19:00", loc, errors) is None
    assert len(errors.problems) == 2


def test_change_fields():
    activity, problems = one(
        "    time: \"16:30-18:00\"\n    repeat: {every: week, on: mon-fri}\n    from: 2026-03-01\n"
        "    skip: holidays\n    add: {2026-03-07: 加场}\n    pause:\n      - {from: 2026-07-01, until: 2026-08-31, reason: 暑假}\n"
        "    change:\n      - {from: 2026-09-01, time: \"17:00-18:30\"}\n    hosts: {周一: 张书记, 周五: 李书记}\n")
    assert problems == []
    assert activity.skip_holidays and activity.extras[0].date == dt.date(2026, 3, 7)
    assert activity.pauses[0].reason == "暑假" and activity.splits[0].time.start == dt.time(17)
    assert activity.hosts == ((0, "张书记"), (4, "李书记"))


@pytest.mark.parametrize("fields, message", [
    ("    date: 2026-01-01\n    repeat: {every: week}\n    from: 2026-01-01\n",
     "c.yaml:7:13: error: activity 'a' has both 'date' (one day) and 'repeat' (a series); keep the one you mean"),
    ("    time: \"09:00-10:00\"\n",
     "c.yaml:3:5: error: activity 'a' has neither 'date' (a one-off event) nor 'repeat' (a series); add one of them"),
    ("    repeat: {every: week}\n",
     "c.yaml:6:13: error: activity 'a' repeats but has no 'from'; add 'from: YYYY-MM-DD', the first day it may happen"),
    ("    repeat: {every: week}\n    from: 2026-05-01\n    until: 2026-04-01\n",
     "c.yaml:8:12: error: 'until' 2026-04-01 is before 'from' 2026-05-01"),
    ("    repeat: {every: week}\n    from: 2026-05-01\n    locaton: 多功能厅\n",
     "c.yaml:8:5: error: unknown field 'locaton' in activity 'a' (did you mean 'location'?); allowed fields: "
     "id, title, category, audience, location, time, date, end_date, repeat, from, until, skip, cancel, move, add, "
     "pause, change, hosts, description, signup, contact, capacity, review_by, attendance"),
    ("    repeat: {every: week}\n    from: 2026-05-01\n    cancel: {2026-05-08: }\n",
     "c.yaml:8:25: error: give a reason for cancelling on 2026-05-08, e.g. '2026-05-08: 国庆假期暂停'; residents will see it"),
    ("    date: 2026-05-01\n    move: {2026-05-01: \"2026-05-02 10:00-11:00\"}\n",
     "c.yaml:7:24: error: this activity is all-day, so a move cannot give a time; remove the time or give the activity a 'time'"),
    ("    repeat: {every: month, on: 2nd tuesday}\n    from: 2026-05-01\n    hosts: {周二: 张}\n",
     "c.yaml:8:12: error: a roster of hosts by weekday needs 'repeat: {every: week, ...}'"),
    ("    repeat: {every: year, on: 重阳节前}\n    from: 2026-05-01\n",
     "c.yaml:6:31: error: a yearly 'on' is a month and day like 06-01 or 6月1日, or a lunar festival (七夕、"
     "中元、中元节、中秋、中秋节、元宵、元宵节、小年、春节、端午、端午节、腊八、腊八节、重阳、重阳节、除夕、龙抬头), not '重阳节前'"),
])
def test_mistakes_name_their_line_and_the_fix(fields, message):
    _, problems = one(fields)
    assert message in problems


def test_duplicate_activity_ids_name_the_first_line():
    centre, problems = parse("  - {id: a, title: 甲, category: 文化, date: 2026-01-01}\n"
                             "  - {id: a, title: 乙, category: 文化, date: 2026-01-02}\n")
    assert problems == ["c.yaml:4:5: error: activity id 'a' is already used on line 3; give each activity its own id, e.g. 'a-2'"]
    assert [a.title for a in centre.activities] == ["甲"]
