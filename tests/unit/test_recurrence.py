"""sitegen.recurrence: rules and changes → occurrences, checked against dates worked out by hand
(calendar of 2026: 1 January is a Thursday)."""
from __future__ import annotations

import datetime as dt
import textwrap
from zoneinfo import ZoneInfo

import pytest
from sitegen.config import SiteConfig
from sitegen.errors import ErrorCollector
from sitegen.holidays import HolidayCalendar
from sitegen.model import Centre
from sitegen.recurrence import Window, expand, series_dates
from sitegen.schedules import parse_schedule
from sitegen.yamlsource import load_yaml

CONFIG = SiteConfig(title="t", base_url="https://example.org/")
SRC = "calendars/c.yaml"
BASE = "id: a\ntitle: 活动\ncategory: 其他\n"
YEAR_2026 = Window(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def wrap(*activities: str, centre_id: str = "c") -> str:
    text = f"centre:\n  id: {centre_id}\n  name: 中心{centre_id}\nactivities:\n"
    for activity in activities:
        lines = textwrap.dedent(activity).strip("\n").splitlines()
        text += "  - " + lines[0] + "\n" + "".join(f"    {line}\n" for line in lines[1:])
    return text


def centre_of(text: str) -> Centre:
    errors = ErrorCollector()
    centre = parse_schedule(load_yaml(text, SRC, errors), SRC, CONFIG, errors)
    assert errors.problems == [], [str(p) for p in errors.problems]
    return centre


def run(body: str, window: Window = YEAR_2026, holidays: HolidayCalendar | None = None):
    errors = ErrorCollector()
    calendar = expand([centre_of(wrap(BASE + body))], window, holidays or HolidayCalendar(), errors)
    return calendar, errors


def days(body: str, window: Window = YEAR_2026) -> list[str]:
    calendar, errors = run(body, window)
    assert errors.problems == [], [str(p) for p in errors.problems]
    return [o.day.isoformat() for o in calendar.for_activity("c/a")]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---- each pattern ----

def test_last_saturday_of_each_month():
    assert days("repeat: {every: month, on: last saturday}\nfrom: 2026-01-01\n") == [
        "2026-01-31", "2026-02-28", "2026-03-28", "2026-04-25", "2026-05-30", "2026-06-27",
        "2026-07-25", "2026-08-29", "2026-09-26", "2026-10-31", "2026-11-28", "2026-12-26"]


@pytest.mark.parametrize("on", ["2nd tuesday", "第二个周二", "second Tue"])
def test_second_tuesday(on):
    assert days(f"repeat: {{every: month, on: {on}}}\nfrom: 2026-01-01\n") == [
        "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
        "2026-07-14", "2026-08-11", "2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08"]


def test_first_and_third_saturday():
    window = Window(d("2026-01-01"), d("2026-03-31"))
    assert days("repeat: {every: month, on: [1st saturday, 3rd saturday]}\nfrom: 2026-01-01\n", window) == [
        "2026-01-03", "2026-01-17", "2026-02-07", "2026-02-21", "2026-03-07", "2026-03-21"]


def test_fifth_saturday_skips_months_without_one():
    assert days("repeat: {every: month, on: 5th saturday}\nfrom: 2026-01-01\n") == [
        "2026-01-31", "2026-05-30", "2026-08-29", "2026-10-31"]


def test_day_31_skips_short_months():
    assert days("repeat: {every: month, on: 31}\nfrom: 2026-01-01\n") == [
        "2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31", "2026-08-31", "2026-10-31", "2026-12-31"]


def test_last_day_of_month():
    window = Window(d("2026-01-01"), d("2026-04-30"))
    assert days("repeat: {every: month, on: -1}\nfrom: 2026-01-01\n", window) == [
        "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]


def test_day_15():
    window = Window(d("2026-01-01"), d("2026-03-31"))
    assert days("repeat: {every: month, on: 15}\nfrom: 2026-01-20\n", window) == ["2026-02-15", "2026-03-15"]


@pytest.mark.parametrize("on", ["mon-fri", "周一至周五", "[mon, tue, wed, thu, fri]"])
def test_weekdays_until_inclusive(on):
    assert days(f"repeat: {{every: week, on: {on}}}\nfrom: 2026-09-01\nuntil: 2026-09-14\n") == [
        "2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04",
        "2026-09-07", "2026-09-08", "2026-09-09", "2026-09-10", "2026-09-11", "2026-09-14"]


def test_monday_wednesday_friday():
    window = Window(d("2026-01-01"), d("2026-01-14"))
    assert days("repeat: {every: week, on: [mon, wed, fri]}\nfrom: 2026-01-01\n", window) == [
        "2026-01-02", "2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-14"]


def test_every_tuesday_in_chinese():
    window = Window(d("2026-03-01"), d("2026-03-31"))
    assert days("repeat: {every: week, on: 星期二}\nfrom: 2026-01-01\n", window) == [
        "2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24", "2026-03-31"]


def test_daily_with_interval_and_until_inclusive():
    assert days("repeat: {every: day, interval: 3}\nfrom: 2026-01-01\nuntil: 2026-01-10\n") == [
        "2026-01-01", "2026-01-04", "2026-01-07", "2026-01-10"]


def test_yearly():
    window = Window(d("2026-01-01"), d("2028-12-31"))
    assert days("repeat: {every: year, on: 06-01}\nfrom: 2026-01-01\n", window) == [
        "2026-06-01", "2027-06-01", "2028-06-01"]
    # 'from' after this year's date: the series starts next year
    assert days("repeat: {every: year, on: 06-01}\nfrom: 2026-06-02\n", window) == ["2027-06-01", "2028-06-01"]


def test_yearly_29_february_only_in_leap_years():
    window = Window(d("2026-01-01"), d("2032-12-31"))
    assert days("repeat: {every: year, on: 02-29}\nfrom: 2026-01-01\n", window) == ["2028-02-29", "2032-02-29"]


# ---- interval and the anchor ----

def test_every_other_saturday_counts_from_the_first_saturday_on_or_after_from():
    window = Window(d("2026-01-01"), d("2026-02-28"))
    body = "repeat: {every: week, on: saturday, interval: 2}\nfrom: 2026-01-01\n"
    assert days(body, window) == ["2026-01-03", "2026-01-17", "2026-01-31", "2026-02-14", "2026-02-28"]
    # a window starting later keeps the phase of 'from', not of the window
    assert days(body, Window(d("2026-02-01"), d("2026-02-28"))) == ["2026-02-14", "2026-02-28"]
    assert days("repeat: {every: week, on: saturday, interval: 2}\nfrom: 2026-01-10\n", window) == [
        "2026-01-10", "2026-01-24", "2026-02-07", "2026-02-21"]


def test_interval_of_months_counts_from_the_first_real_occurrence():
    # from 1 Feb, the first 31st is 31 March; every other month from March: May, July, (Sept and
    # Nov have no 31st), January. Counting from February would give Aug, Oct, Dec instead.
    window = Window(d("2026-01-01"), d("2027-03-31"))
    assert days("repeat: {every: month, on: 31, interval: 2}\nfrom: 2026-02-01\n", window) == [
        "2026-03-31", "2026-05-31", "2026-07-31", "2027-01-31", "2027-03-31"]


def test_from_that_is_not_an_occurrence_anchors_on_the_first_real_one():
    calendar, errors = run("repeat: {every: month, on: last saturday}\nfrom: 2026-01-01\n")
    assert errors.problems == []
    [series] = calendar.plans["c/a"].series
    assert series.rule.start == d("2026-01-31")  # DTSTART must itself be an occurrence
    assert calendar.first_dates["c/a"] == d("2026-01-31")
    assert series_dates(centre_of(wrap(BASE + "repeat: {every: month, on: last saturday}\nfrom: 2026-01-01\n"))
                        .activities[0].schedule)[0].date() == d("2026-01-31")


def test_timed_occurrences_are_aware_datetimes_in_the_centre_zone():
    calendar, _ = run('time: "19:00-20:30"\nrepeat: {every: month, on: last saturday}\nfrom: 2026-01-01\n')
    first = calendar.for_activity("c/a")[0]
    zone = ZoneInfo("Asia/Shanghai")
    assert first.start == dt.datetime(2026, 1, 31, 19, 0, tzinfo=zone)
    assert first.end == dt.datetime(2026, 1, 31, 20, 30, tzinfo=zone)
    assert not first.all_day and first.status == "scheduled"


# ---- changes ----

BODY = ('time: "19:00-20:30"\nlocation: 一楼多功能厅\nrepeat: {every: month, on: last saturday}\n'
        "from: 2026-01-01\n")


def test_cancel_keeps_the_occurrence_with_status_and_reason():
    calendar, errors = run(BODY + "cancel:\n  2026-03-28: 场地维修\n")
    assert errors.problems == []
    by_day = {o.day: o for o in calendar.for_activity("c/a")}
    cancelled = by_day[d("2026-03-28")]
    assert (cancelled.status, cancelled.reason, cancelled.original_date) == ("cancelled", "场地维修", d("2026-03-28"))
    assert cancelled.cancelled
    assert len(by_day) == 12  # still listed
    assert [o.status for o in calendar.changes["c/a"]] == ["cancelled"]


def test_move_with_new_time_and_location():
    calendar, errors = run(BODY + 'move:\n  2026-05-30: {to: 2026-06-06, time: "18:30-20:00", '
                                  "location: 二楼活动室, reason: 检修}\n")
    assert errors.problems == []
    occurrences = calendar.for_activity("c/a")
    [moved] = [o for o in occurrences if o.moved]
    zone = ZoneInfo("Asia/Shanghai")
    assert moved.original_date == d("2026-05-30")
    assert moved.start == dt.datetime(2026, 6, 6, 18, 30, tzinfo=zone)
    assert moved.end == dt.datetime(2026, 6, 6, 20, 0, tzinfo=zone)
    assert (moved.location, moved.reason) == ("二楼活动室", "检修")
    assert d("2026-05-30") not in [o.day for o in occurrences]
    assert [o.day.isoformat() for o in occurrences][4:6] == ["2026-06-06", "2026-06-27"]


def test_move_keeps_time_and_location_when_not_given():
    calendar, _ = run(BODY + "move:\n  2026-05-30: 2026-06-06\n")
    [moved] = [o for o in calendar.for_activity("c/a") if o.moved]
    assert moved.start.time() == dt.time(19) and moved.location == "一楼多功能厅"


def test_move_from_outside_the_window_into_it_appears():
    window = Window(d("2026-06-01"), d("2026-06-30"))
    calendar, errors = run(BODY + "move:\n  2026-05-30: 2026-06-06\n", window)
    assert errors.problems == []
    assert [(o.day.isoformat(), o.status, o.original_date.isoformat()) for o in calendar.for_activity("c/a")] == [
        ("2026-06-06", "moved", "2026-05-30"), ("2026-06-27", "scheduled", "2026-06-27")]


def test_move_from_the_window_to_outside_leaves_it():
    window = Window(d("2026-05-01"), d("2026-05-31"))
    calendar, errors = run(BODY + "move:\n  2026-05-30: 2026-06-06\n", window)
    assert errors.problems == []
    assert calendar.for_activity("c/a") == []
    assert [o.day for o in calendar.changes["c/a"]] == [d("2026-06-06")]  # changes keep it whatever the window


@pytest.mark.parametrize("kind, entry", [("cancel", "2026-02-21: 有事"), ("move", "2026-02-21: 2026-02-22")])
def test_cancel_or_move_of_a_day_without_an_occurrence_names_the_nearest_dates(kind, entry):
    text = wrap(BASE + BODY + f"{kind}:\n  {entry}\n")
    errors = ErrorCollector()
    expand([centre_of(text)], YEAR_2026, HolidayCalendar(), errors)
    assert len(errors.errors) == 1
    problem = errors.errors[0]
    assert "does not happen on 2026-02-21" in problem.message
    assert "nearest dates: 2026-01-31、2026-02-28" in problem.message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "2026-02-21" in l)
    assert problem.location.line == line


def test_cancel_of_a_one_off_on_its_date_and_error_on_another():
    calendar, errors = run("date: 2026-10-18\ncancel:\n  2026-10-18: 下雨\n")
    assert errors.problems == []
    [o] = calendar.for_activity("c/a")
    assert (o.status, o.reason) == ("cancelled", "下雨")
    _, errors = run("date: 2026-10-18\ncancel:\n  2026-10-19: 下雨\n")
    assert "nearest dates: 2026-10-18" in errors.errors[0].message


def test_series_that_never_happens_is_an_error():
    text = wrap(BASE + "repeat: {every: month, on: 5th saturday}\nfrom: 2026-02-01\nuntil: 2026-04-30\n")
    errors = ErrorCollector()
    calendar = expand([centre_of(text)], YEAR_2026, HolidayCalendar(), errors)
    assert len(errors.errors) == 1
    assert "'a' never happens" in errors.errors[0].message
    assert errors.errors[0].location.line == 5  # the '- id: a' line
    assert "c/a" not in calendar.plans and calendar.occurrences == ()


# ---- all-day and multi-day ----

@pytest.mark.parametrize("start, end, shown", [
    ("2026-12-13", "2026-12-31", True),   # the window starts on the second day
    ("2026-12-01", "2026-12-12", True),   # the window ends on the first day
    ("2026-12-14", "2026-12-31", False),
    ("2026-12-01", "2026-12-11", False),
])
def test_multi_day_event_overlapping_the_window(start, end, shown):
    calendar, _ = run("date: 2026-12-12\nend_date: 2026-12-13\n", Window(d(start), d(end)))
    occurrences = calendar.for_activity("c/a")
    assert bool(occurrences) == shown
    if shown:
        [o] = occurrences
        assert (o.start, o.end, o.all_day) == (d("2026-12-12"), d("2026-12-13"), True)


# ---- pauses, extras, holidays ----

def test_pause_and_extra():
    window = Window(d("2026-07-01"), d("2026-08-31"))
    calendar, errors = run("repeat: {every: week, on: saturday}\nfrom: 2026-01-01\n"
                           "pause:\n  - {from: 2026-07-10, until: 2026-08-20, reason: 暑假}\n"
                           "add:\n  2026-08-01: 加场\n", window)
    assert errors.problems == []
    assert [(o.day.isoformat(), o.status) for o in calendar.for_activity("c/a")] == [
        ("2026-07-04", "scheduled"), ("2026-08-01", "extra"), ("2026-08-22", "scheduled"), ("2026-08-29", "scheduled")]


def test_skip_holidays():
    holidays = HolidayCalendar(days_off={d("2026-10-03"): "国庆节"}, covered_years=frozenset({2026}))
    window = Window(d("2026-10-01"), d("2026-10-31"))
    calendar, errors = run("repeat: {every: week, on: saturday}\nfrom: 2026-01-01\nskip: holidays\n", window, holidays)
    assert errors.problems == []
    assert [o.day.isoformat() for o in calendar.for_activity("c/a")] == ["2026-10-10", "2026-10-17", "2026-10-24", "2026-10-31"]
    assert calendar.plans["c/a"].series[0].exdates == (d("2026-10-03"),)


# ---- order independence ----

ACTIVITIES = [
    BASE.replace("id: a", "id: concert") + BODY + "cancel:\n  2026-03-28: 维修\nmove:\n  2026-05-30: 2026-06-06\n",
    ('id: homework\ntitle: 四点半课堂\ncategory: 教育\ntime: "16:30-18:00"\nrepeat: {every: week, on: mon-fri}\n'
     "from: 2026-09-01\nuntil: 2026-12-31\n"),
    "id: market\ntitle: 集市\ncategory: 便民\ndate: 2026-06-06\nend_date: 2026-06-07\n",
    'id: opera\ntitle: 戏曲\ncategory: 节日\ndate: 2026-06-06\ntime: "19:00-20:30"\n',
    ('id: dance\ntitle: 广场舞\ncategory: 文化\ntime: "19:00-20:30"\nrepeat: {every: week, on: sat, interval: 2}\n'
     "from: 2026-01-01\n"),
]


def test_expanding_activities_in_reversed_order_gives_the_same_occurrences():
    forward = [centre_of(wrap(*ACTIVITIES[:3], centre_id="a")), centre_of(wrap(*ACTIVITIES[3:], centre_id="b"))]
    backward = [centre_of(wrap(*reversed(ACTIVITIES[3:]), centre_id="b")),
                centre_of(wrap(*reversed(ACTIVITIES[:3]), centre_id="a"))]
    one = expand(forward, YEAR_2026, HolidayCalendar(), ErrorCollector())
    two = expand(backward, YEAR_2026, HolidayCalendar(), ErrorCollector())
    assert len(one.occurrences) > 100
    assert one.occurrences == two.occurrences
    assert [o.activity_key for o in one.occurrences] == [o.activity_key for o in two.occurrences]
    assert one.changes == two.changes and one.first_dates == two.first_dates
    # same day, same time: sorted by activity key, whatever the input order
    same_evening = [o.activity_key for o in one.occurrences if o.day == d("2026-06-06")]
    assert same_evening == ["a/market", "a/concert", "b/dance", "b/opera"]  # 06-06: 22 weeks after 01-03
