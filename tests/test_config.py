"""site.yaml: typed, with defaults, and every mistake named with its line."""
from __future__ import annotations

import datetime as dt

from sitegen.config import DateRange, load_config
from sitegen.errors import ErrorCollector


def config_of(tmp_path, text):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    errors = ErrorCollector()
    return load_config(tmp_path, errors), [str(p) for p in errors.problems]


def test_defaults_and_derived_values(tmp_path):
    config, problems = config_of(tmp_path, "title: 站点\nbase_url: https://example.org/centres\n")
    assert problems == []
    assert (config.language, config.timezone, config.stories_per_page, config.feed_refresh_hours) == (
        "zh-CN", "Asia/Shanghai", 10, 12)
    assert config.base_url == "https://example.org/centres/"
    assert (config.host, config.base_path) == ("example.org", "/centres/")


def test_holidays_block(tmp_path):
    config, problems = config_of(tmp_path, (
        "title: t\nbase_url: https://t.example/\nholidays:\n  days_off: {2027-01-01: 元旦}\n"
        "  workdays: {2027-02-20: 春节调休}\n  school_vacations:\n"
        "    - {from: 2027-01-23, until: 2027-02-21, name: 寒假}\n"))
    assert problems == []
    assert config.holidays.days_off == {dt.date(2027, 1, 1): "元旦"}
    assert config.holidays.workdays == {dt.date(2027, 2, 20): "春节调休"}
    assert config.holidays.school_vacations == (DateRange(dt.date(2027, 1, 23), dt.date(2027, 2, 21), "寒假"),)
    assert config.holidays.years == {2027}


def test_every_mistake_at_once(tmp_path):
    _, problems = config_of(tmp_path, (
        "title: t\nbase_url: example.org\nlanguage: fr\ntimezone: Asia/Beijing\nhome_days: 99\n"
        "holidays:\n  school_vacations:\n    - {from: 2027-02-21, until: 2027-01-23}\n"))
    assert problems == [
        # no valid 'language:' line: site.yaml's own mistakes are worded in Chinese, the default
        "site.yaml:2:11: error: base_url 必须是完整的网址，例如 https://example.org/centres/，而不是“example.org”。",
        "site.yaml:3:11: error: language 只能是 zh-CN、en 之一，而不是“fr”。",
        "site.yaml:4:11: error: 不认识的时区“Asia/Beijing”；请写 Asia/Shanghai 这样的 IANA 名称。",
        "site.yaml:5:12: error: “home_days”应当在 1 到 31 之间，而不是 99。",
        "site.yaml:8:33: error: “until”（2027-01-23）早于“from”（2027-02-21）；请检查这两个日期。",
    ]
