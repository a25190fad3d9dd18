"""Assemble the read-only view that templates and feeds see: URLs, taxonomies, pagination.

Cross-references between sources (a story's centres and activities) are checked here, because
this is the first stage that holds stories and schedules together.
"""
from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable

from .config import SiteConfig
from .errors import ErrorCollector, SourceLocation
from .model import Activity, Centre, Occurrence, OneOff, Page, Story
from .recurrence import Calendar
from .routes import url as route_url
from .stories import join_cjk, slugify
from .words import STRINGS, message
from .yamlsource import suggest

NEXT_DATES_SHOWN = 8  # an activity page lists this many coming dates


@dataclass(frozen=True)
class Term:
    """A tag, category or audience: its name, URL-safe slug and what belongs to it."""

    name: str
    slug: str
    stories: tuple[Story, ...] = ()
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class StaleSeries:
    """An open-ended series nobody has confirmed for six months, or one whose review_by passed."""

    activity: Activity
    reason: str  # "updated" | "from" | "review_by"
    since: dt.date  # the updated:/from:/review_by: day the warning counts from


@dataclass(frozen=True)
class Feed:
    """A subscribable calendar: its .ics, its subscribe page and what it contains."""

    name: str
    ics_url: str
    subscribe_url: str
    about_url: str  # the page the feed is about ('' for the whole site)
    description: str
    activities: tuple[Activity, ...]
    key: str = ""  # its routes' key: 'all', 'centres/<id>', 'categories/<slug>', 'audiences/<slug>', 'activities/<centre>/<id>'


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: dt.date
    stories: tuple[Story, ...]
    pages: tuple[Page, ...]
    centres: tuple[Centre, ...]
    calendar: Calendar
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    audiences: tuple[Term, ...] = ()
    centre_by_id: dict[str, Centre] = field(default_factory=dict)
    activity_by_key: dict[str, Activity] = field(default_factory=dict)
    category_slugs: dict[str, str] = field(default_factory=dict)
    audience_slugs: dict[str, str] = field(default_factory=dict)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    # stories kept off the site today (publish/date still to come, or expired), for 'sitegen check'
    offline_stories: tuple[Story, ...] = ()
    stale_series: tuple[StaleSeries, ...] = ()

    # ---- URLs: site-relative, by the one address scheme of routes.py (pages end in '/') ----

    def story_url(self, story: Story) -> str:
        return route_url("story", story.slug)

    def centre_url(self, centre: Centre | str) -> str:
        return route_url("centre", centre if isinstance(centre, str) else centre.id)

    def activity_url(self, activity: Activity) -> str:
        return route_url("activity", activity.key)

    def tag_url(self, tag: str) -> str:
        return route_url("tag", self.tag_slugs[tag])

    def page_url(self, page: Page) -> str:
        return route_url("page", page.slug)

    def month_url(self, year: int, month: int) -> str:
        return route_url("month", f"{year:04d}-{month:02d}")

    def stories_page_url(self, number: int) -> str:
        return route_url("stories", str(number))

    def site_feed_url(self) -> str:
        return route_url("feed", "all")

    def centre_feed_url(self, centre: Centre | str) -> str:
        return route_url("feed", "centres/" + (centre if isinstance(centre, str) else centre.id))

    def category_feed_url(self, category: str) -> str:
        return route_url("feed", "categories/" + self.category_slugs[category])

    def audience_feed_url(self, audience: str) -> str:
        return route_url("feed", "audiences/" + self.audience_slugs[audience])

    def activity_feed_url(self, activity: Activity) -> str:
        return route_url("feed", "activities/" + activity.key)

    def occurrence_ics_url(self, occurrence: Occurrence) -> str:
        return route_url("event", event_key(occurrence))

    def downloadable_occurrences(self) -> list[Occurrence]:
        """Occurrences that get an 'add this one' .ics: those the pages list from today on."""
        horizon = self.today + dt.timedelta(days=self.config.upcoming_weeks * 7 - 1)
        chosen = {id(o): o for o in self.occurrences_between(self.today, horizon) if not o.cancelled}
        for activity in self.all_activities():
            for o in self.next_occurrences(activity, NEXT_DATES_SHOWN):
                if not o.cancelled:
                    chosen[id(o)] = o
        return sorted(chosen.values(), key=Occurrence.sort_key)

    def feeds(self) -> list[Feed]:
        return list(self._feeds_by_url.values())

    def feed_for(self, ics_url: str) -> Feed:
        return self._feeds_by_url[ics_url]

    @cached_property
    def _feeds_by_url(self) -> dict[str, Feed]:
        return {feed.ics_url: feed for feed in self._make_feeds()}

    def _make_feeds(self) -> list[Feed]:
        """Every subscribable feed: the site, each centre, category, audience and activity."""
        title = self.config.title
        t = STRINGS[self.config.language]

        def feed(key: str, name: str, about_url: str, description: str, activities) -> Feed:
            return Feed(name, route_url("feed", key), route_url("subscribe", key), about_url, description,
                        tuple(activities), key)

        result = [feed("all", title, "", self.config.description, self.all_activities())]
        for centre in self.centres:
            result.append(feed(f"centres/{centre.id}", centre.name, self.centre_url(centre),
                               _plain_text(centre.description_html), centre.activities))
        for kind, terms in (("categories", self.categories), ("audiences", self.audiences)):
            for term in terms:
                key = f"{kind}/{term.slug}"
                result.append(feed(key, t["feed_of"].format(title=title, name=term.name), route_url("upcoming", key),
                                   "", term.activities))
        for activity in self.all_activities():
            centre = self.centre_of(activity)
            result.append(feed(f"activities/{activity.key}",
                               t["activity_feed"].format(title=activity.title, centre=centre.name),
                               self.activity_url(activity), _plain_text(activity.description_html), (activity,)))
        return result

    def absolute(self, url: str) -> str:
        return self.config.base_url + url

    # ---- lookups for templates ----

    def centre_of(self, item: Activity | Occurrence) -> Centre:
        key = item.centre_id if isinstance(item, Activity) else item.activity.centre_id
        return self.centre_by_id[key]

    def occurrences_between(self, first: dt.date, last: dt.date,
                            activities: Iterable[Activity] | None = None) -> list[Occurrence]:
        if activities is None:
            candidates = self.calendar.occurrences
        else:
            candidates = sorted((o for a in activities for o in self.calendar.by_activity.get(a.key, ())),
                                key=Occurrence.sort_key)
        return [o for o in candidates if o.day <= last and o.last_day >= first]

    def moved_away_between(self, first: dt.date, last: dt.date,
                           activities: Iterable[Activity] | None = None) -> list[Occurrence]:
        """Occurrences moved to another day whose original day is in [first, last]: that day
        still says "改期至 …", for the resident who remembers the old date."""
        keys = None if activities is None else {a.key for a in activities}
        found = [o for key, changes in self.calendar.changes.items() if keys is None or key in keys
                 for o in changes if o.rescheduled and first <= o.original_date <= last]
        return sorted(found, key=lambda o: (o.original_date, o.sort_key()))

    def upcoming(self, days: int, activities: Iterable[Activity] | None = None) -> list[Occurrence]:
        return self.occurrences_between(self.today, self.today + dt.timedelta(days=days - 1), activities)

    def next_occurrences(self, activity: Activity, count: int) -> list[Occurrence]:
        return [o for o in self.calendar.for_activity(activity.key) if o.last_day >= self.today][:count]

    def next_taking_place(self, activity: Activity) -> list[Occurrence]:
        """A story's "next date": the coming occurrences up to the first that takes place, so a
        cancelled next session is said, not skipped or shown as if it were on."""
        result = []
        for occurrence in self.calendar.for_activity(activity.key):
            if occurrence.last_day >= self.today:
                result.append(occurrence)
                if not occurrence.cancelled:
                    break
        return result

    def stories_about_centre(self, centre: Centre) -> list[Story]:
        return [s for s in self.stories if centre.id in s.centre_ids]

    def stories_about_activity(self, activity: Activity) -> list[Story]:
        return [s for s in self.stories if activity.key in s.activity_refs]

    def all_activities(self) -> list[Activity]:
        return [a for c in self.centres for a in c.activities]


