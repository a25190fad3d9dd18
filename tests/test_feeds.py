"""Feeds: identity that survives edits, RFC 5545 details, and feeds of an English site."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar

from sitegen.build import build

BASIC = Path(__file__).parent / "sites" / "basic"
TODAY = dt.date(2026, 11, 23)


def built_feed(tmp_path: Path, edit=None, name="feeds/activities/cdy/concert.ics") -> icalendar.Calendar:
    site = tmp_path / "site"
    if not site.exists():
        shutil.copytree(BASIC, site)
    if edit:
        schedule = site / "calendars" / "cdy.yaml"
        schedule.write_text(edit(schedule.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    build(site, out, TODAY)
    return icalendar.Calendar.from_ical((out / name).read_bytes())


def uids(calendar) -> list[str]:
    return sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))


def test_uids_survive_retitling_retiming_and_reordering(tmp_path):
    before = built_feed(tmp_path, name="feeds/all.ics")
    after = built_feed(tmp_path, lambda text: text.replace("邻里音乐会", "新春音乐会").replace(
        "time: 19:00-20:30", "time: 18:30-20:00"), name="feeds/all.ics")
    assert uids(before) == uids(after)
    assert "concert.cdy@test.example.org" in uids(after)
    concert = next(e for e in after.walk("VEVENT") if str(e["UID"]) == "concert.cdy@test.example.org"
                   and "RRULE" in e)
    assert str(concert["SUMMARY"]) == "新春音乐会" and concert["DTSTART"].dt.hour == 18


def test_dtstamp_comes_from_updated_not_the_clock(tmp_path):
    calendar = built_feed(tmp_path)
    assert {e["DTSTAMP"].dt for e in calendar.walk("VEVENT")} == {dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)}
    calendar = built_feed(tmp_path, lambda text: text.replace("  updated: 2026-11-01\n", ""))
    # without 'updated', the activity's first day
    assert {e["DTSTAMP"].dt for e in calendar.walk("VEVENT")} == {dt.datetime(2026, 1, 31, tzinfo=dt.timezone.utc)}


def test_until_is_utc_for_timed_series_and_overrides_share_the_uid(tmp_path):
    calendar = built_feed(tmp_path, name="feeds/activities/cdy/homework.ics")
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    until = master["RRULE"]["UNTIL"][0]
    assert until == dt.datetime(2027, 1, 22, 8, 30, tzinfo=dt.timezone.utc)  # 16:30 in Shanghai
    override = next(e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e)
    assert override["UID"] == master["UID"]
    assert override["RECURRENCE-ID"].dt == dt.datetime(2027, 1, 1, 16, 30, tzinfo=master["DTSTART"].dt.tzinfo)
    assert str(override["STATUS"]) == "CANCELLED" and str(override["SUMMARY"]) == "【已取消】四点半课堂"


def test_all_day_events_end_the_day_after(tmp_path):
    calendar = built_feed(tmp_path, name="feeds/activities/cdy/market.ics")
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].dt == dt.date(2026, 12, 12) and event["DTEND"].dt == dt.date(2026, 12, 14)
    assert not calendar.walk("VTIMEZONE")  # an all-day feed needs no time zone


def test_atom_content_has_absolute_addresses_that_exist(tmp_path):
    """Read as a news reader does (ElementTree for the Atom XML, an HTML parser for the content):
    every photo and link of a story is absolute, and each photo is a file the site serves."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup

    root = Path(__file__).resolve().parent.parent  # the example site: stories with photos
    out = tmp_path / "out"
    build(root, out, TODAY)
    base = "https://example.org/qingshi/"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(out / "feeds" / "stories.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert entries
    photos = 0
    for entry in entries:
        page = entry.find("a:link", ns).get("href")
        content = entry.find("a:content", ns)
        assert content.get("type") == "html"
        soup = BeautifulSoup(content.text, "html.parser")
        addresses = [img["src"] for img in soup.find_all("img")]
        addresses += [c.split()[0] for tag in soup.find_all(srcset=True) for c in tag["srcset"].split(",")]
        for address in addresses:
            assert address.startswith(page), address  # the photo beside the story's page
            assert (out / address[len(base):]).is_file(), address
            photos += 1
        for link in soup.find_all("a", href=True):
            assert urlsplit(link["href"]).scheme in ("http", "https", "mailto", "tel"), link["href"]
    assert photos >= len(entries)  # every story of the example site has a photo in its text


def test_absolute_urls_resolve_against_the_story_page_and_leave_text_alone():
    from sitegen.feeds import absolute_urls

    page = "https://example.org/qingshi/stories/s/"
    body = ('<p>写 src="x.jpg" 的文字 <img src="notes.jpg" srcset="n-400.jpg 400w, n-800.jpg 800w" alt="记录">'
            '<a href="../other/">另一篇</a><a href="https://o.org/?a=1&amp;b=2">外链</a>'
            "<a href='#top'>顶部</a><a href=\"mailto:a@b.cn\">邮件</a></p>")
    assert absolute_urls(body, page) == (
        '<p>写 src="x.jpg" 的文字 <img src="https://example.org/qingshi/stories/s/notes.jpg" '
        'srcset="https://example.org/qingshi/stories/s/n-400.jpg 400w, https://example.org/qingshi/stories/s/n-800.jpg 800w"'
        ' alt="记录"><a href="https://example.org/qingshi/stories/other/">另一篇</a>'
        '<a href="https://o.org/?a=1&amp;b=2">外链</a><a href="https://example.org/qingshi/stories/s/#top">顶部</a>'
        '<a href="mailto:a@b.cn">邮件</a></p>')
