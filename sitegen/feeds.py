"""Occurrences → iCalendar feeds (RFC 5545 + RFC 7986) and the Atom feed of stories.

A series is written once, as a master VEVENT with an RRULE built from the same Recurrence the
pages were expanded from; each cancelled or moved occurrence from the expansion becomes an
override with RECURRENCE-ID. UIDs come from the ids and the site's host, DTSTAMP from the
schedule's ``updated`` date: rebuilding never changes, duplicates or reorders anything.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from icalendar import Calendar as ICalendar
from icalendar import Event, Timezone, vDuration

from .model import Activity, Artifact, OneOff, Occurrence, Recurrence
from .recurrence import make_occurrence
from .site import Site
from .vtimezone import vtimezone_component

PRODID = "-//sitegen//community centre calendars//ZH"
CANCELLED_PREFIX = {"zh-CN": "【已取消】", "en": "[Cancelled] "}
MOVED_NOTE = {"zh-CN": "本次改期：原定 {old}。", "en": "Moved from {old}."}


def render_feeds(site: Site) -> list[Artifact]:
    """Every .ics feed of the site, plus the Atom feed of stories.

    Each activity's VEVENTs are serialised once and shared by the site, centre, category and
    activity feeds that contain it.
    """
    events = {a.key: b"".join(e.to_ical() for e in activity_events(site, a)) for a in site.all_activities()}

    def feed(dest: str, name: str, description: str, page_url: str, activities) -> Artifact:
        activities = list(activities)
        body = b"".join(events[a.key] for a in activities)
        return Artifact(dest, ics_bytes(site, name, description, site.absolute(page_url), activities, body))

    artifacts = [feed(site.site_feed_url(), site.config.title, site.config.description, "",
                      site.all_activities())]
    for centre in site.centres:
        artifacts.append(feed(site.centre_feed_url(centre), centre.name, _plain(centre.description_html),
                              site.centre_url(centre), centre.activities))
    for category in site.categories:
        artifacts.append(feed(site.category_feed_url(category.name), f"{site.config.title}：{category.name}",
                              "", "", category.activities))
    for audience in site.audiences:
        artifacts.append(feed(site.audience_feed_url(audience.name), f"{site.config.title}：{audience.name}",
                              "", "", audience.activities))
    for activity in site.all_activities():
        centre = site.centre_of(activity)
        artifacts.append(feed(site.activity_feed_url(activity), f"{activity.title}（{centre.name}）",
                              _plain(activity.description_html), site.activity_url(activity), [activity]))
    artifacts.append(Artifact("feeds/stories.xml", atom_feed(site)))
    return artifacts


def ics_bytes(site: Site, name: str, description: str, url: str, activities: list[Activity],
              events: bytes | None = None) -> bytes:
    """A whole VCALENDAR; ``events`` is the activities' serialised VEVENTs when already made."""
    config = site.config
    cal = ICalendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", config.timezone)
    cal.add("url", url)
    refresh = vDuration(dt.timedelta(hours=config.feed_refresh_hours))
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", refresh.to_ical().decode())  # the common form: no VALUE parameter
    for timezone in _timezones(site, activities):
        cal.add_component(timezone)
    if events is None:
        events = b"".join(e.to_ical() for a in activities for e in activity_events(site, a))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + events + end


def _timezones(site: Site, activities: list[Activity]) -> list[Timezone]:
    """One VTIMEZONE per zone used by a timed event, exact from the first event on (from the sources)."""
    years: dict[str, list[int]] = {}
    for activity in activities:
        if activity.all_day or activity.key not in site.calendar.first_dates:
            continue
        known = [site.calendar.first_dates[activity.key], site.calendar.last_dates.get(activity.key)]
        known += [o.day for o in site.calendar.changes.get(activity.key, ())]
        years.setdefault(activity.timezone, []).extend(d.year for d in known if d)
    return [vtimezone_component(tzid, min(found), max(found)) for tzid, found in sorted(years.items())]


def uid(site: Site, activity: Activity) -> str:
    """Stable across rebuilds, reordering and edits of title or time; unique per activity and site."""
    return f"{activity.id}.{activity.centre_id}@{site.config.host}"


