"""The build as a table of contents: one line per stage, data flowing one way.

Everything before ``write_output`` is pure (reads sources, no writes, no clock: ``today`` comes in
as a value). Errors are collected across all files and raised together before anything is written.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from .config import load_config
from jinja2 import TemplateError

from .errors import BuildFailed, ErrorCollector, Problem
from .feeds import render_feeds
from .holidays import holiday_calendar
from .images import PhotoCache
from .model import Artifact
from .output import write_output
from .recurrence import Window, expand
from .render import make_environment, photo_artifacts, render_pages, static_assets, template_problem
from .schedules import read_schedules
from .site import Site, assemble, check_sections
from .search import index_search, search_records
from .sources import discover
from .subscribe import qr_artifacts
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


def load_site(root: Path, today: dt.date, errors: ErrorCollector) -> Site:
    """Every stage up to the assembled site; raises BuildFailed with all problems found."""
    config = load_config(root, errors)                           # site.yaml → SiteConfig
    sources = discover(root, config, errors)                     # which files are what (inside the site)
    stories = read_stories(sources, config, errors)              # Markdown → Story
    pages = read_pages(sources, config, errors)                  # Markdown → Page
    centres = read_schedules(sources, config, errors)            # YAML → Centre, Activity
    holidays = holiday_calendar(config.holidays, config.language)  # official + the site's own dates
    calendar = expand(centres, window_for(today), holidays, errors,  # rules → Occurrences (one truth)
                      config.language)
    site = assemble(config, today, stories, pages, centres, calendar, errors)
    errors.raise_if_errors()
    return site


def render_site(root: Path, site: Site) -> list[Artifact]:
    sources = discover(root, site.config)
    env = make_environment(sources.theme_dirs)
    try:
        pages = render_pages(site, sources, env)                  # → HTML pages
    except TemplateError as exc:  # a mistake in a site's own theme
        raise BuildFailed([template_problem(exc, root)], site.config.language) from None
    return (pages
            + render_feeds(site)                                  # → .ics feeds and Atom
            + qr_artifacts(site)                                  # → QR codes of the feeds
            + static_assets(sources.theme_dirs))                  # → CSS and icons


def render_photos(root: Path, site: Site, cache_dir: Path | None) -> list[Artifact]:
    """Resized photo variants; ``cache_dir`` (relative to the site, or None for no cache) is the
    memo that keeps an unchanged photo from being encoded again. Skipped by ``check``."""
    cache = PhotoCache(root / cache_dir) if cache_dir is not None else None
    return photo_artifacts(site, discover(root, site.config), cache)


def failure_summary(command: str, failure: BuildFailed) -> str:
    """The line after a failed build's problems, in the site's language."""
    count = sum(1 for p in failure.problems if p.severity == "error")
    return message("build_failed", failure.language, command=command, count=count)


def build(root: Path, out_dir: Path, today: dt.date, cache_dir: Path | None = CACHE_DIR) -> BuildResult:
    started = time.perf_counter()
    errors = ErrorCollector()
    site = load_site(root, today, errors)
    artifacts = render_site(root, site) + render_photos(root, site, cache_dir)  # photos: memoised
    records = search_records(site)                                # → what search finds, from the model
    files = write_output(artifacts, out_dir,                      # the only writer: atomic swap
                         finish=lambda folder: index_search(folder, records, site.config.language))
    return BuildResult(files, time.perf_counter() - started, errors.sorted())


def check(root: Path, today: dt.date) -> list[Problem]:
    """Validate without writing anything; returns warnings (raises BuildFailed on errors)."""
    return check_with_sections(root, today)[0]


def check_with_sections(root: Path, today: dt.date) -> tuple[list[Problem], list[str]]:
    """``check``, plus the lines 'sitegen check' lists: series to review, stories on a schedule."""
    errors = ErrorCollector()
    site = load_site(root, today, errors)
    render_site(root, site)  # templates can fail too; render in memory, write nothing
    return errors.sorted(), check_sections(site)
