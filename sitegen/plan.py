"""The plan stage: the assembled site → every file of output/ as one Route, clashes reported.

Between assembling the site and producing files: nothing is rendered here, so a clash (two
stories with one slug, a page called tags) is found before any work, with both sources named,
and every later stage (production, the writer, a future incremental build) works from one list.

What a route depends on is declared conservatively: an HTML page lists the pages of the site
(their titles are the menu), a list of stories every story file (any of them may join it), a
page of what is on every schedule (any may add a category). ``theme`` stands for the theme's
templates and static files and sitegen's own version; ``today`` for every route that changes
with the day (what is online, upcoming, this month).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import images as photos
from .errors import ErrorCollector, SourceLocation
from .model import Image, Story
from .routes import Claim, Plan, Route, make_plan, path_for
from .site import Feed, Site, _linked_story_slug, event_key
from .sources import Sources

MONTHS_SHOWN = 3  # month calendar pages: this month and the next two
POSTER_MONTHS = 2  # posters: this month and the next

# settings every HTML page reads (head, menu, footer, links); site.yaml keys unless said
PAGE = ("title", "description", "base_url", "language", "extra", "unsafe_html", "theme")
DATED = ("today", "timezone", "holidays")  # what is online and when sessions are
FEED = ("title", "description", "base_url", "language", "timezone", "holidays", "feed_refresh_hours", "today")
TEMPLATES = {"home": "index.html", "stories": "story_list.html", "story": "story.html", "tags": "tags.html",
             "tag": "tag.html", "centres": "centres.html", "centre": "centre.html", "activity": "activity.html",
             "upcoming": "upcoming.html", "calendar": "month.html", "month": "month.html", "page": "page.html",
             "subscribe": "subscribe.html", "poster": "poster.html", "search": "search.html", "404": "404.html"}


def months_from(today: dt.date, count: int) -> list[tuple[int, int]]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def poster_months(today: dt.date) -> list[tuple[int, int]]:
    return months_from(today, POSTER_MONTHS)


def poster_feeds(site: Site) -> list[Feed]:
    """The feeds that have posters: each centre's and each audience's."""
    return [f for f in site.feeds() if f.key.startswith(("centres/", "audiences/"))]


def photo_folder(site: Site, story: Story, image: Image) -> str:
    """Where a photo's variants are published: beside the story, or once under images/ if shared."""
    return "images/" if image.shared else site.story_url(story)


def photo_names(image: Image) -> list[str]:
    """The files one photo is published as: its resized variants, or the SVG/GIF as it is."""
    return [v.file_name for v in photos.variants(image)] if photos.resized(image) else [photos.copied_name(image)]


def static_files(theme_dirs: tuple[Path, ...]) -> dict[str, Path]:
    """dest → file of the theme's static/ folder, the site's own theme overriding the bundled one."""
    chosen: dict[str, Path] = {}
    for theme in reversed(theme_dirs):
        static = theme / "static"
        if static.is_dir():
            for path in static.rglob("*"):
                if path.is_file():
                    chosen[path_for("static", path.relative_to(static).as_posix())] = path
    return dict(sorted(chosen.items()))


