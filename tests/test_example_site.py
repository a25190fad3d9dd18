"""Build the repository's example site into a temp dir and read it the way a resident would.

The HTML pages and the .ics feeds must agree: every feed is expanded by an independent client
(recurring-ical-events) and compared with the dates printed on the pages for a fixed --today.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "output"
    assert main(["--site", str(ROOT), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    return out


def html(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def base_url() -> str:
    text = (ROOT / "site.yaml").read_text(encoding="utf-8")
    return re.search(r"^base_url:\s*(\S+)", text, re.M).group(1)


def page_occurrences(soup: BeautifulSoup, page_url: str) -> list[tuple[str, str, bool]]:
    """(activity page URL, start as printed in <time datetime>, cancelled?) for each listed occurrence."""
    result = []
    for item in soup.select("li.occ"):
        title = item.select_one(".occ-title a")
        absolute = urljoin(base_url() + page_url, title["href"] if title else "")
        start = item.select_one(".occ-time time")["datetime"]
        result.append((absolute, start, "occ-cancelled" in item["class"]))
    return sorted(result)


def feed_occurrences(out: Path, feed: str, first: dt.date, last: dt.date) -> list[tuple[str, str, bool]]:
    calendar = icalendar.Calendar.from_ical((out / feed).read_bytes())
    events = recurring_ical_events.of(calendar).between(first, last + dt.timedelta(days=1))
    return sorted(
        (str(e["URL"]), e["DTSTART"].dt.isoformat(), str(e.get("STATUS")) == "CANCELLED") for e in events
    )


def all_feeds(out: Path) -> list[Path]:
    """Subscription feeds (not the single-occurrence downloads under feeds/events/)."""
    return sorted(f for f in (out / "feeds").rglob("*.ics") if "events" not in f.relative_to(out).parts)


def test_example_site_is_big_enough(built):
    centres = list((ROOT / "calendars").glob("*.yaml"))
    assert 2 <= len(centres) <= 3
    stories = [p for p in (ROOT / "content" / "stories").rglob("*.md") if "draft: true" not in p.read_text()]
    assert len(stories) >= 8
    activity_pages = [p for p in (built / "centres").glob("*/*/index.html")]
    assert len(activity_pages) >= 10


def test_upcoming_page_matches_site_feed(built):
    soup = html(built, "upcoming/")
    on_page = page_occurrences(soup, "upcoming/")
    in_feed = feed_occurrences(built, "feeds/all.ics", TODAY, TODAY + dt.timedelta(days=4 * 7 - 1))
    assert on_page, "the example site should have activities in the next four weeks"
    assert on_page == in_feed


def test_home_page_lists_the_next_seven_days(built):
    on_page = page_occurrences(html(built, ""), "")
    in_feed = feed_occurrences(built, "feeds/all.ics", TODAY, TODAY + dt.timedelta(days=6))
    assert on_page == in_feed
    assert len(html(built, "").select(".story-card")) >= 1


def test_each_centre_page_matches_its_feed(built):
    centre_pages = sorted((built / "centres").glob("*/index.html"))
    assert centre_pages
    for page in centre_pages:
        centre_id = page.parent.name
        url = f"centres/{centre_id}/"
        on_page = page_occurrences(html(built, url), url)
        in_feed = feed_occurrences(built, f"feeds/centres/{centre_id}.ics", TODAY, TODAY + dt.timedelta(days=27))
        assert on_page == in_feed, centre_id


def test_each_activity_page_lists_the_next_dates_of_its_feed(built):
    for page in sorted((built / "centres").glob("*/*/index.html")):
        centre_id, activity_id = page.parent.parent.name, page.parent.name
        url = f"centres/{centre_id}/{activity_id}/"
        soup = html(built, url)
        on_page = [(start, cancelled) for _, start, cancelled in page_occurrences(soup, url)]
        assert not soup.select("li.occ .occ-title")  # the page is about this activity: no repeated title
        in_feed = [(start, cancelled) for _, start, cancelled in
                   feed_occurrences(built, f"feeds/activities/{centre_id}/{activity_id}.ics",
                                    TODAY, TODAY + dt.timedelta(days=400))]
        assert on_page == sorted(in_feed, key=lambda x: x[0])[: len(on_page)], url
        assert len(on_page) == min(8, len(in_feed)), url
        assert soup.select_one(".recurs").get_text(strip=True), url


def test_month_pages_match_the_site_feed(built):
    for month_page in sorted((built / "calendar").glob("????-??/index.html")):
        year, month = map(int, month_page.parent.name.split("-"))
        first = dt.date(year, month, 1)
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        url = f"calendar/{month_page.parent.name}/"
        on_page = page_occurrences(html(built, url), url)
        assert on_page == feed_occurrences(built, "feeds/all.ics", first, last), url
        grid_days = [day for day in html(built, url).select("ol.month-days > li.mday .day-number")]
        assert len(grid_days) == last.day


def test_every_feed_is_valid_icalendar(built):
    feeds = all_feeds(built)
    assert len(feeds) >= 1 + 2 + 10  # site + centres + activities (+ categories)
    uids_by_feed = {}
    for feed in feeds:
        data = feed.read_bytes()
        assert len(data) < 1_000_000  # Google Calendar's limit for subscribed feeds
        assert data.endswith(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (feed, line)
            line.decode("utf-8")  # folding never splits a character
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar["VERSION"] == "2.0"
        assert calendar["X-WR-CALNAME"] and calendar["NAME"] == calendar["X-WR-CALNAME"]
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data
        tzids = {str(c["TZID"]) for c in calendar.walk("VTIMEZONE")}
        for event in calendar.walk("VEVENT"):
            for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
                if prop in event and "TZID" in event[prop].params:
                    assert event[prop].params["TZID"] in tzids
            assert event["DTSTAMP"].dt.tzinfo is not None
            assert event["UID"].endswith("@example.org")
            assert "URL" in event and "LOCATION" in event
        masters = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
        uids = [str(e["UID"]) for e in masters]
        assert len(uids) == len(set(uids)), feed
        uids_by_feed[feed.name] = set(uids)
    assert uids_by_feed["all.ics"] >= set().union(*(u for n, u in uids_by_feed.items() if n != "all.ics"))


def test_example_has_cancellations_and_moves_shown_with_reasons(built):
    calendar = icalendar.Calendar.from_ical((built / "feeds" / "all.ics").read_bytes())
    overrides = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    cancelled = [e for e in overrides if str(e.get("STATUS")) == "CANCELLED"]
    moved = [e for e in overrides if str(e.get("STATUS")) != "CANCELLED"]
    assert cancelled and moved
    for event in cancelled:
        assert str(event["SUMMARY"]).startswith("【已取消】")
        assert "本次活动取消：" in str(event["DESCRIPTION"])
    upcoming = html(built, "upcoming/").get_text()
    assert "已取消" in upcoming and "原因" in upcoming


def test_rebuild_is_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    assert main(["--site", str(ROOT), "build", "--today", TODAY.isoformat(), "--out", str(again)]) == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_internal_links_resolve_to_built_files(built):
    """Every relative link and asset of every page exists, so the site works from any sub-path."""
    missing = []
    for page in sorted(built.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in soup.find_all(tag):
                target = element.get(attr)
                if not target or urlsplit(target).scheme or target.startswith("#"):
                    continue
                if page.name == "404.html":  # served for missing pages at any depth: absolute on purpose
                    assert target.startswith("/qingshi/"), target
                    continue
                assert not target.startswith("/"), f"{page}: absolute path {target} breaks sub-paths"
                resolved = (page.parent / urlsplit(target).path).resolve()
                if resolved.is_dir():
                    resolved = resolved / "index.html"
                if not resolved.is_file():
                    missing.append(f"{page.relative_to(built)} → {target}")
    assert missing == []


def test_no_external_assets(built):
    for page in sorted(built.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("link", "href"), ("img", "src"), ("script", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                if tag == "link" and element.get("rel") == ["canonical"]:
                    continue  # an address, not something the browser loads
                assert not urlsplit(element.get(attr) or "").scheme, (page, element)


def test_story_pages_show_byline_captions_and_tags(built):
    story_pages = sorted((built / "stories").glob("*/index.html"))
    story_pages = [p for p in story_pages if p.parent.name != "page"]
    assert len(story_pages) >= 8
    captions = 0
    for page in story_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.h1.get_text(strip=True)
        assert soup.select_one(".byline time")
        captions += len(soup.select("figure figcaption"))
        for img in soup.select("img"):
            assert (page.parent / img["src"]).is_file()
            assert img.has_attr("alt")
    assert captions >= 8


def test_subscribe_links_on_centre_and_activity_pages(built):
    pages = sorted((built / "centres").glob("*/index.html")) + sorted((built / "centres").glob("*/*/index.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select(".subscribe a")]
        webcal = [h for h in hrefs if h.startswith("webcal://")]
        assert len(webcal) == 1 and webcal[0].endswith(".ics")
        https = "https://" + webcal[0][len("webcal://"):]
        assert soup.select_one(".subscribe input.feed-url")["value"] == https
        assert any(h.startswith("https://calendar.google.com/calendar/r?cid=webcal") for h in hrefs)
        download = [h for h in hrefs if h.endswith(".ics") and not urlsplit(h).scheme]
        assert download and (page.parent / download[0]).resolve().is_file()
        assert https.startswith(base_url())


def test_atom_feed_lists_every_published_story(built):
    import xml.etree.ElementTree as ET

    root = ET.parse(built / "feeds" / "stories.xml").getroot()
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    story_pages = [p for p in (built / "stories").glob("*/index.html") if p.parent.name != "page"]
    assert len(entries) == len(story_pages)


def test_add_this_one_links_point_to_a_one_event_file_with_that_date(built):
    soup = html(built, "upcoming/")
    items = [li for li in soup.select("li.occ") if li.select_one(".occ-add")]
    assert items
    for item in items:
        start = item.select_one(".occ-time time")["datetime"]
        links = {a.get_text(strip=True): a["href"] for a in item.select(".occ-add a")}
        calendar = icalendar.Calendar.from_ical((built / "upcoming" / links["日历文件"]).resolve().read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == 1 and events[0]["DTSTART"].dt.isoformat() == start
        assert links["Google"].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
        assert "startdt=" + start[:10] in links["Outlook"]


def test_icaljs_reads_every_feed_like_recurring_ical_events(built):
    from calendar_clients import expand_with_icaljs, expand_with_recurring_ical_events

    first, last = TODAY - dt.timedelta(days=31), TODAY + dt.timedelta(days=400)
    for feed in all_feeds(built):
        by_icaljs = expand_with_icaljs(feed, first, last)
        assert by_icaljs == expand_with_recurring_ical_events(feed, first, last), feed
        assert by_icaljs or "categories" in feed.parts


def test_exdates_are_real_instances_in_the_masters_zone_and_never_also_overridden(built):
    from dateutil.rrule import rrulestr

    calendar = icalendar.Calendar.from_ical((built / "feeds" / "all.ics").read_bytes())
    events = calendar.walk("VEVENT")
    exdates_seen = 0
    for master in (e for e in events if "RRULE" in e):
        start = master["DTSTART"]
        rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=start.dt)
        overridden = {e["RECURRENCE-ID"].dt for e in events
                      if str(e["UID"]) == str(master["UID"]) and "RECURRENCE-ID" in e}
        exdates = master.get("EXDATE", [])
        for exdate in exdates if isinstance(exdates, list) else [exdates]:
            assert exdate.params.get("TZID") == start.params.get("TZID")
            for value in exdate.dts:
                assert type(value.dt) is type(start.dt) and value.dt in rule, (master["UID"], value.dt)
                assert value.dt not in overridden
                exdates_seen += 1
        for recurrence_id in overridden:
            assert recurrence_id in rule, master["UID"]
    assert exdates_seen > 10  # holidays, school vacations and pauses of the example site
