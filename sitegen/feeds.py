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
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from icalendar import Calendar as ICalendar
from icalendar import Event, Timezone, vDuration

from .model import Activity, Artifact, Occurrence, Recurrence
from .recurrence import _is_instance, build_rrule, make_occurrence
from .routes import Route, path_for
from .site import Site, event_key
from .stories import join_cjk
from .vtimezone import vtimezone_component
from .words import STRINGS

PRODID = "-//sitegen//community centre calendars//ZH"
FEED_COLOR = "firebrick"


class FeedProducer:
    """The producer of feed, atom and event routes. Each activity's VEVENTs are serialised once
    and shared by the site, centre, category and activity feeds that contain it."""

    def __init__(self, site: Site):
        self.site = site
        self._events: dict[str, bytes] = {}
        self._feeds = {f.key: f for f in site.feeds()}
        self._occurrences: dict[str, Occurrence] | None = None

    def events(self, activity: Activity) -> bytes:
        if activity.key not in self._events:
            self._events[activity.key] = b"".join(e.to_ical() for e in activity_events(self.site, activity))
        return self._events[activity.key]

    def __call__(self, route: Route) -> Artifact:
        site = self.site
        if route.kind == "atom":
            return Artifact(route.dest_path, atom_feed(site))
        if route.kind == "event":
            if self._occurrences is None:
                self._occurrences = {event_key(o): o for o in site.downloadable_occurrences()}
            return occurrence_file(site, self._occurrences[route.key], route.dest_path)
        f = self._feeds[route.key]
        activities = list(f.activities)
        body = b"".join(self.events(a) for a in activities)
        return Artifact(route.dest_path, ics_bytes(site, f.name, f.description, site.absolute(f.about_url),
                                                   activities, body))


def render_feeds(site: Site) -> list[Artifact]:
    """Every .ics feed of the site, plus the Atom feed of stories and the one-date downloads."""
    produce = FeedProducer(site)
    routes = [Route(path_for("feed", f.key), "feed", f.key, "feed") for f in site.feeds()]
    routes.append(Route("feeds/stories.xml", "atom", "", "atom"))
    routes += [Route(site.occurrence_ics_url(o), "event", event_key(o), "event") for o in site.downloadable_occurrences()]
    return [produce(route) for route in routes]


def occurrence_files(site: Site) -> list[Artifact]:
    """One small .ics per listed occurrence, for residents who add a single date."""
    return [occurrence_file(site, o, site.occurrence_ics_url(o)) for o in site.downloadable_occurrences()]


def occurrence_file(site: Site, occurrence: Occurrence, dest: str) -> Artifact:
    """One occurrence as a calendar file of its own.

    Its VEVENT has the identity the occurrence has in the subscribed feeds (the same UID, and for
    an instance of a series the same RECURRENCE-ID), so a resident who subscribes and also adds
    one date sees it once: calendars take it as the same event, not as a second one.
    """
    activity = occurrence.activity
    suffix, recurrence_id = feed_identity(site, occurrence)
    event = _event(site, activity, occurrence, suffix)
    if recurrence_id is not None:
        event.add("recurrence-id", recurrence_id)
    name = f"{activity.title} {occurrence.day:%Y-%m-%d}"
    return Artifact(dest, ics_bytes(site, name, "", site.absolute(site.activity_url(activity)),
                                    [activity], event.to_ical(), timezones_of=[occurrence]))


def feed_identity(site: Site, occurrence: Occurrence) -> tuple[str, dt.date | dt.datetime | None]:
    """The UID suffix and RECURRENCE-ID (None for a dated event) of ``occurrence`` in the feeds,
    found in the same feed plan that ``activity_events`` writes."""
    activity = occurrence.activity
    plan = site.calendar.plans.get(activity.key)
    day = occurrence.original_date
    for suffix, single in plan.singles if plan else ():
        if single.original_date == day:
            return suffix, None
    for series in plan.series if plan else ():
        if day in series.exdates:
            continue
        if (any(o.original_date == day for o in series.overrides)
                or _is_instance(build_rrule(series.rule, series.rule.start), day)):
            return series.uid_suffix, _instance_start(activity, day, series.time)
    return f".{day:%Y%m%d}", None  # not in any feed (never happens): a dated event of its own


