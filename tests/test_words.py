"""Schedules and dates in words, Chinese and English."""
from __future__ import annotations

import datetime as dt

from sitegen.errors import SourceLocation
from sitegen.model import Activity, LunarRule, OneOff, Recurrence, TimeRange, WeekdaySpec
from sitegen.words import day_label, describe_schedule, lunar_day_name

LOC = SourceLocation("c.yaml", 1, 1)
EVENING = TimeRange(dt.time(19), dt.time(20, 30))


def activity(schedule, time=EVENING, **extra) -> Activity:
    return Activity("c", "a", "活动", "文化", schedule, time, "Asia/Shanghai", LOC, **extra)


def weekly(*days, **extra) -> Recurrence:
    return Recurrence("WEEKLY", dt.date(2026, 1, 1), weekdays=tuple(WeekdaySpec(d) for d in days), **extra)


def test_chinese_descriptions():
    start = dt.date(2026, 1, 1)
    cases = [
        (Recurrence("MONTHLY", start, weekdays=(WeekdaySpec(5, -1),)), {},
         "每月最后一个周六 19:00–20:30（2026年1月1日起）"),
        (weekly(0, 1, 2, 3, 4), {"skip_holidays": True},
         "每周一至周五（节假日除外） 19:00–20:30（2026年1月1日起）"),
        (weekly(1, 3), {}, "每周二、周四 19:00–20:30（2026年1月1日起）"),
        (weekly(5, interval=2, until=dt.date(2026, 6, 30)), {},
         "每两周的周六 19:00–20:30（2026年1月1日起，至2026年6月30日）"),
        (Recurrence("MONTHLY", start, monthdays=(15,)), {}, "每月15日 19:00–20:30（2026年1月1日起）"),
        (Recurrence("YEARLY", start, month=6, monthdays=(1,)), {}, "每年6月1日 19:00–20:30（2026年1月1日起）"),
        (LunarRule(start, month=9, days=(9,), festival="重阳"), {}, "每年农历九月初九（重阳） 19:00–20:30（2026年1月1日起）"),
        (LunarRule(start, days=(5, 10, 15, 20, 25, 30)), {},
         "农历每月初五、初十、十五、二十、廿五、三十（逢五逢十） 19:00–20:30（2026年1月1日起）"),
        (OneOff(dt.date(2026, 10, 18)), {}, "2026年10月18日 19:00–20:30"),
    ]
    for schedule, extra, expected in cases:
        assert describe_schedule(activity(schedule, **extra), "zh-CN") == expected


def test_all_day_multi_day_and_english():
    fair = activity(OneOff(dt.date(2026, 12, 19), dt.date(2026, 12, 20)), time=None)
    assert describe_schedule(fair, "zh-CN") == "2026年12月19日至2026年12月20日 全天"
    last_saturday = activity(Recurrence("MONTHLY", dt.date(2026, 1, 1), weekdays=(WeekdaySpec(5, -1),)))
    assert describe_schedule(last_saturday, "en") == ("The last Saturday of every month, 19:00–20:30 "
                                                      "(from 1 January 2026)")
    assert describe_schedule(activity(weekly(1), skip_holidays=True), "en") == (
        "Tuesday, every week except public holidays, 19:00–20:30 (from 1 January 2026)")


def test_day_labels_say_today_and_tomorrow():
    today = dt.date(2026, 11, 23)
    assert day_label(today, "zh-CN", today) == "今天 · 11月23日 星期一"
    assert day_label(today + dt.timedelta(days=1), "zh-CN", today) == "明天 · 11月24日 星期二"
    assert day_label(today + dt.timedelta(days=2), "zh-CN", today) == "11月25日 星期三"
    assert day_label(today, "en", today) == "Today · Monday 23 November"


def test_lunar_day_names():
    assert [lunar_day_name(d) for d in (1, 10, 11, 20, 21, 30)] == ["初一", "初十", "十一", "二十", "廿一", "三十"]


def test_dates_in_another_year_say_the_year():
    today = dt.date(2026, 11, 23)
    assert day_label(dt.date(2027, 10, 8), "zh-CN", today) == "2027年10月8日 星期五"
    assert day_label(dt.date(2027, 10, 8), "en", today) == "Friday 8 October 2027"


def test_description_uses_the_time_in_effect_after_a_change():
    from sitegen.model import Split

    rule = weekly(0, 1, 2, 3, 4)
    changed = activity(rule, time=TimeRange(dt.time(16, 30), dt.time(18)),
                       splits=(Split(dt.date(2026, 9, 1), LOC, TimeRange(dt.time(16, 45), dt.time(18, 15))),))
    assert describe_schedule(changed, "zh-CN", dt.date(2026, 8, 31)).startswith("每周一至周五 16:30–18:00")
    assert describe_schedule(changed, "zh-CN", dt.date(2026, 9, 1)).startswith("每周一至周五 16:45–18:15")
