"""'sitegen report': sessions held, planned and cancelled and attendance (人次) per centre, activity,
category, audience and month, counted from the same expansion as the site, over the whole year."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.report import load_report, report_csv, report_html, year_window

SITE = Path(__file__).parent / "sites" / "report"
END = dt.date(2026, 12, 31)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def year_end():
    report, warnings = load_report(SITE, 2026, END)
    assert warnings == []
    return report


def test_the_window_is_the_whole_year():
    window = year_window(2026)
    assert (window.start, window.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_cancelled_moved_and_extra_sessions_are_counted_once_where_they_happened(year_end):
    """9 Tuesdays 11-03…12-29: 11-10 cancelled, 11-24 moved into December, 12-29 moved into 2027,
    plus an extra session on 12-31."""
    club = {r["activity"]: r for r in rows_of(report_csv(year_end))}["club"]
    assert (club["held"], club["cancelled"], club["planned"]) == ("8", "1", "0")
    assert (club["2026-11"], club["2026-12"]) == ("2", "6")
    assert club["attendance"] == "133"  # 20 + 83 + 30


def test_csv_header_and_rows_use_ids(year_end):
    text = report_csv(year_end)
    assert text.splitlines()[0] == ("centre,activity,title,category,audience,held,cancelled,planned,attendance,"
                                    + ",".join(f"2026-{m:02d}" for m in range(1, 13)))
    rows = rows_of(text)
    assert [(r["centre"], r["activity"]) for r in rows] == [("a", "club"), ("b", "talk"), ("b", "fair")]
    talk = rows[1]
    assert (talk["title"], talk["category"], talk["audience"]) == ("健康讲座", "健康服务", "老年人、全体居民")
    assert (talk["held"], talk["cancelled"], talk["attendance"], talk["2026-02"]) == ("11", "1", "85", "0")
    assert rows[2]["2026-06"] == "1"  # a two-day fair is one session
    # an activity that only starts next year is not a row of this year's report
    assert "next-year" not in text


def test_sessions_after_today_are_planned_not_held():
    report, _ = load_report(SITE, 2026, dt.date(2026, 6, 30))
    talk = {r["activity"]: r for r in rows_of(report_csv(report))}["talk"]
    assert (talk["held"], talk["planned"], talk["cancelled"]) == ("5", "6", "1")


def test_totals_per_centre_category_audience_and_month(year_end):
    assert (year_end.total.held, year_end.total.cancelled, year_end.total.people) == (20, 2, 518)
    by_centre = {name: (c.held, c.people, n) for name, c, n in year_end.by("centre")}
    assert by_centre == {"甲社区党群服务中心": (8, 133, 1), "乙社区党群服务中心": (12, 385, 2)}
    by_category = {name: c.held for name, c, _ in year_end.by("category")}
    assert by_category == {"文化活动": 8, "健康服务": 11, "便民服务": 1}
    by_audience = {name: c.held for name, c, _ in year_end.by("audience")}
    assert by_audience == {"老年人": 19, "全体居民": 11, "（无）": 1}
    months = year_end.month_totals()
    assert [m.held for m in months] == [1, 0, 1, 1, 1, 2, 1, 1, 1, 1, 3, 7]
    assert months[5].people == 300


class _Tables(HTMLParser):
    """Every table as rows of cell texts; fails on a closing tag that does not match."""

    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.cell = [], [], None
        self.lang = None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("meta", "br"):
            return
        self.stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_html_parses_prints_on_a4_and_has_the_totals(year_end):
    page = report_html(year_end)
    parser = _Tables()
    parser.feed(page)
    assert parser.stack == [] and parser.lang == "zh-CN"
    assert "size: A4" in page and "display: table-header-group" in page
    assert "<h1>报表测试街道 2026 年活动统计</h1>" in page
    summary, by_centre, by_category, by_audience, by_month, by_activity = parser.tables
    assert summary == [["活动数", "已举办（场）", "取消（场）", "计划（场）", "人次"], ["3", "20", "2", "0", "518"]]
    assert ["甲社区党群服务中心", "1", "8", "1", "0", "133"] in by_centre
    assert by_centre[1] == ["合计", "3", "20", "2", "0", "518"]  # tfoot comes right after thead
    assert ["12月", "7", "0", "0", "30"] in by_month
    assert ["乙社区党群服务中心", "便民集市", "便民服务", "", "1", "0", "0", "300"] in by_activity


def test_an_english_site_gets_an_english_report(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("zh-CN", "en"), encoding="utf-8")
    report, _ = load_report(site, 2026, END)
    page = report_html(report)
    assert '<html lang="en">' in page and "<th scope=\"col\">Centre</th>" in page and "December" in page


def test_cli_writes_the_csv_beside_the_site_and_says_where(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert main(["--site", str(site), "report", "--year", "2026", "--today", "2026-12-31"]) == 0
    path = site / "report-2026.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcentre,activity,")  # BOM: Excel reads UTF-8
    out = capsys.readouterr().out
    assert f"2026 年报表（3 项活动，举办 20 场，取消 2 场，518 人次）已写入 {path}" in out


def test_cli_html_from_the_suffix_and_csv_to_the_screen(tmp_path, capsys):
    target = tmp_path / "年报.html"
    assert main(["--site", str(SITE), "report", "--year", "2026", "--today", "2026-12-31",
                 "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["--site", str(SITE), "report", "--year", "2026", "--today", "2026-12-31", "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("centre,activity,title,")


def test_the_report_never_goes_into_output(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert main(["--site", str(site), "report", "--year", "2026", "--out", str(site / "output" / "r.csv")]) == 1
    assert "报表不公开发布，不能写进" in capsys.readouterr().err
    assert not (site / "output").exists()


@pytest.mark.parametrize("entry, expected", [
    ("2026-11-10: 12", "calendars/a.yaml:23:7: error: “club”在 2026-11-10 已取消，不能登记人数"),
    ("2026-11-24: 12", "calendars/a.yaml:23:7: error: “club”在 2026-11-24 没有举办，不能登记人数；"
                       "最近的举办日期：2026-11-17、2026-12-01"),
    ("2026-11-04: 12", "calendars/a.yaml:23:7: error: “club”在 2026-11-04 没有举办"),
    ("2026-11-03: -5", "calendars/a.yaml:23:19: error: 2026-11-03 的人数要写一个不小于 0 的整数"),
    ("2026-11-03: 很多", "calendars/a.yaml:23:19: error: 2026-11-03 的人数要写一个不小于 0 的整数"),
    ("2026-13-03: 5", "calendars/a.yaml:23:7: error: “2026-13-03”不是日期：没有 13 月"),
])
def test_attendance_must_be_a_number_for_a_day_held(entry, expected, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    path = site / "calendars" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-03: 20", entry), encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", "2026-12-31"]) == 1
    assert expected in capsys.readouterr().err
    assert main(["--site", str(site), "report", "--year", "2026"]) == 1  # the report stops too
    assert not (site / "report-2026.csv").exists()


def test_a_misspelt_attendance_field_gets_a_suggestion(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    path = site / "calendars" / "b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    attendance: {2026-06", "    attendence: {2026-06"),
                    encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", "2026-12-31"]) == 1
    assert "calendars/b.yaml:21:5: error: 活动“fair”里没有“attendence”这个字段（是不是想写“attendance”？）" \
        in capsys.readouterr().err


def test_attendance_on_a_day_still_to_come_warns(capsys):
    assert main(["--site", str(SITE), "check", "--today", "2026-11-20"]) == 0
    assert ("calendars/a.yaml:25:7: warning: 2026-12-02 还没到（今天是 2026-11-20），却登记了人数；"
            "年份或日期写错了吗？") in capsys.readouterr().err


@pytest.mark.parametrize("year", ["0", "26", "二〇二六"])
def test_a_year_that_is_not_a_year_is_a_usage_error(year, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--site", str(SITE), "report", "--year", year])
    assert exit_info.value.code == 2
    assert f"'{year}' is not a year; write four digits, e.g. 2026" in capsys.readouterr().err