def ics_bytes(site: Site, name: str, description: str, url: str, activities: list[Activity],
              events: bytes | None = None, timezones_of: list[Occurrence] | None = None) -> bytes:
    """A whole VCALENDAR; ``events`` is the activities' serialised VEVENTs when already made."""
    config = site.config
    cal = ICalendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    description = " ".join(description.split())  # one line: X-WR-CALDESC is read as plain text
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", config.timezone)
    cal.add("url", url)
    cal.add("color", FEED_COLOR)  # RFC 7986: a CSS3 colour name; clients may tint the calendar
    refresh = vDuration(dt.timedelta(hours=config.feed_refresh_hours))
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", refresh.to_ical().decode())  # the common form: no VALUE parameter
    if timezones_of is not None:
        years: dict[str, set[int]] = {}
        for o in timezones_of:
            if not o.all_day:  # the RECURRENCE-ID's year too, for a date moved into another year
                years.setdefault(o.activity.timezone, set()).update((o.day.year, o.original_date.year))
        timezones = [vtimezone_component(tzid, min(found), max(found)) for tzid, found in sorted(years.items())]
    else:
        timezones = _timezones(site, activities)
    for timezone in timezones:
        cal.add_component(timezone)
    if events is None:
        events = b"".join(e.to_ical() for a in activities for e in activity_events(site, a))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + events + end


def _timezones(site: Site, activities: list[Activity]) -> list[Timezone]:
    """One VTIMEZONE per zone used by a timed event, exact from the first event on (from the sources)."""
    years: dict[str, set[int]] = {}
    for activity in activities:
        plan = site.calendar.plans.get(activity.key)
        if plan is None:
            continue
        found = years.setdefault(activity.timezone, set())
        horizon = site.calendar.window.feed_end or site.calendar.window.end
        for series in plan.series:
            if series.time is not None:
                found.update(range(series.rule.start.year, (series.rule.until or horizon).year + 1))
                found.update(o.day.year for o in series.overrides)
        found.update(o.day.year for _, o in plan.singles if not o.all_day)
    return [vtimezone_component(tzid, min(found), max(found)) for tzid, found in sorted(years.items()) if found]


def uid(site: Site, activity: Activity, suffix: str = "") -> str:
    """Stable across rebuilds, reordering and edits of title or time; unique per event and site.

    ``suffix`` tells apart the events of one activity: '' for the series (or a one-off), '.20261018'
    for a dated event, '.from-20260901' for the series after a change, '.mo' for a roster day.
    """
    return f"{activity.id}.{activity.centre_id}{suffix}@{site.config.host}"