def event_key(occurrence: Occurrence) -> str:
    """The key of an occurrence's own .ics: 'centre-id/activity-id/YYYYMMDD' of its original day."""
    return f"{occurrence.activity.key}/{occurrence.original_date:%Y%m%d}"


def assemble(config: SiteConfig, today: dt.date, stories: list[Story], pages: list[Page],
             centres: list[Centre], calendar: Calendar, errors: ErrorCollector) -> Site:
    centre_by_id = {c.id: c for c in centres}
    activity_by_key = {a.key: a for c in centres for a in c.activities}
    _check_references(stories, centre_by_id, activity_by_key, errors)
    _check_room_conflicts(calendar, errors)
    stale = stale_series(centres, today)
    _warn_stale(stale, config.language, errors)
    _warn_future_attendance(centres, today, config.language, errors)
    # scheduled publishing: every later step (lists, tags, feeds, sitemap, search) sees only these
    offline = [s for s in stories if not s.online_on(today)]
    stories, pages = unlink_offline(stories, pages, offline, today, config, errors)
    tag_slugs = _term_slugs((t for s in stories for t in s.tags), "tag")
    category_slugs = _term_slugs((a.category for a in activity_by_key.values()), "category")
    tags = tuple(
        Term(name, tag_slugs[name], stories=tuple(s for s in stories if name in s.tags))
        for name in sorted(tag_slugs, key=lambda n: tag_slugs[n])
    )
    categories = _activity_terms(category_slugs, lambda a, name: a.category == name, activity_by_key)
    audience_slugs = _term_slugs((n for a in activity_by_key.values() for n in a.audience), "audience")
    audiences = _activity_terms(audience_slugs, lambda a, name: name in a.audience, activity_by_key)
    return Site(config=config, today=today, stories=tuple(stories), pages=tuple(pages),
                centres=tuple(centres), calendar=calendar, tags=tags, categories=categories,
                centre_by_id=centre_by_id, activity_by_key=activity_by_key,
                category_slugs=category_slugs, tag_slugs=tag_slugs, audiences=audiences,
                audience_slugs=audience_slugs, offline_stories=tuple(offline),
                stale_series=tuple(stale))


