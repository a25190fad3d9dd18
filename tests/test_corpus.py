"""The tricky-schedule corpus (tests/corpus/*.yaml): each case's dates were worked out by hand or
from an independent source (see the comment at the top of each file).

Every case is checked three ways: sitegen's own expansion (what pages show), and the case's feed
expanded by recurring-ical-events and by Mozilla's ical.js. The whole corpus is also built as one
site with the activities in reverse order, which must give byte-identical feeds.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sitegen.build import build, load_site
from sitegen.config import _plain
from sitegen.errors import ErrorCollector
from sitegen.yamlsource import load_yaml

from calendar_clients import expand_with_icaljs, expand_with_recurring_ical_events

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


def load_case(name: str) -> dict:
    """Read with sitegen's own loader: plain PyYAML would turn the key 'on' into True."""
    path = CORPUS / f"{name}.yaml"
    return _plain(load_yaml(path.read_text(encoding="utf-8"), path.name, ErrorCollector()))


def write_site(root: Path, cases: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    site_holidays = {}
    activities = []
    for name in cases:
        case = load_case(name)
        for key, value in (case.get("site_holidays") or {}).items():
            site_holidays.setdefault(key, []).extend(value)
        activity = {"id": name, "title": name, "category": "测试", **case["activity"]}
        activities.append(activity)
    config = {"title": "corpus", "base_url": "https://corpus.example.org/"}
    if site_holidays:
        config["holidays"] = site_holidays
    (root / "calendars").mkdir(exist_ok=True)
    (root / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    centre = {"centre": {"id": "c", "name": "测试中心", "updated": dt.date(2026, 1, 1)}, "activities": activities}
    zones = {load_case(name).get("timezone") for name in cases} - {None}
    if zones:  # one zone per site: cases with their own zone are built on their own
        centre["centre"]["timezone"] = zones.pop()
    (root / "calendars" / "c.yaml").write_text(yaml.safe_dump(centre, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    return root


def as_local(value) -> str:
    return value.isoformat() if not isinstance(value, dt.datetime) else value.strftime("%Y-%m-%dT%H:%M")


def expected(case: dict, key: str = "expected") -> list[str]:
    return [v.isoformat() if isinstance(v, dt.date) else str(v) for v in case.get(key, [])]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each case as its own site, built with --today at the start of its window."""
    result = {}
    for name in CASES:
        case = load_case(name)
        root = write_site(tmp_path_factory.mktemp(name) / "site", [name])
        first = case["window"][0]
        build(root, root.parent / "out", first)
        site = load_site(root, first, ErrorCollector())
        result[name] = (case, site, root.parent / "out" / "feeds" / "activities" / "c" / f"{name}.ics")
    return result


@pytest.mark.parametrize("name", CASES)
def test_sitegen_expansion_matches_hand_worked_dates(built, name):
    case, site, _ = built[name]
    first, last = case["window"]
    shown = [o for o in site.calendar.for_activity(f"c/{name}") if first <= o.day <= last]
    pages_end = site.calendar.window.end.isoformat()  # pages show ~13 months; feeds reach further
    assert [as_local(o.start) for o in shown if not o.cancelled] == [
        d for d in expected(case) if d[:10] <= pages_end]
    assert [as_local(o.start) for o in shown if o.cancelled] == [
        d for d in expected(case, "expected_cancelled") if d[:10] <= pages_end]
    if "expected_hosts" in case:
        assert [o.host for o in shown] == case["expected_hosts"]
    if "expected_utc" in case:
        utc = [o.start.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M") for o in shown]
        assert utc == [str(v) for v in case["expected_utc"]]


@pytest.mark.parametrize("name", CASES)
def test_both_clients_read_the_feed_as_hand_worked(built, name):
    case, _, feed = built[name]
    first, last = case["window"]
    for expand in (expand_with_recurring_ical_events, expand_with_icaljs):
        events = expand(feed, first, last)
        starts = sorted(start[:16] for _, start, status in events if status != "CANCELLED")
        cancelled = sorted(start[:16] for _, start, status in events if status == "CANCELLED")
        assert starts == sorted(expected(case)), expand.__name__
        assert cancelled == sorted(expected(case, "expected_cancelled")), expand.__name__


def test_reversed_input_gives_identical_feeds(tmp_path):
    shanghai = [name for name in CASES if "timezone" not in load_case(name)]
    forward = write_site(tmp_path / "forward", shanghai)
    backward = write_site(tmp_path / "backward", list(reversed(shanghai)))
    today = dt.date(2026, 1, 1)
    build(forward, tmp_path / "forward-out", today)
    build(backward, tmp_path / "backward-out", today)
    for feed in sorted((tmp_path / "forward-out" / "feeds" / "activities").rglob("*.ics")):
        twin = tmp_path / "backward-out" / feed.relative_to(tmp_path / "forward-out")
        assert feed.read_bytes() == twin.read_bytes(), feed.name
    forward_all = expand_with_recurring_ical_events(tmp_path / "forward-out/feeds/all.ics", today,
                                                    today + dt.timedelta(days=365))
    backward_all = expand_with_recurring_ical_events(tmp_path / "backward-out/feeds/all.ics", today,
                                                     today + dt.timedelta(days=365))
    assert forward_all == backward_all and forward_all
