"""Feeds read by two independent clients (ical.js as in Thunderbird, recurring-ical-events) give
the same occurrences as sitegen's own expansion, which the HTML pages print.

Runs over every feed of tests/sites/basic and of a site in a daylight-saving zone.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sitegen.build import build, load_site
from sitegen.errors import ErrorCollector

from calendar_clients import expand_with_icaljs, expand_with_recurring_ical_events

SITES = Path(__file__).parent / "sites"
TODAY = dt.date(2026, 3, 2)
FIRST = dt.date(2026, 1, 1)
LAST = FIRST + dt.timedelta(days=400)  # within the build window of own_expansion

BERLIN_SCHEDULE = """
centre: {id: berlin, name: Nachbarschaftszentrum, timezone: Europe/Berlin, updated: 2026-02-01}
activities:
  - id: choir
    title: Chor
    category: Kultur
    time: "19:00-20:30"
    repeat: {every: week, on: [sunday, wednesday]}
    from: 2026-03-01
    until: 2026-11-30
    cancel: {2026-03-29: Zeitumstellung}
    move: {2026-10-25: {to: 2026-10-26, time: "18:00-19:30", reason: Raum belegt}}
  - id: fair
    title: Markt
    category: Kultur
    date: 2026-10-24
    end_date: 2026-10-25
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("clients")
    basic = root / "basic"
    shutil.copytree(SITES / "basic", basic)
    berlin = root / "berlin"
    (berlin / "calendars").mkdir(parents=True)
    (berlin / "site.yaml").write_text("title: Berlin\nbase_url: https://berlin.example.org/\nlanguage: en\n"
                                      "timezone: Europe/Berlin\n", encoding="utf-8")
    (berlin / "calendars" / "berlin.yaml").write_text(BERLIN_SCHEDULE, encoding="utf-8")
    built = {}
    for site in (basic, berlin):
        build(site, root / f"{site.name}-out", TODAY)
        built[site.name] = (site, root / f"{site.name}-out")
    return built