def _activity_terms(slugs: dict[str, str], belongs, activity_by_key) -> tuple[Term, ...]:
    return tuple(
        Term(name, slugs[name], activities=tuple(a for a in activity_by_key.values() if belongs(a, name)))
        for name in sorted(slugs, key=lambda n: slugs[n])
    )


def _term_slugs(names: Iterable[str], prefix: str) -> dict[str, str]:
    """Pinyin slugs for tag/category names; names whose pinyin collide get -2, -3 (in name order)."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names)):
        base = slugify(name) or prefix
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[name] = slug
    return slugs


def _check_references(stories, centre_by_id, activity_by_key, errors: ErrorCollector) -> None:
    """Every centre and activity a story names exists. A name whose definition failed (a schedule
    that could not be read, an activity with a mistake) is not reported again: that error is
    already on the list, and fixing it fixes the story too."""
    language = errors.language
    for story in stories:
        loc = story.field_locs.get("centres", SourceLocation(story.src_path, 1, 1))
        for centre_id in story.centre_ids:
            if centre_id not in centre_by_id and centre_id not in errors.failed:
                known = ", ".join(sorted(centre_by_id)) or message("none_yet", language)
                errors.error(loc, message("unknown_centre", language, id=centre_id, known=known,
                                          suggestion=suggest(centre_id, centre_by_id, language)))
        loc = story.field_locs.get("activities", SourceLocation(story.src_path, 1, 1))
        for ref in story.activity_refs:
            if ref in activity_by_key or ref in errors.failed or ref.split("/", 1)[0] in errors.failed:
                continue
            example = next(iter(sorted(activity_by_key)), "qingshi/concert")
            errors.error(loc, message("unknown_activity", language, ref=ref, example=example,
                                      suggestion=suggest(ref, activity_by_key, language)))


def _check_room_conflicts(calendar: Calendar, errors: ErrorCollector) -> None:
    """Warn once per pair of activities of a centre that use the same room at overlapping times."""
    by_room: dict[tuple[str, str], list[Occurrence]] = {}
    for occurrence in calendar.occurrences:
        if occurrence.cancelled or occurrence.all_day or not occurrence.location:
            continue
        key = (occurrence.activity.centre_id, occurrence.location.strip())
        by_room.setdefault(key, []).append(occurrence)
    reported: set[tuple[str, str]] = set()
    for (_, room), items in sorted(by_room.items()):
        items.sort(key=lambda o: o.start)
        active: list[Occurrence] = []
        for occurrence in items:
            active = [o for o in active if o.end > occurrence.start]
            for other in active:
                pair = tuple(sorted((other.activity_key, occurrence.activity_key)))
                if other.activity_key == occurrence.activity_key or pair in reported:
                    continue
                reported.add(pair)
                errors.warning(occurrence.activity.loc,
                               f"'{occurrence.activity.id}' and '{other.activity.id}' both use {room} on "
                               f"{occurrence.day} ({other.start:%H:%M}–{other.end:%H:%M} and "
                               f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}); move one of them "
                               "or give it another room")
            active.append(occurrence)


def _plain_text(html_text: str) -> str:
    """Markdown-rendered HTML as one line of plain text (feed descriptions, link previews)."""
    text = re.sub(r"</(p|li|h\d|div|tr|td|th)>|<br\s*/?>", " ", html_text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return join_cjk(" ".join(text.split()))


# ---- scheduled publishing ----

_LINK = re.compile(r'<a\b[^>]*\shref="([^"]*)"[^>]*>(.*?)</a>', re.S)
_STORY_PATH = re.compile(r"^stories/([^/]+)/?(?:index\.html)?$")


def unlink_offline(stories: list[Story], pages: list[Page], offline: list[Story], today: dt.date,
                   config: SiteConfig, errors: ErrorCollector) -> tuple[list[Story], list[Page]]:
    """The stories online today, and their and the pages' links to offline stories turned into text.

    A link to a story that is not online yet (or any more) would be a 404; the link text stays.
    """
    online = [s for s in stories if s.online_on(today)]
    if not offline:
        return online, pages
    by_slug = {s.slug: s for s in offline}

    def rewrite(body_html: str, own_url: str, src_path: str, locs: dict[str, SourceLocation]) -> str:
        def replace_link(match: re.Match) -> str:
            href = html.unescape(match.group(1))
            target = by_slug.get(_linked_story_slug(href, own_url, config))
            if target is None:
                return match.group(0)
            if target.online_day > today:
                text = message("link_to_scheduled", config.language, title=target.title, day=target.online_day)
            else:
                text = message("link_to_expired", config.language, title=target.title, day=target.expires)
            errors.warning(locs.get(href, SourceLocation(src_path)), text)
            return match.group(2)
        return _LINK.sub(replace_link, body_html)

    online = [replace(s, body_html=rewrite(s.body_html, route_url("story", s.slug), s.src_path, s.link_locs))
              for s in online]
    pages = [replace(p, body_html=rewrite(p.body_html, route_url("page", p.slug), p.src_path, {})) for p in pages]
    return online, pages


def _linked_story_slug(href: str, own_url: str, config: SiteConfig) -> str | None:
    """The slug of the story an href points to (relative, /base-path/… or the full address), or None."""
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    if path.startswith(config.base_url):
        path = path[len(config.base_url):]
    elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", path):
        return None
    elif path.startswith("/"):
        if not path.startswith(config.base_path):
            return None
        path = path[len(config.base_path):]
    else:
        path = posixpath.normpath(posixpath.join(own_url, path)) + ("/" if path.endswith("/") else "")
    match = _STORY_PATH.match(path.lstrip("/"))
    return match.group(1) if match else None


# ---- stale-schedule guard ----

STALE_AFTER_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = pycalendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def stale_series(centres: Iterable[Centre], today: dt.date) -> list[StaleSeries]:
    """Open-ended series whose file was last confirmed (updated:, else the series' from:) more than
    six months ago and that have no review_by:, plus every activity whose review_by: has passed."""
    limit = months_before(today, STALE_AFTER_MONTHS)
    found = []
    for centre in centres:
        for activity in centre.activities:
            schedule = activity.schedule
            if activity.review_by is not None:
                if activity.review_by < today:
                    found.append(StaleSeries(activity, "review_by", activity.review_by))
                continue
            if isinstance(schedule, OneOff) or schedule.until is not None:
                continue
            since = activity.updated or schedule.start
            if since < limit:
                found.append(StaleSeries(activity, "updated" if activity.updated else "from", since))
    return found


def _warn_stale(stale: list[StaleSeries], language: str, errors: ErrorCollector) -> None:
    for item in stale:
        a = item.activity
        key = {"updated": "stale_series", "from": "stale_series_no_updated", "review_by": "review_by_passed"}
        errors.warning(a.loc, message(key[item.reason], language, title=a.title, id=a.id, since=item.since,
                                      review_by=a.review_by))


def _warn_future_attendance(centres: Iterable[Centre], today: dt.date, language: str,
                            errors: ErrorCollector) -> None:
    """People counted on a day still to come is almost always a mistyped year."""
    for centre in centres:
        for activity in centre.activities:
            for entry in activity.attendance:
                if entry.date > today:
                    errors.warning(entry.loc, message("attendance_in_future", language, date=entry.date,
                                                      today=today))


def check_sections(site: Site) -> list[str]:
    """What 'sitegen check' lists after the warnings: series to review and stories on a schedule."""
    language, lines = site.config.language, []
    if site.stale_series:
        lines.append(message("check_stale_heading", language, n=len(site.stale_series)))
        for item in site.stale_series:
            why = message(f"check_stale_why_{'review' if item.reason == 'review_by' else item.reason}",
                          language, since=item.since, review_by=item.since)
            lines.append(message("check_stale_line", language, loc=item.activity.loc,
                                 centre=item.activity.centre_id, title=item.activity.title, why=why))
    timed = sorted([s for s in site.offline_stories if s.online_day > site.today]
                   + [s for s in site.stories if s.expires], key=lambda s: s.src_path)
    if timed:
        lines.append(message("check_scheduled_heading", language, n=len(timed)))
        for story in timed:
            if story.online_day > site.today:
                when = message("check_scheduled_online", language, day=story.online_day)
            else:
                when = message("check_scheduled_expires", language, day=story.expires)
            lines.append(message("check_scheduled_line", language, loc=story.src_path, title=story.title,
                                 when=when))
    return lines