def plan_routes(site: Site, sources: Sources, errors: ErrorCollector) -> Plan:
    """Every file the build will write, each once, with its producer and what it depends on.
    Clashes go to ``errors`` (in the site's language); the plan keeps the first of two."""
    routes: list[Route] = []
    stories = tuple(sources.stories) + tuple(sorted({i.src_path for s in site.stories for i in s.images}))
    schedules, pages = tuple(sources.schedules), tuple(sources.pages)
    all_sources = stories + schedules + pages

    def add(kind: str, key: str = "", producer: str = "page", srcs: tuple[str, ...] = (), settings=PAGE,
            origin: SourceLocation | None = None) -> None:
        html = producer == "page"
        routes.append(Route(path_for(kind, key), kind, key, producer,
                            _unique(srcs + pages) if html else _unique(srcs), tuple(settings),
                            TEMPLATES.get(kind, "") if html else "", origin))

    # stories, their lists and tags
    add("home", srcs=stories + schedules, settings=PAGE + DATED + ("home_days", "upcoming_weeks"))
    per_page = site.config.stories_per_page
    for number in range(1, max(1, -(-len(site.stories) // per_page)) + 1):
        add("stories", str(number), srcs=stories, settings=PAGE + ("today", "stories_per_page"))
    by_slug = {s.slug: s for s in (*site.stories, *site.offline_stories)}
    for story in site.stories:
        add("story", story.slug, srcs=_story_sources(site, story, by_slug), settings=PAGE + DATED,
            origin=_story_origin(story))
    add("tags", srcs=stories, settings=PAGE + ("today",))
    for tag in site.tags:
        add("tag", tag.slug, srcs=stories, settings=PAGE + ("today",))
    # centres and activities
    add("centres", srcs=schedules)
    for centre in site.centres:
        add("centre", centre.id, srcs=(centre.src_path,) + stories, settings=PAGE + DATED + ("upcoming_weeks",))
        for activity in centre.activities:
            add("activity", activity.key, srcs=(centre.src_path,) + stories, settings=PAGE + DATED)
    # what is on
    upcoming = PAGE + DATED + ("upcoming_weeks",)
    add("upcoming", srcs=schedules, settings=upcoming)
    for kind, terms in (("categories", site.categories), ("audiences", site.audiences)):
        for term in terms:
            add("upcoming", f"{kind}/{term.slug}", srcs=schedules, settings=upcoming)
    add("calendar", srcs=schedules, settings=PAGE + DATED)
    for year, month in months_from(site.today, MONTHS_SHOWN):
        add("month", f"{year:04d}-{month:02d}", srcs=schedules, settings=PAGE + DATED)
    for page in site.pages:
        add("page", page.slug, srcs=(page.src_path,) + stories, settings=PAGE + ("today",),
            origin=SourceLocation(page.src_path, 1, 1))
    add("search")
    add("404")
    # feeds, subscribe pages, QR codes, posters
    for feed in site.feeds():
        srcs = _feed_sources(site, feed, schedules)
        add("feed", feed.key, "feed", srcs, FEED)
        add("subscribe", feed.key, srcs=srcs, settings=PAGE + ("today",))
        add("qr", feed.key, "qr", srcs, ("title", "base_url", "language"))
    for feed in poster_feeds(site):
        srcs = _feed_sources(site, feed, schedules)
        add("poster_qr", feed.key, "qr", srcs, ("title", "base_url", "language"))
        for year, month in poster_months(site.today):
            add("poster", f"{feed.key}/{year:04d}-{month:02d}", srcs=srcs, settings=PAGE + DATED)
    add("atom", "", "atom", stories, ("title", "description", "base_url", "language", "unsafe_html", "today"))
    for occurrence in site.downloadable_occurrences():
        centre = site.centre_of(occurrence)
        add("event", event_key(occurrence), "event", (centre.src_path,), FEED + ("upcoming_weeks",))
    # photos, theme files, and the files about the site
    done: set[str] = set()
    for story in site.stories:
        for image in story.images:
            folder = photo_folder(site, story, image)
            for name in photo_names(image):
                dest = folder + name
                if (dest, image.src_path) in done:
                    continue  # a shared photo shown by several stories is published once
                done.add((dest, image.src_path))
                add("photo", dest, "photo", (image.src_path, story.src_path), (), _story_origin(story))
    root = sources.root.resolve()
    for dest, path in static_files(sources.theme_dirs).items():
        relative = path.resolve()
        srcs = (relative.relative_to(root).as_posix(),) if root in relative.parents else ()
        add("static", dest[len("static/"):], "copy", srcs, ("theme",))
    add("sitemap", "", "sitemap", all_sources, ("base_url", "today", "stories_per_page"))
    add("robots", "", "robots", (), ("base_url",))
    add("search_index", "", "search_index", all_sources, ("language", "today", "unsafe_html"))
    claims = [Claim(path_for("story", s.slug), _story_origin(s)) for s in site.offline_stories]
    return make_plan(routes, claims, errors)


def _story_origin(story: Story) -> SourceLocation:
    return story.field_locs.get("slug", SourceLocation(story.src_path, 1, 1))


def _story_sources(site: Site, story: Story, by_slug: dict[str, Story]) -> tuple[str, ...]:
    """A story's own file and photos, the schedules it shows dates from, and the stories it links
    to (a link to one that goes offline becomes text)."""
    schedules = {site.centre_by_id[c].src_path for c in story.centre_ids if c in site.centre_by_id}
    schedules |= {site.centre_by_id[k.split("/", 1)[0]].src_path for k in story.activity_refs
                  if k.split("/", 1)[0] in site.centre_by_id}
    own = site.story_url(story)
    linked = {by_slug[slug].src_path for href in story.link_locs
              if (slug := _linked_story_slug(href, own, site.config)) in by_slug and slug != story.slug}
    return (story.src_path, *sorted({i.src_path for i in story.images}), *sorted(schedules), *sorted(linked))


def _feed_sources(site: Site, feed: Feed, schedules: tuple[str, ...]) -> tuple[str, ...]:
    """A centre's or an activity's feed comes from one schedule; the others from all of them
    (any schedule may add an activity to a category or an audience)."""
    if feed.key.startswith(("centres/", "activities/")):
        return (site.centre_by_id[feed.key.split("/")[1]].src_path,)
    return schedules


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
