"""The stale-schedule guard: an open-ended series nobody has confirmed for six months (by the
schedule's updated:, or without it its from:) warns with its file:line unless it has a review_by:
still to come; a review_by: in the past warns too; 'sitegen check' lists them in a section."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.site import months_before

BASE = Path(__file__).parent / "sites" / "invalid" / "_base"
EXAMPLE = Path(__file__).resolve().parent.parent

CENTRE = "centre:\n  id: base\n  name: 基础中心\n{updated}activities:\n"
SERIES = ("  - id: haircut\n    title: 爱心义剪\n    category: 便民服务\n    time: \"09:00-11:00\"\n"
          "    repeat: {{every: week, on: tuesday}}\n    from: {start}\n{extra}")


def site_with(tmp_path: Path, updated: str = "", start: str = "2026-01-06", extra: str = "",
              top: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(BASE, site)
    (site / "calendars" / "base.yaml").write_text(
        top + CENTRE.format(updated=updated) + SERIES.format(start=start, extra=extra), encoding="utf-8")
    return site


def check(site: Path, today: str, capsys) -> tuple[int, str, str]:
    status = main(["--site", str(site), "check", "--today", today])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("day, months, expected", [
    ("2026-11-23", 6, "2026-05-23"), ("2026-08-31", 6, "2026-02-28"), ("2026-03-31", 6, "2025-09-30"),
    ("2026-01-15", 1, "2025-12-15"),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_updated_more_than_six_months_ago_warns_with_the_series_line(tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-05-01\n")
    status, out, err = check(site, "2026-11-02", capsys)
    assert status == 0
    assert ("calendars/base.yaml:6:5: warning: 系列活动“爱心义剪”（haircut）没有结束日期 until，"
            "而这份日程的 updated: 2026-05-01 已超过六个月") in err
    assert "需要核对的系列活动（1 项）：" in out
    assert "calendars/base.yaml:6:5  base / 爱心义剪：updated 2026-05-01 已超过六个月，没有 until 或 review_by" in out


def test_exactly_six_months_is_not_stale_yet(tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-05-01\n")
    status, out, err = check(site, "2026-11-01", capsys)
    assert "六个月" not in err and "需要核对" not in out


@pytest.mark.parametrize("extra", ["    until: 2027-06-30\n", "    review_by: 2027-01-31\n"])
def test_an_end_or_a_review_date_to_come_keeps_it_quiet(extra, tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-01-01\n", extra=extra)
    status, out, err = check(site, "2026-11-23", capsys)
    assert status == 0 and "warning" not in err and "需要核对" not in out


def test_a_review_date_in_the_past_warns(tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-11-01\n", extra="    review_by: 2026-11-20\n")
    status, out, err = check(site, "2026-11-23", capsys)
    assert ("calendars/base.yaml:6:5: warning: 活动“爱心义剪”（haircut）的核对日期 review_by: 2026-11-20 已过；"
            "请核对这项活动，然后把 review_by 改成下次核对的日期") in err
    assert "base / 爱心义剪：review_by 2026-11-20 已过" in out


def test_without_updated_six_months_count_from_the_series_start(tmp_path, capsys):
    _, out, err = check(site_with(tmp_path / "old", start="2026-03-03"), "2026-11-23", capsys)
    assert ("calendars/base.yaml:5:5: warning: 系列活动“爱心义剪”（haircut）从 2026-03-03 起没有结束日期 until，"
            "已超过六个月没有核对") in err
    assert "从 2026-03-03 起没有结束日期，文件里没有 updated" in out
    _, out, err = check(site_with(tmp_path / "new", start="2026-09-01"), "2026-11-23", capsys)
    assert "warning" not in err  # a new site is not nagged


def test_updated_at_the_top_of_the_file_counts_too(tmp_path, capsys):
    site = site_with(tmp_path, top="updated: 2026-11-01\n")
    status, _, err = check(site, "2026-11-23", capsys)
    assert status == 0 and "warning" not in err


def test_updated_written_twice_is_an_error(tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-11-01\n", top="updated: 2026-10-01\n")
    status, _, err = check(site, "2026-11-23", capsys)
    assert status == 1
    assert "calendars/base.yaml:1:10: error: updated 写了两次（文件开头和 centre: 下）；只保留 centre: 下的一个" in err


def test_review_by_must_be_a_date_and_spelt_right(tmp_path, capsys):
    site = site_with(tmp_path, updated="  updated: 2026-11-01\n",
                     extra="    review_by: next year\n    reveiw_by: 2027-01-01\n")
    status, _, err = check(site, "2026-11-23", capsys)
    assert status == 1
    assert "calendars/base.yaml:12:16: error: “review_by”的值“next year”不是日期" in err
    assert "calendars/base.yaml:13:5: error: 活动“haircut”里没有“reveiw_by”这个字段（是不是想写“review_by”？）" in err


def test_the_example_site_is_quiet_now_and_lists_its_open_series_next_summer(capsys):
    status, out, err = check(EXAMPLE, "2026-11-23", capsys)
    assert status == 0 and "需要核对" not in out and "六个月" not in err
    status, out, err = check(EXAMPLE, "2027-06-01", capsys)
    assert status == 0
    heading = next(line for line in out.splitlines() if line.startswith("需要核对的系列活动"))
    listed = [line for line in out.splitlines() if line.startswith("  calendars/")]
    assert heading == f"需要核对的系列活动（{len(listed)} 项）：" and len(listed) >= 10
    assert any("calendars/qingshi.yaml:15:5  qingshi / 书记轮值接待日：updated 2026-11-15" in line for line in listed)
