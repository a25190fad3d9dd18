"""Disagreements between surfaces found by the property test (tests/test_property_surfaces.py),
each kept as the smallest schedule that showed it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_property_surfaces import build_in_memory, page, read_activity_page, read_day_boxes, text, write_site


def test_a_session_moved_earlier_with_nothing_after_it_keeps_its_note_on_the_activity_page(tmp_path: Path):
    """The last session (01-27) moved forward to 01-21, before today (01-26): the activity page
    said "no coming dates" while the upcoming page said "01-27 改期至 1月21日"."""
    today = dt.date(2026, 1, 26)
    write_site(tmp_path, [{"id": "a1", "title": "活动1", "category": "测试", "time": "14:30-16:00",
                           "repeat": {"every": "month", "on": "last tue"}, "from": dt.date(2025, 11, 24),
                           "until": dt.date(2026, 2, 28),  # and 02-24 paused: 01-27 was the last
                           "pause": [{"from": dt.date(2026, 2, 21), "until": dt.date(2026, 3, 6), "reason": "暂停"}],
                           "move": {dt.date(2026, 1, 27): {"to": dt.date(2026, 1, 21), "reason": "改期原因"}}}])
    _, files = build_in_memory(tmp_path, today)
    _, upcoming_away = read_day_boxes(files, "upcoming/", "section.day", True, [])
    assert upcoming_away["a1"] == [(dt.date(2026, 1, 27), dt.date(2026, 1, 21))]
    items, away = read_activity_page(files, "centres/c/a1/", [])
    assert items == []
    assert away == [(dt.date(2026, 1, 27), dt.date(2026, 1, 21))]
    assert "改期至 1月21日" in text(page(files, "centres/c/a1/").select_one(".next-dates"))
