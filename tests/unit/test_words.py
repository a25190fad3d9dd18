"""sitegen.words: schedules and dates in words, Chinese first, English too."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from sitegen.config import SiteConfig
from sitegen.errors import ErrorCollector
from sitegen.model import Activity
from sitegen.recurrence import make_occurrence
from sitegen.schedules import parse_schedule
from sitegen.words import (
    STRINGS,
    day_label,
    describe_schedule,
    full_date,
    lunar_day_name,
    time_label,
)
from sitegen.yamlsource import load_yaml

CONFIG = SiteConfig(title="t", base_url="https://example.org/")


def activity(body: str) -> Activity:
    lines = ("id: a\ntitle: 活动\ncategory: 其他\n" + textwrap.dedent(body)).strip("\n").splitlines()
    text = "centre:\n  id: c\n  name: 中心\nactivities:\n  - " + lines[0] + "\n" + "".join(
        f"    {line}\n" for line in lines[1:])
    errors = ErrorCollector()
    centre = parse_schedule(load_yaml(text, "calendars/c.yaml", errors), "calendars/c.yaml", CONFIG, errors)
    assert errors.problems == [], [str(p) for p in errors.problems]
    return centre.activities[0]


CASES = [
    ('time: "19:00-20:30"\nrepeat: {every: month, on: last saturday}\nfrom: 2026-01-01\n',
     "每月最后一个周六 19:00–20:30（2026年1月1日起）",
     "The last Saturday of every month, 19:00–20:30 (from 1 January 2026)"),
    ('time: "16:30-18:00"\nrepeat: {every: week, on: mon-fri}\nfrom: 2026-09-01\nuntil: 2027-01-22\n',
     "每周一至周五 16:30–18:00（2026年9月1日起，至2027年1月22日）",
     ("Monday, Tuesday, Wednesday, Thursday, Friday, every week, 16:30–18:00 "
      "(from 1 September 2026 until 22 January 2027)")),
    ('time: "09:00-10:30"\nrepeat: {every: week, on: saturday, interval: 2}\nfrom: 2026-01-01\n',
     "每两周的周六 09:00–10:30（2026年1月1日起）",
     "Saturday, every 2 weeks, 09:00–10:30 (from 1 January 2026)"),
    ('time: "09:00-10:00"\nrepeat: {every: week, on: [mon, wed, fri]}\nfrom: 2026-01-01\n',
     "每周一、周三、周五 09:00–10:00（2026年1月1日起）",
     "Monday, Wednesday, Friday, every week, 09:00–10:00 (from 1 January 2026)"),
    ('time: "09:00-10:00"\nrepeat: {every: week, on: [mon-fri], interval: 3}\nfrom: 2026-01-01\n',
     "每三周的周一至周五 09:00–10:00（2026年1月1日起）", None),
    ('time: "09:00-10:00"\nrepeat: {every: day}\nfrom: 2026-01-01\n',
     "每天 09:00–10:00（2026年1月1日起）", "Every day, 09:00–10:00 (from 1 January 2026)"),
    ('time: "09:00-10:00"\nrepeat: {every: month, on: [1st saturday, 3rd saturday]}\nfrom: 2026-01-01\n',
     "每月第一个周六、第三个周六 09:00–10:00（2026年1月1日起）",
     "The first Saturday and third Saturday of every month, 09:00–10:00 (from 1 January 2026)"),
    ('time: "09:00-10:00"\nrepeat: {every: month, on: 第二个周二}\nfrom: 2026-01-01\n',
     "每月第二个周二 09:00–10:00（2026年1月1日起）", None),
    ('time: "09:00-11:00"\nrepeat: {every: month, on: 15}\nfrom: 2026-03-01\n',
     "每月15日 09:00–11:00（2026年3月1日起）", None),
    ('repeat: {every: month, on: -1, interval: 2}\nfrom: 2026-01-01\n',
     "每两个月最后一天 全天（2026年1月1日起）",
     "On the last day of every 2 months, All day (from 1 January 2026)"),
    ('repeat: {every: year, on: 06-01}\nfrom: 2026-01-01\n',
     "每年6月1日 全天（2026年1月1日起）", None),
    ('time: "09:00-10:00"\nrepeat: {every: week, on: [sat, sun]}\nfrom: 2026-01-01\nskip: holidays\n',
     "每周六、周日（节假日除外） 09:00–10:00（2026年1月1日起）",
     "Saturday, Sunday, every week except public holidays, 09:00–10:00 (from 1 January 2026)"),
    ('date: 2026-10-18\ntime: "14:30-16:30"\n', "2026年10月18日 14:30–16:30", "18 October 2026, 14:30–16:30"),
    ("date: 2026-12-12\nend_date: 2026-12-13\n", "2026年12月12日至2026年12月13日 全天",
     "12 December 2026 – 13 December 2026, All day"),
    ("repeat: {every: year, on: 重阳}\nfrom: 2026-01-01\n", "每年农历九月初九（重阳） 全天（2026年1月1日起）",
     "Every year on lunar 9/9 (重阳), All day (from 1 January 2026)"),
    ("repeat: {every: lunar month, on: [5, 10, 15, 20, 25, 30]}\nfrom: 2026-01-01\n",
     "农历每月初五、初十、十五、二十、廿五、三十（逢五逢十） 全天（2026年1月1日起）", None),
]


@pytest.mark.parametrize("body, chinese, english", CASES, ids=[c[1][:14] for c in CASES])
def test_describe_schedule(body, chinese, english):
    a = activity(body)
    assert describe_schedule(a, "zh-CN") == chinese
    if english is not None:
        assert describe_schedule(a, "en") == english


def test_english_day_of_month_reads_on_the_15th():
    # BUG (wording): _pattern_en writes 'On 15th of every month' (no 'the'), while the same
    # function writes 'On the last day of every month'
    a = activity('time: "09:00-11:00"\nrepeat: {every: month, on: 15}\nfrom: 2026-03-01\n')
    assert describe_schedule(a, "en") == "On the 15th of every month, 09:00–11:00 (from 1 March 2026)"


def test_english_ordinal_suffixes():
    a = activity('repeat: {every: month, on: [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31]}\nfrom: 2026-01-01\n')
    text = describe_schedule(a, "en")
    for ordinal in ("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"):
        assert f"{ordinal}," in text or f"{ordinal} of" in text, ordinal


def test_english_yearly():
    a = activity('time: "09:00-10:00"\nrepeat: {every: year, on: 06-01}\nfrom: 2026-01-01\nuntil: 2030-12-31\n')
    assert describe_schedule(a, "en") == "1 June, every year, 09:00–10:00 (from 1 January 2026 until 31 December 2030)"


# ---- day labels ----

SATURDAY = dt.date(2026, 6, 6)


def test_day_label_without_today():
    assert day_label(SATURDAY, "zh-CN") == "6月6日 星期六"
    assert day_label(SATURDAY, "en") == "Saturday 6 June"


def test_day_label_today_and_tomorrow():
    assert day_label(SATURDAY, "zh-CN", today=SATURDAY) == "今天 · 6月6日 星期六"
    assert day_label(dt.date(2026, 6, 7), "zh-CN", today=SATURDAY) == "明天 · 6月7日 星期日"
    assert day_label(dt.date(2026, 6, 8), "zh-CN", today=SATURDAY) == "6月8日 星期一"
    assert day_label(dt.date(2026, 6, 5), "zh-CN", today=SATURDAY) == "6月5日 星期五"  # yesterday: plain
    assert day_label(SATURDAY, "en", today=SATURDAY) == "Today · Saturday 6 June"
    assert day_label(dt.date(2026, 6, 7), "en", today=SATURDAY) == "Tomorrow · Sunday 7 June"


def test_tomorrow_across_a_year_end():
    assert day_label(dt.date(2027, 1, 1), "zh-CN", today=dt.date(2026, 12, 31)) == "明天 · 1月1日 星期五"


def test_full_date():
    assert full_date(dt.date(2026, 1, 1), "zh-CN") == "2026年1月1日"
    assert full_date(dt.date(2026, 1, 1), "en") == "1 January 2026"


# ---- occurrences in words ----

def test_time_label():
    timed = activity('time: "19:00-20:30"\ndate: 2026-10-18\n')
    assert time_label(make_occurrence(timed, dt.date(2026, 10, 18)), "zh-CN") == "19:00–20:30"
    all_day = activity("date: 2026-10-18\n")
    assert time_label(make_occurrence(all_day, dt.date(2026, 10, 18)), "zh-CN") == STRINGS["zh-CN"]["all_day"] == "全天"
    market = activity("date: 2026-12-12\nend_date: 2026-12-13\n")
    assert time_label(make_occurrence(market, dt.date(2026, 12, 12)), "zh-CN") == "12月12日 星期六 – 12月13日 星期日"


@pytest.mark.parametrize("day, name", [(1, "初一"), (2, "初二"), (10, "初十"), (11, "十一"), (15, "十五"),
                                       (20, "二十"), (21, "廿一"), (22, "廿二"), (29, "廿九"), (30, "三十")])
def test_lunar_day_names(day, name):
    assert lunar_day_name(day) == name


def test_every_language_has_the_same_strings():
    assert set(STRINGS["zh-CN"]) == set(STRINGS["en"])


def test_every_message_exists_in_both_languages_with_the_same_values():
    import string

    from sitegen.words import MESSAGES

    assert set(MESSAGES["zh-CN"]) == set(MESSAGES["en"])
    for key in MESSAGES["en"]:
        names = [{f for _, f, _, _ in string.Formatter().parse(MESSAGES[lang][key]) if f} for lang in MESSAGES]
        assert names[0] == names[1], key


def test_chinese_messages_use_chinese_punctuation_and_english_ones_english():
    import re

    from sitegen.words import MESSAGES

    for key, text in MESSAGES["zh-CN"].items():
        assert not re.search(r"[\u4e00-\u9fff][,;](?!\d)|[\u4e00-\u9fff] ?\((?![^)]*[a-z])", text), key
    for key, text in MESSAGES["en"].items():
        assert not re.search("[，。；（）？“”]", text), key


def test_message_falls_back_to_english_for_other_languages():
    from sitegen.words import message

    assert message("yaml_tab", "zh-CN").startswith("这一行用了 Tab 键缩进")
    assert message("yaml_tab", "en") == message("yaml_tab", "fr")