def dtstamp(site: Site, activity: Activity) -> dt.datetime:
    """When the schedule was last revised (RFC 5545 §3.8.7.2), from the sources, never the clock."""
    day = activity.updated or site.calendar.first_dates.get(activity.key) or dt.date(2000, 1, 1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def activity_events(site: Site, activity: Activity) -> list[Event]:
    plan = site.calendar.plans.get(activity.key)
    if plan is None:
        return []  # never happens: already reported as an error
    events = []
    for series in plan.series:
        first = make_occurrence(activity, series.rule.start, time=series.time, location=series.location,
                                host=series.host)
        master = _event(site, activity, first, series.uid_suffix)
        master.add("rrule", rrule_for(series.rule, activity, series.time))
        for day in series.exdates:  # one per line: every EXDATE is a real instance, same type and zone
            master.add("exdate", _instance_start(activity, day, series.time))
        events.append(master)
        for occurrence in series.overrides:
            override = _event(site, activity, occurrence, series.uid_suffix)
            override.add("recurrence-id", _instance_start(activity, occurrence.original_date, series.time))
            events.append(override)
    for suffix, occurrence in plan.singles:
        events.append(_event(site, activity, occurrence, suffix))
    return events


def rrule_for(rec: Recurrence, activity: Activity, time=None) -> dict:
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
        if time is None:
            rule["until"] = rec.until
        else:
            local = dt.datetime.combine(rec.until, time.start, tzinfo=ZoneInfo(activity.timezone))
            rule["until"] = local.astimezone(dt.timezone.utc)
    return rule


def _instance_start(activity: Activity, day: dt.date, time):
    """An instance's start exactly as DTSTART writes it (a DATE, or a time in the series' zone)."""
    if time is None:
        return day
    return dt.datetime.combine(day, time.start, tzinfo=ZoneInfo(activity.timezone))


def _event(site: Site, activity: Activity, occurrence: Occurrence, uid_suffix: str = "") -> Event:
    language = site.config.language
    centre = site.centre_of(activity)
    event = Event()
    event.add("uid", uid(site, activity, uid_suffix))
    stamp = dtstamp(site, activity)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    t = STRINGS[language]
    title = t["with_host"].format(title=activity.title, host=occurrence.host) if occurrence.host else activity.title
    if occurrence.cancelled:
        title = t["feed_cancelled"] + title
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
    place = t["comma"].join(p for p in (centre.name, occurrence.location, centre.address) if p)
    event.add("location", place)
    event.add("categories", [activity.category])
    page = site.absolute(site.activity_url(activity))
    event.add("url", page)
    event.add("description", _description(activity, occurrence, page, language))
    event.add("transp", "TRANSPARENT" if occurrence.cancelled else "OPAQUE")
    return event


def _description(activity: Activity, occurrence: Occurrence, page: str, language: str) -> str:
    t = STRINGS[language]
    lines = []
    if occurrence.cancelled:
        lines.append(t["feed_cancelled_note"] + occurrence.reason)
    elif occurrence.moved and occurrence.day != occurrence.original_date:
        lines.append(t["feed_moved_note"].format(old=occurrence.original_date.isoformat())
                     + (occurrence.reason or ""))
    elif occurrence.moved:
        lines.append(t["feed_changed_note"] + (occurrence.reason or ""))
    elif occurrence.reason:
        lines.append(occurrence.reason)
    if occurrence.host:
        lines.append(t["labelled"].format(label=t["host"], value=occurrence.host))
    text = _plain(activity.description_html)
    if text:
        lines.append(text)
    labels = (t["signup"], t["contact"], t["details"])
    for label, value in zip(labels, (activity.signup, activity.contact, page)):
        if value:
            lines.append(t["labelled"].format(label=label, value=value))
    return "\n".join(lines)


def _plain(html_text: str) -> str:
    text = re.sub(r"</(p|li|h\d)>", "\n", html_text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return join_cjk(re.sub(r"\n{2,}", "\n", text).strip())


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
        add(entry, "content", absolute_urls(story.body_html, url), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


TAG = re.compile(r"<[a-zA-Z][^>]*>")
URL_ATTRIBUTE = re.compile(r"""(\s(?:src|href|poster)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)
SRCSET_ATTRIBUTE = re.compile(r"""(\ssrcset\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)


def absolute_urls(body_html: str, page_url: str) -> str:
    """``body_html`` with every link and image address made absolute against its page.

    A story's photos sit beside its page (src="notes.jpg"); a feed reader shows the entry away
    from that page and most ignore xml:base, so relative addresses would be broken images.
    """
    def resolve(value: str) -> str:
        return html.escape(urljoin(page_url, html.unescape(value.strip())), quote=True)

    def one(match: re.Match) -> str:
        return f'{match.group(1)}"{resolve(match.group(2) if match.group(2) is not None else match.group(3))}"'

    def srcset(match: re.Match) -> str:
        value = match.group(2) if match.group(2) is not None else match.group(3)
        candidates = []
        for candidate in value.split(","):
            parts = candidate.split()
            if parts:
                candidates.append(" ".join([resolve(parts[0])] + parts[1:]))
        return f'{match.group(1)}"{", ".join(candidates)}"'

    def tag(match: re.Match) -> str:
        return SRCSET_ATTRIBUTE.sub(srcset, URL_ATTRIBUTE.sub(one, match.group()))

    return TAG.sub(tag, body_html)
