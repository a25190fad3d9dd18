"""Expansion rules that the corpus does not show: errors about changes, and reversed input."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sitegen.build import load_site
from sitegen.errors import BuildFailed, ErrorCollector

BASIC = Path(__file__).parent / "sites" / "basic"


def site_with(tmp_path, activities: str, today=dt.date(2026, 1, 1)):
    site = tmp_path / "site"
    (site / "calendars").mkdir(parents=True)
    (site / "site.yaml").write_text("title: t\nbase_url: https://t.example/\nlanguage: en\n", encoding="utf-8")
    (site / "calendars" / "c.yaml").write_text("centre: {id: c, name: 中心}\nactivities:\n" + activities,
                                               encoding="utf-8")
    errors = ErrorCollector()
    try:
        return load_site(site, today, errors), [str(p) for p in errors.problems]
    except BuildFailed as failure:
        return None, [str(p) for p in failure.problems]


WEEKLY = ("  - id: a\n    title: 活动\n    category: 文化\n    time: \"10:00-11:00\"\n"
          "    repeat: {every: week, on: thursday}\n    from: 2025-12-01\n")


def test_cancelling_a_skipped_holiday_is_an_error_not_a_double_change(tmp_path):
    _, problems = site_with(tmp_path, WEEKLY + "    skip: holidays\n    cancel: {2026-01-01: 元旦}\n")
    assert "calendars/c.yaml:10:14: error: 2026-01-01 is already left out (New Year's Day); remove it from 'cancel'/'move'" in problems  # an English site names holidays in English


def test_extra_date_on_an_existing_occurrence_is_an_error(tmp_path):
    _, problems = site_with(tmp_path, WEEKLY + "    add: {2026-01-08: 加场}\n")
    assert ("calendars/c.yaml:9:11: error: 'a' already happens on 2026-01-08; remove this extra date or use 'move'"
            in problems)


def test_a_series_that_never_happens(tmp_path):
    _, problems = site_with(tmp_path, WEEKLY.replace("from: 2025-12-01", "from: 2026-01-02\n    until: 2026-01-07"))
    assert problems and "activity 'a' never happens" in problems[0]


def test_reversed_activities_expand_to_the_same_occurrences(tmp_path):
    text = (BASIC / "calendars" / "cdy.yaml").read_text(encoding="utf-8")
    head, body = text.split("activities:\n")
    blocks = ["  - id:" + b for b in body.split("  - id:")[1:]]
    forward = tmp_path / "forward"
    backward = tmp_path / "backward"
    for target, order in ((forward, blocks), (backward, list(reversed(blocks)))):
        shutil.copytree(BASIC, target)
        (target / "calendars" / "cdy.yaml").write_text(head + "activities:\n" + "".join(order), encoding="utf-8")
    today = dt.date(2026, 11, 23)
    one = load_site(forward, today, ErrorCollector()).calendar
    two = load_site(backward, today, ErrorCollector()).calendar
    assert [(o.activity_key, o.start, o.status) for o in one.occurrences] == [
        (o.activity_key, o.start, o.status) for o in two.occurrences]
    assert len(one.occurrences) > 50