def own_expansion(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    """sitegen's occurrences per activity over [FIRST, LAST], as (uid, start, status)."""
    loaded = load_site(site, FIRST + dt.timedelta(days=31), ErrorCollector())
    host = loaded.config.host
    result: dict[str, list] = {}
    for o in loaded.calendar.occurrences:
        if o.day <= LAST and o.last_day >= FIRST:
            a = o.activity
            status = "CANCELLED" if o.cancelled else "CONFIRMED"
            result.setdefault(a.key, []).append((f"{a.id}.{a.centre_id}@{host}", o.start.isoformat(), status))
    return result


@pytest.mark.parametrize("name", ["basic", "berlin"])
def test_both_clients_agree_with_sitegen_on_every_feed(sites, name):
    site, out = sites[name]
    ours = own_expansion(site)
    feeds = sorted(f for f in (out / "feeds").rglob("*.ics") if "events" not in f.parts)
    assert feeds
    for feed in feeds:
        by_icaljs = expand_with_icaljs(feed, FIRST, LAST)
        by_ric = expand_with_recurring_ical_events(feed, FIRST, LAST)
        assert by_icaljs == by_ric, feed
        uids = {uid for uid, _, _ in by_ric}
        expected = sorted(o for key, items in ours.items() for o in items if o[0] in uids)
        assert by_ric == expected, feed


def test_dst_site_keeps_wall_clock_times(sites):
    _, out = sites["berlin"]
    starts = [s for uid, s, _ in expand_with_icaljs(out / "feeds/activities/berlin/choir.ics", FIRST, LAST)]
    assert "2026-03-25T19:00:00+01:00" in starts  # before the change to summer time
    assert "2026-04-01T19:00:00+02:00" in starts  # after it: still 19:00 local
    assert "2026-10-26T18:00:00+01:00" in starts  # moved, after the change back
    assert not any(s.startswith("2026-10-25") for s in starts)
    assert all(s[11:16] in ("19:00", "18:00") for s in starts)


def test_cancelled_occurrence_is_an_override_both_clients_mark_cancelled(sites):
    _, out = sites["berlin"]
    feed = out / "feeds/activities/berlin/choir.ics"
    for expand in (expand_with_icaljs, expand_with_recurring_ical_events):
        cancelled = [s for _, s, status in expand(feed, FIRST, LAST) if status == "CANCELLED"]
        assert cancelled == ["2026-03-29T19:00:00+02:00"]


def test_start_in_a_daylight_saving_gap_is_warned_about(tmp_path):
    """ical.js reads 02:30 on 2026-03-29 in Berlin as 02:30+02:00, Python as 02:30+01:00: warn."""
    site = tmp_path / "site"
    (site / "calendars").mkdir(parents=True)
    (site / "site.yaml").write_text("title: B\nbase_url: https://b.example.org/\ntimezone: Europe/Berlin\n",
                                    encoding="utf-8")
    (site / "calendars" / "b.yaml").write_text(
        "centre: {id: b, name: B}\nactivities:\n  - id: early\n    title: Frühsport\n    category: Sport\n"
        "    time: \"02:30-03:30\"\n    repeat: {every: month, on: last sunday}\n    from: 2026-01-01\n",
        encoding="utf-8")
    errors = ErrorCollector()
    load_site(site, TODAY, errors)
    assert [str(p) for p in errors.warnings] == [
        "calendars/b.yaml:3:5: warning: 'early' starts at 02:30 on 2026-03-29, when the clocks change for "
        "daylight saving time; calendar apps disagree about such times, so choose a start outside 01:00–03:59"
    ]


def test_room_conflicts_are_warned_once_per_pair(tmp_path):
    site = tmp_path / "site"
    (site / "calendars").mkdir(parents=True)
    (site / "site.yaml").write_text("title: R\nbase_url: https://r.example.org/\n", encoding="utf-8")
    (site / "calendars" / "r.yaml").write_text(
        "centre: {id: r, name: R}\nactivities:\n"
        "  - {id: dance, title: 舞蹈, category: 文化, location: 多功能厅, time: \"15:00-16:30\", "
        "repeat: {every: week, on: monday}, from: 2026-03-01}\n"
        "  - {id: choir, title: 合唱, category: 文化, location: 多功能厅, time: \"16:00-17:00\", "
        "repeat: {every: week, on: [monday, friday]}, from: 2026-03-01}\n"
        "  - {id: chess, title: 棋牌, category: 文化, location: 棋牌室, time: \"15:00-17:00\", "
        "repeat: {every: week, on: monday}, from: 2026-03-01}\n"
        "  - {id: knit, title: 编织, category: 文化, location: 多功能厅, time: \"16:30-18:00\", "
        "repeat: {every: week, on: monday}, from: 2026-03-01}\n",
        encoding="utf-8")
    errors = ErrorCollector()
    load_site(site, dt.date(2026, 3, 1), errors)
    assert [str(p) for p in errors.warnings] == [
        "calendars/r.yaml:4:5: warning: 'choir' and 'dance' both use 多功能厅 on 2026-03-02 (15:00–16:30 and "
        "16:00–17:00); move one of them or give it another room",
        "calendars/r.yaml:6:5: warning: 'knit' and 'choir' both use 多功能厅 on 2026-03-02 (16:00–17:00 and "
        "16:30–18:00); move one of them or give it another room",
    ]


EXAMPLE = Path(__file__).resolve().parent.parent  # the example site at the repository root
EXAMPLE_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    build(EXAMPLE, out, EXAMPLE_TODAY)
    return load_site(EXAMPLE, EXAMPLE_TODAY, ErrorCollector()), out


def merged(feed: Path, downloads: list[Path], into: Path) -> Path:
    """One calendar holding a subscribed feed and 'add this one' downloads, as a resident who has
    both ends up with (the downloads' VEVENTs added; their VTIMEZONE is the feed's own)."""
    text = feed.read_text(encoding="utf-8")
    events = ""
    for download in downloads:
        added = download.read_text(encoding="utf-8")
        events += added[added.index("BEGIN:VEVENT"): added.rindex("END:VEVENT")] + "END:VEVENT\r\n"
    end = text.rindex("END:VCALENDAR")
    into.write_text(text[:end] + events + text[end:], encoding="utf-8", newline="")
    return into


def test_adding_one_date_to_a_subscribed_calendar_never_makes_a_duplicate(example_site, tmp_path):
    """The whole site's feed plus every 'add this one' download, read by both clients, holds exactly
    the events of the feed alone: each added date is the feed's own event, once."""
    site, out = example_site
    occurrences = site.downloadable_occurrences()
    feed = out / site.site_feed_url()
    both = merged(feed, [out / site.occurrence_ics_url(o) for o in occurrences], tmp_path / "both.ics")
    first = min(o.day for o in occurrences)
    last = max(o.last_day for o in occurrences)
    plans = site.calendar.plans
    kinds = {("moved" if o.moved else "series" if plans[o.activity.key].series and not o.extra else "dated")
             for o in occurrences}
    assert kinds == {"moved", "series", "dated"}  # instances of series, moved ones, one-offs and extras
    for expand in (expand_with_recurring_ical_events, expand_with_icaljs):
        alone = set(expand(feed, first, last))
        together = set(expand(both, first, last))
        assert together == alone, expand.__name__
        for occurrence in occurrences:
            prefix = f"{occurrence.activity.id}.{occurrence.activity.centre_id}"
            same = [e for e in together if e[0].startswith(prefix) and e[1] == occurrence.start.isoformat()]
            assert len(same) == 1, (occurrence, expand.__name__, same)
