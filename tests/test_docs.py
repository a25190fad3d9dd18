"""The examples in docs/ are real: they are built here exactly as written."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PIL import Image

from sitegen.build import build, load_site
from sitegen.errors import ErrorCollector
from sitegen.recurrence import series_dates

DOCS = Path(__file__).resolve().parent.parent / "docs"


def code_blocks(name: str, language: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


@pytest.fixture
def docs_site(tmp_path) -> Path:
    """A site made only of the documentation's examples."""
    site = tmp_path / "site"
    (site / "calendars").mkdir(parents=True)
    (site / "site.yaml").write_text(code_blocks("site.md", "yaml")[0], encoding="utf-8")
    (site / "calendars" / "chongdeyuan.yaml").write_text(code_blocks("schedules.md", "yaml")[0], encoding="utf-8")
    story = site / "content" / "stories" / "2026-10-concert"
    story.mkdir(parents=True)
    (story / "index.md").write_text(code_blocks("stories.md", "markdown")[0], encoding="utf-8")
    for photo in ("stage.jpg", "choir.jpg"):
        Image.new("RGB", (40, 30), "white").save(story / photo)
    return site


def test_documented_examples_build_into_a_site(docs_site, tmp_path):
    result = build(docs_site, tmp_path / "out", dt.date(2026, 5, 20))
    assert result.warnings == []
    out = tmp_path / "out"
    activity = (out / "centres/chongdeyuan/neighbourhood-concert/index.html").read_text(encoding="utf-8")
    assert "每月最后一个周六 19:00–20:30" in activity
    assert "多功能厅检修" in activity  # the documented move, with its reason
    assert not (out / "stories/chongdeyuan-concert-2026-10").exists()  # dated 2026-10-31: not yet online
    assert build(docs_site, out, dt.date(2026, 11, 1)).warnings == []
    story = (out / "stories/chongdeyuan-concert-2026-10/index.html").read_text(encoding="utf-8")
    assert "▲ 社区合唱团演唱《我和我的祖国》。" in story
    assert [p.name for p in (out / "stories/chongdeyuan-concert-2026-10").glob("choir-*.jpg")] != []


def test_documented_cancel_and_move_take_effect(docs_site):
    site = load_site(docs_site, dt.date(2026, 1, 1), ErrorCollector())
    occurrences = site.calendar.for_activity("chongdeyuan/neighbourhood-concert")
    by_original = {o.original_date: o for o in occurrences}
    assert by_original[dt.date(2026, 1, 31)].status == "cancelled"
    moved = by_original[dt.date(2026, 5, 30)]
    assert (moved.status, moved.day, moved.reason) == ("moved", dt.date(2026, 6, 6), "多功能厅检修")


def repeat_table_rows() -> list[tuple[str, str]]:
    text = (DOCS / "schedules.md").read_text(encoding="utf-8")
    section = text.split("## `repeat`", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\{every:[^`]*\})`[^|]*\| (.*?) \|$", section, flags=re.M)


# Each row of the documented repeat table, with the first dates from 2026-03-01 worked out by hand.
EXPECTED_FIRST_DATES = {
    "{every: day}": ["2026-03-01", "2026-03-02", "2026-03-03"],
    "{every: week, on: tuesday}": ["2026-03-03", "2026-03-10", "2026-03-17"],
    "{every: week, on: [mon, wed, fri]}": ["2026-03-02", "2026-03-04", "2026-03-06"],
    "{every: week, on: mon-fri}": ["2026-03-02", "2026-03-03", "2026-03-04"],
    "{every: week, on: saturday, interval: 2}": ["2026-03-07", "2026-03-21", "2026-04-04"],
    "{every: month, on: 15}": ["2026-03-15", "2026-04-15", "2026-05-15"],
    "{every: month, on: last saturday}": ["2026-03-28", "2026-04-25", "2026-05-30"],
    "{every: month, on: 2nd tuesday}": ["2026-03-10", "2026-04-14", "2026-05-12"],
    "{every: month, on: [1st saturday, 3rd saturday]}": ["2026-03-07", "2026-03-21", "2026-04-04"],
    "{every: year, on: 06-01}": ["2026-06-01", "2027-06-01", "2028-06-01"],
    # no holiday in early March 2026
    "{every: week, on: school days}": ["2026-03-02", "2026-03-03", "2026-03-04"],
    # lunar dates checked with lunar-python: 重阳 2026-10-18, 2027-10-08, 2028-10-26;
    # 正月十五 = 2026-03-03, 正月二十 = 03-08, 正月廿五 = 03-13
    "{every: year, on: 重阳}": ["2026-10-18", "2027-10-08", "2028-10-26"],
    "{every: lunar month, on: [5, 10, 15, 20, 25, 30]}": ["2026-03-03", "2026-03-08", "2026-03-13"],
}


def test_every_documented_repeat_form_is_tested():
    assert sorted(rule for rule, _ in repeat_table_rows()) == sorted(EXPECTED_FIRST_DATES)


@pytest.mark.parametrize("rule", sorted(EXPECTED_FIRST_DATES))
def test_documented_repeat_forms_expand_as_described(rule, tmp_path):
    site = tmp_path / "site"
    (site / "calendars").mkdir(parents=True)
    (site / "site.yaml").write_text("title: t\nbase_url: https://t.example/\n", encoding="utf-8")
    (site / "calendars" / "c.yaml").write_text(
        "centre: {id: c, name: 中心}\nactivities:\n"
        f"  - id: a\n    title: 活动\n    category: 其他\n    time: \"09:00-10:00\"\n"
        f"    repeat: {rule}\n    from: 2026-03-01\n", encoding="utf-8")
    loaded = load_site(site, dt.date(2026, 3, 1), ErrorCollector())
    plan = loaded.calendar.plans["c/a"]
    if plan.series:  # an RRULE series: its own first dates, skipped days left out
        series = plan.series[0]
        dates = [d.date() for d in series_dates(series.rule)[:10]]
        dates = [d.isoformat() for d in dates if d not in series.exdates][:3]
    else:  # dated events (lunar)
        dates = [o.day.isoformat() for _, o in plan.singles][:3]
    assert dates == EXPECTED_FIRST_DATES[rule]
    shown = [o.day.isoformat() for o in loaded.calendar.for_activity("c/a")]
    assert shown[:3] == dates[: len(shown[:3])] and shown
