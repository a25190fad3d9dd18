"""Jinja2 rendering of every HTML page, with theme lookup (the site's themes/ override the default).

Links inside pages are relative to the page, so the built site works from any sub-path; only
feeds and subscribe links use the absolute base URL.
"""
from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import images as photos
from . import words
from .errors import ErrorCollector, Problem, SourceLocation
from .model import Artifact, Image, Occurrence, Story
from .plan import (MONTHS_SHOWN, POSTER_MONTHS, months_from, photo_folder, photo_names, plan_routes,  # noqa: F401
                   poster_feeds, poster_months, static_files)
from .routes import Plan, Route, RouteMissing
from .site import NEXT_DATES_SHOWN, Site, event_key
from .subscribe import platform_links, qr_artifact, qr_svg  # noqa: F401
from .sources import Sources
from .words import message


def make_environment(theme_dirs: tuple[Path, ...]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(d / "templates") for d in theme_dirs]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def template_location(exc: Exception, root: Path) -> SourceLocation:
    """Where in a template ``exc`` happened ('themes/…/x.html:LINE'), from the traceback when
    Jinja does not say (an undefined variable is only noticed while rendering)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".html"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    where = Path(filename or "themes")
    try:
        where = where.resolve().relative_to(root.resolve())
    except ValueError:
        pass
    return SourceLocation(where.as_posix(), line or 0, 0 if not line else 1)


def template_problem(exc: Exception, root: Path, language: str = "en") -> Problem:
    """A template mistake as 'themes/…/x.html:LINE: error: …'; a link to a route the plan does not
    hold (url_for of a page the site has not) is said as such, in the site's language."""
    if isinstance(exc, RouteMissing):
        return Problem(template_location(exc, root), message("route_missing", language, kind=exc.kind, key=exc.key))
    return Problem(template_location(exc, root), f"template: {exc}; check the spelling of the variable or tag here")


def relative_url(target: str, current: str) -> str:
    """The link from the page at ``current`` (e.g. 'stories/x/') to ``target`` (site-relative)."""
    depth = current.count("/")
    return ("../" * depth + target) or "./"


def photo_url(site: Site, story: Story, image: Image) -> str:
    """The site-relative address of a photo as one file: its largest JPEG (link previews)."""
    name = photos.largest_jpeg(image).file_name if photos.resized(image) else photos.copied_name(image)
    return photo_folder(site, story, image) + name


def add_links(site: Site, occurrence: Occurrence, plan: Plan | None = None) -> dict[str, str]:
    """'Add this one' links: our .ics file, Google Calendar and Outlook (personal and work)."""
    activity = occurrence.activity
    centre = site.centre_of(activity)
    place = words.STRINGS[site.config.language]["comma"].join(
        p for p in (centre.name, occurrence.location, centre.address) if p)
    details = site.absolute(site.activity_url(activity))
    if occurrence.all_day:
        dates = f"{occurrence.day:%Y%m%d}/{occurrence.last_day + dt.timedelta(days=1):%Y%m%d}"
        start, end = occurrence.day.isoformat(), (occurrence.last_day + dt.timedelta(days=1)).isoformat()
    else:
        utc = dt.timezone.utc
        dates = f"{occurrence.start.astimezone(utc):%Y%m%dT%H%M%SZ}/{occurrence.end.astimezone(utc):%Y%m%dT%H%M%SZ}"
        start, end = occurrence.start.isoformat(), occurrence.end.isoformat()
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {"action": "TEMPLATE", "text": activity.title, "dates": dates, "details": details,
         "location": place, "ctz": activity.timezone}, quote_via=quote)
    outlook = urlencode({"rru": "addevent", "subject": activity.title, "startdt": start, "enddt": end,
                         "allday": "true" if occurrence.all_day else "false", "location": place,
                         "body": details, "path": "/calendar/action/compose"}, quote_via=quote)
    return {
        "ics": plan.url_for("event", event_key(occurrence)) if plan else site.occurrence_ics_url(occurrence),
        "google": google,
        "outlook": "https://outlook.live.com/calendar/0/action/compose?" + outlook,
        "office": "https://outlook.office.com/calendar/0/action/compose?" + outlook,
    }