def dtstamp(site: Site, activity: Activity) -> dt.datetime:
    """When the schedule was last revised (RFC 5545 §3.8.7.2), from the sources, never the clock."""
    day = activity.updated or site.calendar.first_dates.get(activity.key) or dt.date(2000, 1, 1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def activity_events(site: Site, activity: Activity) -> list[Event]:
    if activity.key not in site.calendar.first_dates:
        return []  # never happens: already reported as an error
    changes = list(site.calendar.changes.get(activity.key, ()))
    if isinstance(activity.schedule, OneOff):
        if changes:  # a one-off that was moved or cancelled is simply that event, changed
            return [_event(site, activity, changes[0])]
        first = site.calendar.first_dates[activity.key]
        return [_event(site, activity, _base_occurrence(activity, first))]
    master = _event(site, activity, _base_occurrence(activity, site.calendar.first_dates[activity.key]))
    master.add("rrule", rrule_for(activity.schedule, activity))
    events = [master]
    for occurrence in changes:
        override = _event(site, activity, occurrence)
        override.add("recurrence-id", _original_start(activity, occurrence.original_date))
        events.append(override)
    return events


def rrule_for(rec: Recurrence, activity: Activity) -> dict:
    """The RRULE for a series; UNTIL is UTC for timed events, as RFC 5545 requires with a TZID."""
    rule: dict = {"freq": rec.freq}
    if rec.interval > 1:
        rule["interval"] = rec.interval
    if rec.weekdays:
        rule["byday"] = [w.ical for w in rec.weekdays]
    if rec.monthdays and not rec.weekdays:
        rule["bymonthday"] = list(rec.monthdays)
    if rec.month:
        rule["bymonth"] = rec.month
    if rec.weekdays or rec.freq == "WEEKLY":
        rule["wkst"] = "MO"
    if rec.until:
        if activity.time is None:
            rule["until"] = rec.until
        else:
            local = dt.datetime.combine(rec.until, activity.time.start, tzinfo=ZoneInfo(activity.timezone))
            rule["until"] = local.astimezone(dt.timezone.utc)
    return rule


def _base_occurrence(activity: Activity, day: dt.date) -> Occurrence:
    return make_occurrence(activity, day)


def _original_start(activity: Activity, day: dt.date):
    if activity.time is None:
        return day
    return dt.datetime.combine(day, activity.time.start, tzinfo=ZoneInfo(activity.timezone))


def _event(site: Site, activity: Activity, occurrence: Occurrence) -> Event:
    language = site.config.language
    centre = site.centre_of(activity)
    event = Event()
    event.add("uid", uid(site, activity))
    stamp = dtstamp(site, activity)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    title = activity.title
    if occurrence.cancelled:
        title = CANCELLED_PREFIX[language] + title
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("summary", title)
    if occurrence.all_day:
        event.add("dtstart", occurrence.start)
        event.add("dtend", occurrence.end + dt.timedelta(days=1))  # DTEND of a DATE is exclusive
    else:
        event.add("dtstart", occurrence.start)
        event.add("dtend", occurrence.end)
    place = "，".join(p for p in (centre.name, occurrence.location, centre.address) if p)
    event.add("location", place)
    event.add("categories", [activity.category])
    page = site.absolute(site.activity_url(activity))
    event.add("url", page)
    event.add("description", _description(activity, occurrence, page, language))
    event.add("transp", "TRANSPARENT" if occurrence.cancelled else "OPAQUE")
    return event


def _description(activity: Activity, occurrence: Occurrence, page: str, language: str) -> str:
    lines = []
    if occurrence.cancelled:
        lines.append(("本次活动取消：" if language == "zh-CN" else "Cancelled: ") + occurrence.reason)
    elif occurrence.moved:
        lines.append(MOVED_NOTE[language].format(old=occurrence.original_date.isoformat())
                     + (occurrence.reason or ""))
    text = _plain(activity.description_html)
    if text:
        lines.append(text)
    labels = {"zh-CN": ("报名", "联系", "详情"), "en": ("Sign-up", "Contact", "Details")}[language]
    for label, value in zip(labels, (activity.signup, activity.contact, page)):
        if value:
            lines.append(f"{label}：{value}" if language == "zh-CN" else f"{label}: {value}")
    return "\n".join(lines)


def _plain(html_text: str) -> str:
    text = re.sub(r"</(p|li|h\d)>", "\n", html_text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\n{2,}", "\n", text).strip()


ATOM_NS = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site) -> bytes:
    """Atom 1.0 for news readers; 'updated' is the newest story's date, never the clock."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.config.language})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    add(feed, "title", site.config.title)
    add(feed, "id", site.absolute(""))
    add(feed, "link", href=site.absolute(""))
    add(feed, "link", rel="self", href=site.absolute("feeds/stories.xml"))
    newest = site.stories[0].date if site.stories else dt.date(2000, 1, 1)
    add(feed, "updated", f"{newest.isoformat()}T00:00:00Z")
    for story in site.stories:
        entry = add(feed, "entry")
        url = site.absolute(site.story_url(story))
        add(entry, "title", story.title)
        add(entry, "id", url)
        add(entry, "link", href=url)
        add(entry, "updated", f"{story.date.isoformat()}T00:00:00Z")
        for name in story.authors or (site.config.title,):
            add(add(entry, "author"), "name", name)
        for tag in story.tags:
            add(entry, "category", term=tag)
        add(entry, "summary", story.summary)
        add(entry, "content", story.body_html, type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
