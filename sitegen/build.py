"""The build as a table of contents: one line per stage, data flowing one way.

Everything before ``write_output`` is pure (reads sources, no writes, no clock: ``today`` comes in
as a value). Errors are collected across all files and raised together before anything is written.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError

from .config import load_config
from .errors import BuildFailed, ErrorCollector, Problem
from .feeds import FeedProducer
from .holidays import holiday_calendar
from .images import PhotoCache
from .model import Artifact
from .output import write_output
from .plan import plan_routes
from .recurrence import Window, expand
from .render import PhotoProducer, _Renderer, copy_file, make_environment, robots, sitemap, template_problem
from .routes import Plan, Route, RouteMissing
from .schedules import read_schedules
from .site import Site, assemble, check_sections
from .search import index_search, search_records
from .sources import Sources, discover
from .subscribe import qr_artifact
from .words import message
from .stories import read_pages, read_stories

WINDOW_DAYS_BEFORE = 31  # pages show last month's calendar page and recent changes
WINDOW_DAYS_AFTER = 400  # long enough for the next date of a yearly event
FEED_HISTORY_DAYS = 366  # dated events older than this are dropped from feeds (size limits)
FEED_FUTURE_DAYS = 3 * 366  # dated events this far ahead go into feeds
CACHE_DIR = Path(".sitegen-cache/images")  # resized photos, relative to the site; safe to delete


@dataclass(frozen=True)
class BuildResult:
    files: int
    seconds: float
    warnings: list[Problem]


def window_for(today: dt.date) -> Window:
    return Window(today - dt.timedelta(days=WINDOW_DAYS_BEFORE), today + dt.timedelta(days=WINDOW_DAYS_AFTER),
                  feed_start=today - dt.timedelta(days=FEED_HISTORY_DAYS),
                  feed_end=today + dt.timedelta(days=FEED_FUTURE_DAYS))


@dataclass(frozen=True)
class Loaded:
    """The site as the producers see it: the model, its source files, and the plan of output/."""

    site: Site
    sources: Sources
    plan: Plan


def load(root: Path, today: dt.date, errors: ErrorCollector) -> Loaded:
    """Every stage up to the plan; raises BuildFailed with all problems found (clashes included)."""
    config = load_config(root, errors)                           # site.yaml → SiteConfig
    sources = discover(root, config, errors)                     # which files are what (inside the site)
    stories = read_stories(sources, config, errors)              # Markdown → Story
    pages = read_pages(sources, config, errors)                  # Markdown → Page
    centres = read_schedules(sources, config, errors)            # YAML → Centre, Activity
    holidays = holiday_calendar(config.holidays, config.language)  # official + the site's own dates
    calendar = expand(centres, window_for(today), holidays, errors,  # rules → Occurrences (one truth)
                      config.language)
    site = assemble(config, today, stories, pages, centres, calendar, errors)
    plan = plan_routes(site, sources, errors)                    # every output file, once; clashes named
    errors.raise_if_errors()
    return Loaded(site, sources, plan)


def load_site(root: Path, today: dt.date, errors: ErrorCollector) -> Site:
    """The assembled site (``load`` without the plan, for callers that only read the model)."""
    return load(root, today, errors).site


def producers(loaded: Loaded, cache_dir: Path | None) -> dict[str, Callable[[Route], Artifact]]:
    """Producer name (Route.producer) → the function that makes a route's file. ``search_index``
    has none here: Pagefind fills its folder in the writer's finish step."""
    site, sources, plan = loaded.site, loaded.sources, loaded.plan
    pages = _Renderer(site, make_environment(sources.theme_dirs), plan, sources)
    cache = PhotoCache(sources.root / cache_dir) if cache_dir is not None else None
    return {
        "page": pages.produce,                                    # → HTML pages, posters, 404
        "feed": (feeds := FeedProducer(site)), "atom": feeds, "event": feeds,  # → .ics and Atom
        "qr": lambda route: qr_artifact(site, route),             # → QR codes of feeds and posters
        "photo": PhotoProducer(site, sources, cache),             # → resized photos (memoised)
        "copy": copy_file(sources.theme_dirs),                    # → CSS and icons
        "sitemap": lambda route: sitemap(site, plan),
        "robots": lambda route: robots(site, plan),
    }


def produce(loaded: Loaded, cache_dir: Path | None, skip: tuple[str, ...] = ()) -> list[Artifact]:
    """Each route of the plan → its producer → one Artifact (in plan order)."""
    made = producers(loaded, cache_dir)
    try:
        return [made[route.producer](route) for route in loaded.plan.routes
                if route.producer in made and route.producer not in skip]
    except (TemplateError, RouteMissing) as exc:  # a mistake in a site's own theme
        language = loaded.site.config.language
        raise BuildFailed([template_problem(exc, loaded.sources.root, language)], language) from None


def failure_summary(command: str, failure: BuildFailed) -> str:
    """The line after a failed build's problems, in the site's language."""
    count = sum(1 for p in failure.problems if p.severity == "error")
    return message("build_failed", failure.language, command=command, count=count)


def build(root: Path, out_dir: Path, today: dt.date, cache_dir: Path | None = CACHE_DIR) -> BuildResult:
    started = time.perf_counter()
    errors = ErrorCollector()
    loaded = load(root, today, errors)                            # load → validate → expand → plan
    artifacts = produce(loaded, cache_dir)                        # every route → its producer → Artifact
    records = search_records(loaded.site)                         # → what search finds, from the model
    files = write_output(artifacts, out_dir,                      # the only writer: atomic swap
                         finish=lambda folder: index_search(folder, records, loaded.site.config.language))
    return BuildResult(files, time.perf_counter() - started, errors.sorted())


def check(root: Path, today: dt.date) -> list[Problem]:
    """Validate without writing anything; returns warnings (raises BuildFailed on errors)."""
    return check_with_sections(root, today)[0]


def check_with_sections(root: Path, today: dt.date) -> tuple[list[Problem], list[str]]:
    """``check``, plus the lines 'sitegen check' lists: series to review, stories on a schedule."""
    errors = ErrorCollector()
    loaded = load(root, today, errors)
    produce(loaded, None, skip=("photo",))  # templates can fail too; render in memory, write nothing
    return errors.sorted(), check_sections(loaded.site)