def day_groups(occurrences: list[Occurrence], first: dt.date | None = None,
               moved: list[Occurrence] = ()) -> list[tuple[dt.date, list[Occurrence], list[Occurrence]]]:
    """(day, occurrences, occurrences moved away from that day) by day; a multi-day event is listed
    on its first day (or ``first``); a day may hold only "改期至 …" notes."""
    groups: dict[dt.date, tuple[list[Occurrence], list[Occurrence]]] = {}
    for occurrence in occurrences:
        day = max(occurrence.day, first) if first else occurrence.day
        groups.setdefault(day, ([], []))[0].append(occurrence)
    for occurrence in moved:
        groups.setdefault(occurrence.original_date, ([], []))[1].append(occurrence)
    return [(day, items, away) for day, (items, away) in sorted(groups.items())]


@dataclass(frozen=True)
class MonthDay:
    """One day of a month page: what starts, what goes on from an earlier day, what moved away."""

    day: dt.date
    occurrences: tuple[Occurrence, ...] = ()
    continuing: tuple[Occurrence, ...] = ()
    moved_away: tuple[Occurrence, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.occurrences or self.continuing or self.moved_away)


def month_days(year: int, month: int, occurrences: list[Occurrence], moved: list[Occurrence] = ()) -> list[MonthDay]:
    """Every day of the month, for the month page (a grid on wide screens, an agenda on phones).

    An occurrence is listed once, on its first day in the month; later days of a multi-day event
    only say it goes on, so the page lists each occurrence exactly once, as the feeds do."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    starts: dict[dt.date, list[Occurrence]] = {}
    goes_on: dict[dt.date, list[Occurrence]] = {}
    for occurrence in occurrences:
        shown = max(occurrence.day, first)
        starts.setdefault(shown, []).append(occurrence)
        day = shown + dt.timedelta(days=1)
        while day <= min(occurrence.last_day, last):
            goes_on.setdefault(day, []).append(occurrence)
            day += dt.timedelta(days=1)
    away: dict[dt.date, list[Occurrence]] = {}
    for occurrence in moved:
        away.setdefault(occurrence.original_date, []).append(occurrence)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [MonthDay(d, tuple(starts.get(d, ())), tuple(goes_on.get(d, ())), tuple(away.get(d, ()))) for d in days]


class _Renderer:
    """The producer of every HTML page: one route in, one Artifact out (see ``produce``)."""

    def __init__(self, site: Site, env: Environment, plan: Plan | None = None, sources: Sources | None = None):
        self.site = site
        self.env = env
        self.plan = plan if plan is not None else _plan_without_checks(site, env, sources)
        self.downloadable = {(o.activity_key, o.original_date) for o in site.downloadable_occurrences()}
        self.language = site.config.language
        self.strings = words.STRINGS[self.language]
        self.artifacts: list[Artifact] = []
        self.months = months_from(site.today, MONTHS_SHOWN)
        self._feeds = {f.key: f for f in site.feeds()}
        self._stories = {s.slug: s for s in site.stories}
        self._tags = {t.slug: t for t in site.tags}
        self._pages = {p.slug: p for p in site.pages}
        self._terms = {f"categories/{c.slug}": c for c in site.categories}
        self._terms.update({f"audiences/{a.slug}": a for a in site.audiences})

    def describe(self, activity) -> Markup:
        """The schedule in words, each of its dates in a <time> element. The words come with
        placeholders for the dates (never re-read from the text), escaped, then the tags go in."""
        tags: dict[str, Markup] = {}

        def mark(day: dt.date) -> str:
            token = f"\x00{len(tags)}\x00"
            tags[token] = Markup('<time datetime="{}">{}</time>').format(day.isoformat(),
                                                                       words.full_date(day, self.language))
            return token

        html = str(escape(words.describe_schedule(activity, self.language, self.site.today, date=mark)))
        for token, tag in tags.items():
            html = html.replace(token, tag)
        return Markup(html)

    def moved_href(self, occurrence: Occurrence, link, page_days=()) -> str:
        """Where a "改期至 …" note points: the new day on this page if it is listed here, else
        that day on its month page, else the activity's list of changes."""
        anchor = f"d-{occurrence.day.isoformat()}"
        if occurrence.day in page_days:
            return "#" + anchor
        if (occurrence.day.year, occurrence.day.month) in self.months:
            return link(self.plan.url_for("month", f"{occurrence.day:%Y-%m}")) + "#" + anchor
        return link(self.plan.url_for("activity", occurrence.activity.key)) + f"#change-{occurrence.original_date.isoformat()}"

    def feed(self, key_or_ics: str):
        """A feed by its key ('centres/x'), or by its .ics address (themes written before url_for)."""
        if key_or_ics.endswith(".ics"):
            return self.site.feed_for(key_or_ics)
        return self._feeds[key_or_ics]

    def poster_links(self, key_or_ics: str) -> list[tuple[str, str]]:
        """(label, site-relative URL) of this month's and next month's poster for a feed, or []."""
        key = self.feed(key_or_ics).key
        if not self.plan.has("poster_qr", key):
            return []
        t = self.strings
        return [(t["poster_month"].format(month=t["month_title"].format(y=year, m=month, mname=words.MONTHS_EN[month - 1])),
                 self.plan.url_for("poster", f"{key}/{year:04d}-{month:02d}"))
                for year, month in poster_months(self.site.today)]

    def page(self, template: str, url: str, title: str, absolute_links: bool = False, *,
             dest: str | None = None, route: Route | None = None, **context) -> Artifact:
        """Render one page; ``absolute_links`` for pages served at any depth (the 404 page)."""
        language = self.language
        base_path = self.site.config.base_path
        context.setdefault("description", self.site.config.description)
        context.setdefault("image", "")
        link = (lambda target: base_path + target) if absolute_links else (lambda target: relative_url(target, url))
        plan = self.plan

        def url_for(kind: str, key: str = "", absolute: bool = False) -> str:
            target = plan.url_for(kind, key)
            return self.site.absolute(target) if absolute else link(target)

        context.update(
            site=self.site, config=self.site.config, page_url=url, title=title, route=route,
            t=self.strings, lang=language, today=self.site.today,
            url=link, url_for=url_for,
            day_label=lambda d, relative=True: words.day_label(d, language, self.site.today if relative else None),
            short_date=lambda d: words.short_date(d, language, self.site.today),
            date_tag=lambda d, text: Markup('<time datetime="{}">{}</time>').format(d.isoformat(), text),
            fmt=lambda template, **values: escape(template).format(**values),
            status_labels=lambda o: words.status_labels(o, language),
            moved_href=lambda o, page_days=(): self.moved_href(o, link, page_days),
            short_weekdays=words.SHORT_WEEKDAYS[language],
            full_date=lambda d: words.full_date(d, language),
            time_label=lambda o: words.time_label(o, language),
            describe=self.describe,
            add_links=lambda o: add_links(self.site, o, plan)
            if (o.activity_key, o.original_date) in self.downloadable else None,
            day_groups=day_groups,
            weekday_name=lambda w: words.WEEKDAYS[language][w],
            feed_of=self.feed,
            platform=lambda feed: platform_links(self.site, feed),
            subscribe_page=lambda feed: plan.url_for("subscribe", self.feed(feed).key),
            poster_links=self.poster_links,
        )
        link = context["url"]

        def photo_link(target: str) -> str:  # a photo beside this very page: just its file name
            return target[len(url):] if url and not absolute_links and target.startswith(url) else link(target)

        context["picture"] = lambda image, story, sizes, alt="", lazy=True, small=False: Markup(
            photos.picture_html(image, lambda name: photo_link(plan.url_for("photo", photo_folder(self.site, story, image) + name)),
                                sizes, alt, lazy=lazy, max_width=photos.LIST_MAX_WIDTH if small else None))
        html = self.env.get_template(template).render(**context)
        artifact = Artifact(dest if dest is not None else url + "index.html", html.encode("utf-8"))
        self.artifacts.append(artifact)
        return artifact

    # ---- the producer: one HTML route → its page ----

    def produce(self, route: Route) -> Artifact:
        site, t, key = self.site, self.strings, route.key
        weeks = site.config.upcoming_weeks
        page = lambda title, **context: self.page(route.template, route.url, title, dest=route.dest_path,  # noqa: E731
                                                  route=route, **context)
        kind = route.kind
        if kind == "home":
            home_days = site.config.home_days
            return page(site.config.title, upcoming=site.upcoming(home_days),
                        moved=_moved_in_next(site, home_days), stories=site.stories[:6])
        if kind == "stories":
            per_page = site.config.stories_per_page
            number = int(key or 1)
            count = max(1, -(-len(site.stories) // per_page))
            chunk = site.stories[(number - 1) * per_page:number * per_page]
            return page(t["stories"] if number == 1 else f"{t['stories']} · {t['page_n'].format(n=number)}",
                        stories=chunk, number=number, count=count)
        if kind == "story":
            story = self._stories[key]
            return page(story.title, story=story, description=story.summary,
                        image=site.absolute(photo_url(site, story, story.cover)) if story.cover else "",
                        related=[site.activity_by_key[k] for k in story.activity_refs])
        if kind == "tags":
            return page(t["tags"], tags=site.tags)
        if kind == "tag":
            tag = self._tags[key]
            return page(tag.name, tag=tag)
        if kind == "centres":
            return page(t["centres"], centres=site.centres)
        if kind == "centre":
            centre = site.centre_by_id[key]
            return page(centre.name, centre=centre, upcoming=site.upcoming(weeks * 7, centre.activities),
                        moved=_moved_in_next(site, weeks * 7, centre.activities),
                        stories=site.stories_about_centre(centre))
        if kind == "activity":
            activity = site.activity_by_key[key]
            next_dates = site.next_occurrences(activity, NEXT_DATES_SHOWN)
            return page(activity.title, activity=activity, centre=site.centre_of(activity), next_dates=next_dates,
                        next_entries=next_entries(site, activity, next_dates),
                        changes=[o for o in site.calendar.changes.get(activity.key, ())
                                 if max(o.last_day, o.original_date) >= site.today],
                        pauses=[p for p in activity.pauses if p.end >= site.today],
                        stories=site.stories_about_activity(activity))
        if kind == "upcoming":
            if not key:
                return page(t["upcoming"], upcoming=site.upcoming(weeks * 7), weeks=weeks,
                            moved=_moved_in_next(site, weeks * 7), feed=self._feeds["all"], heading=t["upcoming"])
            term = self._terms[key]
            heading = t["labelled"].format(label=t["upcoming"], value=term.name)
            return page(heading, upcoming=site.upcoming(weeks * 7, term.activities), weeks=weeks,
                        feed=self._feeds[key], moved=_moved_in_next(site, weeks * 7, term.activities), heading=heading)
        if kind == "subscribe":
            feed = self._feeds[key]
            return page(t["labelled"].format(label=t["subscribe"], value=feed.name), feed=feed)
        if kind == "poster":
            return self._poster(route)
        if kind == "404":
            return self.page(route.template, "404/", t["not_found"], absolute_links=True, dest=route.dest_path,
                             route=route)
        if kind == "search":
            return page(t["search"])
        if kind in ("calendar", "month"):
            year, month = site.today.year, site.today.month
            if kind == "month":
                year, month = int(key[:4]), int(key[5:])
            return page(t["month_title"].format(y=year, m=month, mname=words.MONTHS_EN[month - 1]),
                        **self._month_context(year, month))
        if kind == "page":
            item = self._pages[key]
            return page(item.title, page=item)
        raise RouteMissing(kind, key)

    def _month_context(self, year: int, month: int) -> dict:
        site, months = self.site, self.months
        index = months.index((year, month))
        first = dt.date(year, month, 1)
        last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
        return dict(year=year, month=month,
                    days=month_days(year, month, site.occurrences_between(first, last),
                                    site.moved_away_between(first, last)),
                    previous=months[index - 1] if index > 0 else None,
                    next=months[index + 1] if index + 1 < len(months) else None)

    def _poster(self, route: Route) -> Artifact:
        """An A4 poster of a centre or an audience for one month; its QR code (the poster_qr
        route) opens the feed's subscribe page (where the WeChat guidance is), not the bare .ics."""
        site, t = self.site, self.strings
        feed_key, ym = route.key.rsplit("/", 1)
        year, month = int(ym[:4]), int(ym[5:])
        feed = self._feeds[feed_key]
        centre = site.centre_by_id[feed_key.split("/", 1)[1]] if feed_key.startswith("centres/") else None
        name = centre.name if centre else self._terms[feed_key].name
        month_name = t["month_title"].format(y=year, m=month, mname=words.MONTHS_EN[month - 1])
        rows = poster_rows(site, self.language, year, month, feed.activities, centre is None)
        heading = (t["poster_heading"].format(month=month_name) if centre
                   else t["poster_for"].format(name=name, month=month_name))
        size, sheets = poster_layout(rows, heading)
        return self.page(route.template, route.url, t["poster_for"].format(name=name, month=month_name),
                         dest=route.dest_path, route=route, centre=centre, heading=heading, rows=rows, feed=feed,
                         size=size, sheets=sheets, qr=self.plan.url_for("poster_qr", feed_key))


def _plan_without_checks(site: Site, env: Environment, sources: Sources | None) -> Plan:
    """A plan for callers that render without one (tests, tools): clashes are not reported here."""
    if sources is None:
        themes = tuple(Path(folder).parent for folder in getattr(env.loader, "searchpath", ()))
        sources = Sources(Path("."), tuple(s.src_path for s in site.stories), tuple(p.src_path for p in site.pages),
                          tuple(c.src_path for c in site.centres), themes)
    return plan_routes(site, sources, ErrorCollector(language=site.config.language))


def render_pages(site: Site, sources: Sources, env: Environment, plan: Plan | None = None) -> list[Artifact]:
    """Every HTML page of the plan (posters and 404 included), the sitemap and robots.txt."""
    r = _Renderer(site, env, plan, sources)
    pages = [r.produce(route) for route in r.plan.by_producer("page")]
    return pages + [sitemap(site, r.plan), robots(site, r.plan)]


class PhotoProducer:
    """The producer of photo routes: each photo decoded and encoded once (only what the cache
    lacks), its variants handed out one route at a time; a shared photo is published once."""

    def __init__(self, site: Site, sources: Sources, cache: photos.PhotoCache | None):
        self.sources, self.cache = sources, cache
        self.images: dict[str, tuple[str, Image]] = {}  # dest → (folder, image)
        for story in site.stories:
            for image in story.images:
                folder = photo_folder(site, story, image)
                for name in photo_names(image):
                    self.images.setdefault(folder + name, (folder, image))
        self._encoded: dict[tuple[str, str], dict[str, bytes]] = {}
        self._left: dict[tuple[str, str], int] = {}

    def __call__(self, route: Route) -> Artifact:
        folder, image = self.images[route.dest_path]
        source = self.sources.path(image.src_path)
        if not photos.resized(image):
            return Artifact(route.dest_path, copy_from=str(source))
        key = (folder, image.src_path)
        if key not in self._encoded:
            self._encoded[key] = photos.publish(image, source.read_bytes, self.cache)
            self._left[key] = len(self._encoded[key])
        data = self._encoded[key][route.dest_path[len(folder):]]
        self._left[key] -= 1
        if not self._left[key]:  # every variant handed out: let the bytes go
            del self._encoded[key], self._left[key]
        return Artifact(route.dest_path, data)


def copy_file(theme_dirs: tuple[Path, ...]):
    """The producer of static routes: the theme's file, copied as it is."""
    files = static_files(theme_dirs)
    return lambda route: Artifact(route.dest_path, copy_from=str(files[route.dest_path]))


def _moved_in_next(site: Site, days: int, activities=None) -> list[Occurrence]:
    """Occurrences moved away from a day of the next ``days`` days (a list's "改期至 …" notes)."""
    return site.moved_away_between(site.today, site.today + dt.timedelta(days=days - 1), activities)


def next_entries(site: Site, activity, next_dates: list[Occurrence]) -> list[tuple[str, Occurrence]]:
    """An activity page's coming dates with a "改期至 …" note on each original day among them:
    ("occurrence", o) or ("moved_away", o), in date order."""
    last = next_dates[-1].last_day if len(next_dates) == NEXT_DATES_SHOWN else dt.date.max
    entries = [(o.day, 0, "occurrence", o) for o in next_dates]
    entries += [(o.original_date, 1, "moved_away", o) for o in site.moved_away_between(site.today, last, [activity])]
    return [(kind, o) for _, _, kind, o in sorted(entries, key=lambda e: (e[0], e[1], e[3].sort_key()))]


def render_posters(r: _Renderer) -> None:
    """A4 posters per centre and per audience, for this month and the next, and their QR code
    (the poster and poster_qr routes of the renderer's plan), into ``r.artifacts``."""
    for route in r.plan.of_kind("poster_qr", "poster"):
        if route.kind == "poster":
            r.produce(route)
        else:
            r.artifacts.append(qr_artifact(r.site, route))


def poster_rows(site: Site, language: str, year: int, month: int, activities, with_centre: bool) -> list[dict]:
    """One row per activity with a session this month: its real dates, times and rooms, from the
    occurrences themselves (never from a display string), and each change said in words.

    Sessions at the same time in the same room share a line ('12月2、9、16日（周三） 15:00–16:30 ·
    二楼舞蹈室'); a cancelled, moved, extra or changed session gets a line of its own. A session moved
    into or out of this month is listed on both months' posters.
    """
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    rows = []
    for activity in activities:
        items = [o for o in site.calendar.by_activity.get(activity.key, ())
                 if (o.day <= last and o.last_day >= first) or (o.moved and first <= o.original_date <= last)]
        if not items:
            continue
        items.sort(key=Occurrence.sort_key)
        in_month = [d for o in items for d in (o.day, o.original_date) if first <= d <= last]
        rows.append((min(in_month, default=first), activity.key, {
            "key": activity.key, "title": activity.title, "audience": "、".join(activity.audience) if language == "zh-CN"
            else ", ".join(activity.audience),
            "centre": site.centre_of(activity).name if with_centre else "",
            "lines": _poster_lines(activity, items, language)}))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _poster_lines(activity, items: list[Occurrence], language: str) -> list[dict]:
    regular: dict[tuple[str, str], list[Occurrence]] = {}
    cancelled: dict[str, list[Occurrence]] = {}
    changes: list[tuple[dt.date, str, list]] = []
    for o in items:
        time = words.time_label(o, language) if o.day == o.last_day else words.STRINGS[language]["all_day"]
        if o.cancelled:
            cancelled.setdefault(o.reason, []).append(o)
        elif o.status == "scheduled" and o.day == o.last_day:
            regular.setdefault((time, o.location), []).append(o)
        else:
            days = (o.day, o.last_day) if o.day != o.last_day else [o.day]
            move = next((m for m in activity.moves if m.date == o.original_date), None) if o.moved else None
            changed = ""
            if move is not None and (move.new_time or move.new_location):
                changed = ("poster_changed_both" if move.new_time and move.new_location else
                           "poster_changed_time" if move.new_time else "poster_changed_place")
            was = o.original_date if o.moved and o.original_date != o.day else None
            parts = words.poster_line(language, days, time=time, place=o.location,
                                      status="poster_extra" if o.extra else "", reason=o.reason,
                                      was=was, changed=changed)
            changes.append((min(o.day, o.original_date), o.status, parts))
    lines = [{"status": "scheduled", "parts": words.poster_line(language, [o.day for o in group], time=time, place=place)}
             for (time, place), group in sorted(regular.items(), key=lambda kv: kv[1][0].sort_key())]
    for reason, group in cancelled.items():
        changes.append((group[0].original_date, "cancelled",
                        words.poster_line(language, [o.day for o in group], status="poster_cancelled", reason=reason)))
    lines += [{"status": status, "parts": parts} for _, status, parts in sorted(changes, key=lambda c: c[0])]
    return lines


# ---- fitting the poster on A4: an estimate of the printed height, in millimetres ----
POSTER_SIZES = (32, 28, 26, 24, 22, 20, 18, 16)  # body type in pt, largest first; 16 pt reads at 1.5 m
PT = 25.4 / 72  # mm per pt
SHEET_HEIGHT = 297 - 2 * 12 - 2  # the printable A4 height (12 mm margins), less 2 mm of slack
SHEET_WIDTH = 210 - 2 * 12
TITLE_COLUMN, LINES_COLUMN, CELL_PADDING = 0.27, 0.73, 2 * 2.0  # column shares of the width; mm
LINE_HEIGHT = 1.25
ROW_PADDING, LINE_GAP = 2 * 1.2 + 0.3, 0.6  # mm: above and below a row (and its rule), between lines
FOOTER_HEIGHT = 32 + 2.5 + 1.1 + 3  # the QR code, its padding and rule, and the space above them
SAFETY = 0.96  # keep 4 % of the table space free: fonts differ a little between computers


def _em_width(text: str) -> float:
    """Width of ``text`` in em: CJK and full-width characters are 1 em, Latin ones about half."""
    width = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80 or ch in "–—…“”":
            width += 1.0
        elif ch == " ":
            width += 0.3
        elif ch.isdigit():
            width += 0.58
        elif ch.isupper():
            width += 0.68
        elif ch.isalpha():
            width += 0.55
        else:
            width += 0.4
    return width


_NO_LINE_START = set("、，。：；）」』”！？%")  # Chinese line breaking keeps these after a character
_NO_LINE_END = set("（「『“")


def _wrapped_lines(text: str, width_em: float) -> int:
    """Lines a paragraph takes, greedy as browsers fill them: CJK breaks between characters (not
    before a closing mark such as 、 or ）), Latin text at spaces, a time such as 09:00–11:30 never."""
    tokens: list[str] = []
    word, glue = "", False
    for ch in text:
        if ord(ch) >= 0x2E80 or ch in "“”":
            if word:
                tokens.append(word)
                word = ""
            if ch in _NO_LINE_START and tokens:
                tokens[-1] += ch
            elif glue:
                tokens[-1] += ch
            else:
                tokens.append(ch)
            glue = ch in _NO_LINE_END
        else:
            if glue and tokens and not word:
                tokens[-1] += ch
                glue = ch != " "
                continue
            word += ch
            if ch == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    lines, used = 1, 0.0
    for token in tokens:
        w = _em_width(token)
        if used + w > width_em and used > 0:
            lines, used = lines + 1, 0.0
            w = _em_width(token.lstrip())
        used += w
    return lines


def _row_height(row: dict, size: float) -> float:
    em = size * PT
    title_width = (SHEET_WIDTH * TITLE_COLUMN - CELL_PADDING) / em
    lines_width = (SHEET_WIDTH * LINES_COLUMN - CELL_PADDING) / em
    left = _wrapped_lines(f"{row['title']} {row['audience']}".strip(), title_width)
    left += _wrapped_lines(row["centre"], title_width) if row["centre"] else 0
    right = sum(_wrapped_lines(words.parts_text(line["parts"]), lines_width) for line in row["lines"])
    return max(left, right) * em * LINE_HEIGHT + ROW_PADDING + (len(row["lines"]) - 1) * LINE_GAP


def _table_space(size: float, heading: str, notes: bool) -> float:
    """Height left for the rows on one sheet under the header (centre, title, page note) and above
    the footer (QR code, address)."""
    title_lines = _wrapped_lines(heading + ("（续）" if notes else ""), SHEET_WIDTH / (size * 1.5 * PT))  # about as wide in English
    header = (16 * PT * LINE_HEIGHT + title_lines * size * 1.5 * PT * 1.2 + 2 + 1.4 + 1
              + (16 * PT * LINE_HEIGHT + 2 if notes else 0))
    return (SHEET_HEIGHT - header - FOOTER_HEIGHT) * SAFETY


def _paginate(rows: list[dict], size: float, heading: str) -> list[list[dict]]:
    for notes in (False, True):  # two sheets or more: each says 'page n of N', a line less room
        space, sheets, used = _table_space(size, heading, notes), [[]], 0.0
        for row in rows:
            height = _row_height(row, size)
            if sheets[-1] and used + height > space:
                sheets.append([])
                used = 0.0
            sheets[-1].append(row)
            used += height
        if len(sheets) == 1:
            break
    return sheets


def poster_layout(rows: list[dict], heading: str) -> tuple[int, list[list[dict]]]:
    """The body size (pt) and the rows of each A4 sheet: the fewest sheets, then the largest type
    (never below 16 pt) with which the estimated height of every sheet fits. Few rows: large type
    that fills the sheet; many: 16 pt and a second sheet that says so."""
    fewest = len(_paginate(rows, POSTER_SIZES[-1], heading))
    for size in POSTER_SIZES:
        sheets = _paginate(rows, size, heading)
        if len(sheets) <= fewest:
            return size, sheets
    return POSTER_SIZES[-1], _paginate(rows, POSTER_SIZES[-1], heading)


def sitemap(site: Site, plan: Plan) -> Artifact:
    """Every page of the plan but the subscribe pages (and the 404 page, which is no page)."""
    urls = sorted(r.url for r in plan.routes if r.dest_path.endswith("index.html") and r.kind != "subscribe")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(site.absolute(u))}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return Artifact("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))


def robots(site: Site, plan: Plan | None = None) -> Artifact:
    target = plan.url_for("sitemap") if plan is not None else "sitemap.xml"
    return Artifact("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.absolute(target)}\n".encode())
