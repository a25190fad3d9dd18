"""sitegen.config: site.yaml → SiteConfig; every mistake names its line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sitegen.config import HolidayConfig, SiteConfig, load_config
from sitegen.errors import ErrorCollector, SourceLocation


def config_from(tmp_path: Path, text: str) -> tuple[SiteConfig, ErrorCollector]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    errors = ErrorCollector()
    return load_config(tmp_path, errors), errors


def test_defaults(tmp_path):
    config, errors = config_from(tmp_path, "title: 青石街道\nbase_url: https://example.org/qingshi/\n")
    assert errors.problems == []
    assert config.title == "青石街道"
    assert config.base_url == "https://example.org/qingshi/"
    assert config.language == "zh-CN"
    assert config.timezone == "Asia/Shanghai"
    assert config.description == ""
    assert (config.stories_per_page, config.home_days, config.upcoming_weeks, config.feed_refresh_hours) == (10, 7, 4, 12)
    assert config.theme == "default"
    assert config.holidays == HolidayConfig()
    assert config.extra == {}


def test_every_documented_key(tmp_path):
    (tmp_path / "themes" / "plain").mkdir(parents=True)  # a theme of the site's own
    config, errors = config_from(tmp_path, (
        "title: t\ndescription: 活动日历\nbase_url: https://example.org/\nlanguage: en\n"
        "timezone: Europe/Berlin\nstories_per_page: 5\nhome_days: 3\nupcoming_weeks: 2\n"
        "feed_refresh_hours: 24\ntheme: plain\nextra:\n  hotline: 12345\n  list: [a, b]\n"))
    assert errors.problems == []
    assert config.language == "en" and config.timezone == "Europe/Berlin"
    assert (config.stories_per_page, config.home_days, config.upcoming_weeks, config.feed_refresh_hours) == (5, 3, 2, 24)
    assert config.theme == "plain" and config.description == "活动日历"
    assert config.extra == {"hotline": 12345, "list": ["a", "b"]}
    assert type(config.extra) is dict and type(config.extra["list"]) is list  # no location bookkeeping


def test_misspelt_key_names_its_line_and_suggests(tmp_path):
    _, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ntimezon: Asia/Shanghai\n")
    assert len(errors.errors) == 1
    problem = errors.errors[0]
    assert problem.location == SourceLocation("site.yaml", 3, 1)
    assert "“timezon”这个字段" in problem.message
    assert "是不是想写“timezone”" in problem.message
    assert str(problem).startswith("site.yaml:3:1: error:")


def test_unknown_key_without_near_miss(tmp_path):
    _, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ncolour_scheme: red\n")
    assert errors.errors[0].location.line == 3
    assert "是不是想写" not in errors.errors[0].message


def test_missing_title_and_base_url(tmp_path):
    config, errors = config_from(tmp_path, "language: zh-CN\n")
    messages = [p.message for p in errors.errors]
    assert any("缺少“title”" in m for m in messages)
    assert any("缺少“base_url”" in m for m in messages)
    assert config.base_url.endswith("/")


@pytest.mark.parametrize("url", ["example.org", "ftp://example.org/", "https://", "/qingshi/"])
def test_bad_base_url(tmp_path, url):
    _, errors = config_from(tmp_path, f"title: t\nbase_url: {url}\n")
    assert len(errors.errors) == 1
    assert errors.errors[0].location == SourceLocation("site.yaml", 2, 11)
    assert "base_url 必须是完整的网址" in errors.errors[0].message


def test_base_url_gets_a_trailing_slash(tmp_path):
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/centres\n")
    assert errors.problems == []
    assert config.base_url == "https://example.org/centres/"


@pytest.mark.parametrize("zone", ["Asia/Beijing", "CST", "asia/shanghai", "Shanghai"])
def test_bad_timezone(tmp_path, zone):
    config, errors = config_from(tmp_path, f"title: t\nbase_url: https://example.org/\ntimezone: {zone}\n")
    assert [p.location.line for p in errors.errors] == [3]
    assert f"不认识的时区“{zone}”" in errors.errors[0].message
    assert config.timezone == "Asia/Shanghai"


def test_timezone_that_names_a_region_folder_is_an_error_not_a_crash(tmp_path):
    # BUG: zoneinfo raises IsADirectoryError for 'Asia' (a folder of the tz database), which
    # config.is_time_zone does not catch, so load_config crashes instead of reporting line 3.
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ntimezone: Asia\n")
    assert [p.location.line for p in errors.errors] == [3]
    assert config.timezone == "Asia/Shanghai"


@pytest.mark.parametrize("language", ["zh", "zh-cn", "fr", "中文"])
def test_bad_language(tmp_path, language):
    config, errors = config_from(tmp_path, f"title: t\nbase_url: https://example.org/\nlanguage: {language}\n")
    assert len(errors.errors) == 1
    assert errors.errors[0].location.line == 3
    assert "language 只能是 zh-CN、en 之一" in errors.errors[0].message
    assert config.language == "zh-CN"


def test_number_out_of_range_and_not_a_number(tmp_path):
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\n"
                                           "stories_per_page: many\nhome_days: 99\n")
    assert [(p.location.line, p.location.column) for p in errors.errors] == [(3, 19), (4, 12)]
    assert config.stories_per_page == 10 and config.home_days == 7


def test_host_and_base_path(tmp_path):
    config, _ = config_from(tmp_path, "title: t\nbase_url: https://Example.org:8443/qingshi/\n")
    assert config.host == "example.org"
    assert config.base_path == "/qingshi/"
    root, _ = config_from(tmp_path, "title: t\nbase_url: https://example.org\n")
    assert root.host == "example.org" and root.base_path == "/"


def test_missing_site_yaml(tmp_path):
    errors = ErrorCollector()
    config = load_config(tmp_path, errors)
    assert len(errors.errors) == 1
    problem = errors.errors[0]
    assert problem.location == SourceLocation("site.yaml")
    assert "没有 site.yaml" in problem.message and str(tmp_path) in problem.message
    assert config.base_url == "http://localhost/"  # best-effort defaults, nothing else reported


def test_yaml_syntax_error_in_site_yaml_is_reported_not_raised(tmp_path):
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\nextra: [a,\n")
    assert len(errors.errors) == 1 and "方括号 [ ] 或花括号 { } 没有配对" in errors.errors[0].message
    assert errors.errors[0].location.src_path == "site.yaml" and errors.errors[0].location.line >= 3
    assert config.title == "sitegen"


def test_extra_must_be_a_block(tmp_path):
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\nextra: hello\n")
    assert errors.errors[0].location.line == 3
    assert config.extra == {}


def test_holidays_block(tmp_path):
    config, errors = config_from(tmp_path, (
        "title: t\nbase_url: https://example.org/\nholidays:\n"
        "  days_off:\n    2027-01-01: 元旦\n    2027-01-02:\n"
        "  workdays:\n    2027-02-07: 春节\n"
        "  school_vacations:\n    - {from: 2027-01-20, until: 2027-02-20, name: 寒假}\n"))
    assert errors.problems == []
    assert config.holidays.days_off == {dt.date(2027, 1, 1): "元旦", dt.date(2027, 1, 2): "放假"}
    assert config.holidays.workdays == {dt.date(2027, 2, 7): "春节"}
    vacation = config.holidays.school_vacations[0]
    assert (vacation.start, vacation.end, vacation.name) == (dt.date(2027, 1, 20), dt.date(2027, 2, 20), "寒假")


def test_holidays_mistakes(tmp_path):
    _, errors = config_from(tmp_path, (
        "title: t\nbase_url: https://example.org/\nholidays:\n"
        "  days_off:\n    2027-13-01: x\n    2027-01-01: 元旦\n"
        "  workdays:\n    2027-01-01: 上班\n"
        "  school_vacations:\n    - {from: 2027-02-20, until: 2027-01-20}\n"))
    lines = sorted(p.location.line for p in errors.errors)
    assert 5 in lines  # not a date
    assert 10 in lines  # until before from
    assert any("both as a day off and as a workday" in p.message for p in errors.errors)


def test_misspelt_theme_names_its_line_and_suggests_in_the_sites_language(tmp_path):
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\nlanguage: en\ntheme: defualt\n")
    assert [str(p) for p in errors.errors] == [
        "site.yaml:4:8: error: there is no theme 'defualt' (did you mean default?); themes: default"]
    assert config.theme == "default"  # the rest of the build is still checked with the bundled theme


def test_unknown_theme_in_a_chinese_site_says_where_to_put_ones_own(tmp_path):
    _, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ntheme: 红色主题\n")
    (problem,) = errors.errors
    assert problem.location == SourceLocation("site.yaml", 3, 8)
    assert "没有名为“红色主题”的主题" in problem.message and "themes/红色主题/" in problem.message
    assert "是不是" not in problem.message  # no near miss, no guess


def test_a_theme_folder_of_the_site_is_a_valid_theme(tmp_path):
    (tmp_path / "themes" / "festive" / "static").mkdir(parents=True)
    config, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ntheme: festive\n")
    assert errors.problems == [] and config.theme == "festive"
    _, errors = config_from(tmp_path, "title: t\nbase_url: https://example.org/\ntheme: festiv\n")
    assert "是不是要写 festive？" in errors.errors[0].message
