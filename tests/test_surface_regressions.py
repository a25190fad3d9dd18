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


def test_an_extra_date_after_a_change_takes_the_new_time_and_room_even_without_a_rule_date_after_it(tmp_path: Path):
    """Every third Friday until 03-29, changed from 03-20 to 09:00 in 一楼, and an extra date on
    03-25: the rule has no Friday between 03-20 and 03-29, and the extra date kept 14:30 in 二楼."""
    today = dt.date(2026, 1, 26)
    write_site(tmp_path, [{"id": "a1", "title": "活动1", "category": "测试", "time": "14:30-16:00",
                           "location": "二楼活动室", "repeat": {"every": "week", "on": ["fri"], "interval": 3},
                           "from": dt.date(2025, 11, 23), "until": dt.date(2026, 3, 29),
                           "change": [{"from": dt.date(2026, 3, 20), "time": "09:00-10:30", "location": "一楼多功能厅"}],
                           "add": {dt.date(2026, 3, 25): "加场原因"}}])
    _, files = build_in_memory(tmp_path, today)
    found, _ = read_day_boxes(files, "calendar/2026-03/", "li.mday", True, [])
    assert (dt.date(2026, 3, 25), "09:00", "一楼多功能厅", ("加场",), dt.date(2026, 3, 25)) in found["a1"]
    feed = files["feeds/activities/c/a1.ics"].decode()
    assert "DTSTART;TZID=Asia/Shanghai:20260325T090000" in feed
