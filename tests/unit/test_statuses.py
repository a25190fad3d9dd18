"""What happened to an occurrence, from the expansion to the words and the days pages list it on:
recurrence records what a move changed, words name it, render puts "改期至 …" on the original day."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.build import load_site
from sitegen.errors import ErrorCollector
from sitegen.render import day_groups, month_days
from sitegen.words import short_date, status_labels

from .test_recurrence import BODY, d, run

BASIC = Path(__file__).resolve().parent.parent / "sites" / "basic"


def only_change(body: str):
    calendar, errors = run(BODY + body)
    assert errors.problems == []
    [change] = calendar.changes["c/a"]
    return change


def test_a_move_records_what_it_changed():
    assert only_change("move:\n  2026-05-30: 2026-06-06\n").changed == ("day",)
    assert only_change("move:\n  2026-05-30: {location: 二楼活动室}\n").changed == ("location",)
    assert only_change('move:\n  2026-05-30: {time: "18:00-19:30"}\n').changed == ("time",)
    assert only_change('move:\n  2026-05-30: {to: 2026-06-06, time: "18:00-19:30", location: 二楼}\n'
                       ).changed == ("day", "time", "location")
    same = only_change('move:\n  2026-05-30: {time: "19:00-20:30", location: 一楼多功能厅, reason: 照常}\n')
    assert same.changed == ()  # nothing differs from the rule: not said to be a change of time or place
    assert only_change("cancel:\n  2026-05-30: 检修\n").changed == ()


def test_rescheduled_means_moved_to_another_day():
    assert only_change("move:\n  2026-05-30: 2026-06-06\n").rescheduled
    assert not only_change("move:\n  2026-05-30: {location: 二楼活动室}\n").rescheduled
    assert not only_change("cancel:\n  2026-05-30: 检修\n").rescheduled


def test_status_words_in_both_languages():
    moved = only_change('move:\n  2026-05-30: {to: 2026-06-06, location: 二楼}\n')
    assert status_labels(moved, "zh-CN") == [("moved", "改期"), ("location", "地点调整")]
    assert status_labels(moved, "en") == [("moved", "Moved"), ("location", "New place")]
    retimed = only_change('move:\n  2026-05-30: {time: "18:00-19:30"}\n')
    assert status_labels(retimed, "zh-CN") == [("time", "时间调整")]
    cancelled = only_change("cancel:\n  2026-05-30: 检修\n")
    assert status_labels(cancelled, "zh-CN") == [("cancelled", "已取消")]
    assert status_labels(cancelled, "en") == [("cancelled", "Cancelled")]
    unchanged = only_change('move:\n  2026-05-30: {time: "19:00-20:30", location: 一楼多功能厅, reason: 照常}\n')
    assert status_labels(unchanged, "zh-CN") == [("changed", "有调整")]
    calendar, _ = run(BODY + "add:\n  2026-06-13: 加一场\n")
    [extra] = [o for o in calendar.for_activity("c/a") if o.extra]
    assert status_labels(extra, "zh-CN") == [("extra", "加场")]
    ordinary = calendar.for_activity("c/a")[0]
    assert status_labels(ordinary, "zh-CN") == []


def test_short_date_names_the_year_only_when_it_is_another():
    assert short_date(d("2026-12-05"), "zh-CN", d("2026-11-23")) == "12月5日"
    assert short_date(d("2027-01-05"), "zh-CN", d("2026-11-23")) == "2027年1月5日"
    assert short_date(d("2026-12-05"), "en", d("2026-11-23")) == "5 December"
    assert short_date(d("2027-01-05"), "en", d("2026-11-23")) == "5 January 2027"


def test_a_list_has_a_day_for_a_moved_away_note_even_when_nothing_else_is_on():
    calendar, _ = run(BODY + "move:\n  2026-05-30: 2026-06-06\n")
    moved = calendar.changes["c/a"][0]
    occurrences = [o for o in calendar.for_activity("c/a") if d("2026-05-01") <= o.day <= d("2026-06-30")]
    groups = day_groups(occurrences, None, [moved])
    assert [(day.isoformat(), len(items), len(away)) for day, items, away in groups] == [
        ("2026-05-30", 0, 1), ("2026-06-06", 1, 0), ("2026-06-27", 1, 0)]


def test_month_days_list_each_occurrence_once_and_every_day():
    calendar, _ = run(BODY + "move:\n  2026-05-30: 2026-06-06\n")
    moved = calendar.changes["c/a"][0]
    june = [o for o in calendar.for_activity("c/a") if o.day.month == 6]
    days = month_days(2026, 6, june, [])
    assert len(days) == 30 and days[0].day == d("2026-06-01")
    assert [m.day.day for m in days if not m.empty] == [6, 27]
    may = month_days(2026, 5, [], [moved])
    assert [(m.day.day, m.moved_away) for m in may if not m.empty] == [(30, (moved,))]


def test_month_days_show_a_multi_day_event_once_then_as_going_on():
    calendar, _ = run('date: 2026-05-30\nend_date: 2026-06-02\nlocation: 广场\n')
    [fair] = calendar.for_activity("c/a")
    assert (fair.day, fair.last_day) == (d("2026-05-30"), d("2026-06-02"))
    may, june = month_days(2026, 5, [fair]), month_days(2026, 6, [fair])
    assert [(m.day.day, len(m.occurrences), len(m.continuing)) for m in may if not m.empty] == [(30, 1, 0), (31, 0, 1)]
    assert [(m.day.day, len(m.occurrences), len(m.continuing)) for m in june if not m.empty] == [(1, 1, 0), (2, 0, 1)]


def test_moved_away_between_finds_the_original_days_in_a_span():
    site = load_site(BASIC, dt.date(2026, 11, 23), ErrorCollector())
    [concert] = site.moved_away_between(d("2026-11-28"), d("2026-11-28"))
    assert (concert.original_date, concert.day) == (d("2026-11-28"), d("2026-12-05"))
    assert site.moved_away_between(d("2026-11-29"), d("2026-12-31")) == []
    assert site.moved_away_between(d("2026-11-01"), d("2026-11-30"), []) == []
    centre = site.centre_of(concert.activity)
    assert site.moved_away_between(d("2026-11-01"), d("2026-11-30"), centre.activities) == [concert]
