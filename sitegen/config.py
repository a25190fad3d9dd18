"""site.yaml → a frozen, typed SiteConfig. An unknown or misspelt key is an error with its line."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ErrorCollector, SourceError, SourceLocation
from .words import STRINGS, message
from .yamlsource import Fields, YList, YMap, date_problem, load_yaml, parse_date

CONFIG_FILE = "site.yaml"
BUNDLED_THEMES = Path(__file__).resolve().parent / "themes"  # inside the package: ships in the wheel
LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    name: str


@dataclass(frozen=True)
class HolidayConfig:
    """The site's own holiday data, on top of the official dates (see docs/holidays.md)."""

    days_off: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    school_vacations: tuple[DateRange, ...] = ()

    @property
    def years(self) -> set[int]:
        """Years the site declared days off for count as known."""
        return {d.year for d in self.days_off}


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # absolute, ends with '/'
    language: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    description: str = ""
    stories_per_page: int = 10
    home_days: int = 7  # the home page lists this many days of activities
    upcoming_weeks: int = 4  # the 'upcoming' page covers this many weeks
    feed_refresh_hours: int = 12  # how often subscribed calendars should refresh
    theme: str = "default"
    unsafe_html: bool = False  # raw HTML from Markdown kept as written (scripts too): docs/safety.md
    holidays: HolidayConfig = field(default_factory=HolidayConfig)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def host(self) -> str:
        """The site's host name, part of every calendar UID."""
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def base_path(self) -> str:
        """The sub-path the site is published under, e.g. '/qingshi/'."""
        return urlsplit(self.base_url).path or "/"


_FIELDS = (
    "title", "description", "base_url", "language", "timezone", "stories_per_page",
    "home_days", "upcoming_weeks", "feed_refresh_hours", "theme", "holidays", "extra",
    "unsafe_html",
)
_HOLIDAY_FIELDS = ("days_off", "workdays", "school_vacations")
_VACATION_FIELDS = ("from", "until", "name")


def load_config(root: Path, errors: ErrorCollector) -> SiteConfig:
    """Read and validate site.yaml, reporting mistakes to ``errors``.

    Returns a best-effort config even when site.yaml has mistakes, so the other files are
    still checked and every error of the build is reported in one run.

    Sets ``errors.language`` to the site's language, so every later message is worded in it.
    Mistakes in site.yaml itself are worded in the language its ``language:`` line names (read
    from the raw text, which works even when the YAML does not parse), else in Chinese.
    """
    errors.language = "zh-CN"
    path = root / CONFIG_FILE
    if not path.is_file():
        errors.error(SourceLocation(CONFIG_FILE), message("config_missing", errors.language, root=root))
        return parse_config(None, ErrorCollector(language=errors.language))
    real = path.resolve()
    if real != root.resolve() / CONFIG_FILE and root.resolve() not in real.parents:
        errors.error(SourceLocation(CONFIG_FILE), message("outside_site", errors.language, name=CONFIG_FILE, target=real))
        return parse_config(None, ErrorCollector(language=errors.language))
    try:
        text = path.read_text(encoding="utf-8-sig")
        errors.language = declared_language(text)
        data = load_yaml(text, CONFIG_FILE, errors)
    except SourceError as exc:
        errors.add(exc)
        data = None
    except UnicodeDecodeError:
        errors.error(SourceLocation(CONFIG_FILE, 1, 1), message("not_utf8", errors.language))
        data = None
    config = parse_config(data, errors, themes=available_themes(root))
    errors.language = config.language
    return config


def declared_language(text: str) -> str:
    """The language a site.yaml names on a top-level ``language:`` line, else zh-CN."""
    match = re.search(r"^language:[ \t]*[\"']?(zh-CN|en)[\"']?[ \t]*(?:#.*)?$", text, re.M)
    return match.group(1) if match else "zh-CN"


def available_themes(root: Path) -> list[str]:
    """Theme names a site may choose: the bundled ones and the folders in the site's own themes/."""
    names = {p.name for p in BUNDLED_THEMES.iterdir() if (p / "templates").is_dir()}
    if (root / "themes").is_dir():
        names |= {p.name for p in (root / "themes").iterdir() if p.is_dir() and not p.name.startswith(".")}
    return sorted(names)


def parse_config(data: Any, errors: ErrorCollector, themes: list[str] | None = None) -> SiteConfig:
    """``themes``: the names ``theme:`` may take (None: not checked, for callers without a site folder)."""
    if data is None:  # unreadable or missing: defaults, the problem is already reported
        data = {"title": "sitegen", "base_url": "http://localhost/"}
    fields = Fields(data, CONFIG_FILE, errors, _FIELDS, SourceLocation(CONFIG_FILE, 1, 1))
    title = fields.text("title", required=True, hint="the site's name") or "sitegen"
    base_url = fields.text("base_url", required=True, hint="https://example.org/") or "http://localhost/"
    parts = urlsplit(base_url)
    if fields.has("base_url") and (parts.scheme not in ("http", "https") or not parts.hostname):
        errors.error(fields.where("base_url"), message("base_url_invalid", errors.language, value=base_url))
    if not base_url.endswith("/"):
        base_url += "/"
    language = fields.text("language", default="zh-CN")
    if language not in LANGUAGES:
        errors.error(fields.where("language"),
                     message("language_invalid", errors.language, languages=("、" if errors.language.startswith("zh") else ", ").join(LANGUAGES), value=language))
        language = "zh-CN"
    timezone = fields.text("timezone", default="Asia/Shanghai")
    if not is_time_zone(timezone):
        errors.error(fields.where("timezone"), message("timezone_unknown", errors.language, value=timezone))
        timezone = "Asia/Shanghai"
    theme = fields.text("theme", default="default")
    if not _is_name(theme):
        errors.error(fields.where("theme"), message("theme_not_a_name", language, theme=theme))
        theme = "default"
    elif themes is not None and theme not in themes:
        close = difflib.get_close_matches(theme, themes, n=1, cutoff=0.6)
        errors.error(fields.where("theme"), message(
            "unknown_theme_suggest" if close else "unknown_theme", language, theme=theme,
            suggestion=close[0] if close else "", themes=", ".join(themes)))
        theme = "default"
    extra = fields.raw("extra") or {}
    if not isinstance(extra, dict):
        errors.error(fields.where("extra"), "'extra' must be a block of 'key: value' lines")
        extra = {}
    return SiteConfig(
        title=title,
        base_url=base_url,
        language=language,
        timezone=timezone,
        description=fields.text("description", default=""),
        stories_per_page=fields.integer("stories_per_page", default=10, minimum=1, maximum=100),
        home_days=fields.integer("home_days", default=7, minimum=1, maximum=31),
        upcoming_weeks=fields.integer("upcoming_weeks", default=4, minimum=1, maximum=26),
        feed_refresh_hours=fields.integer("feed_refresh_hours", default=12, minimum=1, maximum=168),
        theme=theme,
        unsafe_html=bool(fields.boolean("unsafe_html")),
        holidays=_parse_holidays(fields, errors, language),
        extra=_plain(extra),
    )


def _parse_holidays(fields: Fields, errors: ErrorCollector, language: str = "zh-CN") -> HolidayConfig:
    if not fields.has("holidays"):
        return HolidayConfig()
    block = Fields(fields.raw("holidays"), "'holidays'", errors, _HOLIDAY_FIELDS, fields.where("holidays"))
    dated = {}
    for key in ("days_off", "workdays"):
        dated[key] = {}
        data = block.raw(key)
        if data is None:
            continue
        if not isinstance(data, YMap):
            errors.error(block.where(key), f"'{key}' lists 'YYYY-MM-DD: name' lines")
            continue
        for text, name in data.items():
            day = parse_date(text)
            if day is None:
                errors.error(data.where_key(text), date_problem(text, errors.language))
            else:
                dated[key][day] = str(name or "").strip() or STRINGS[language]["day_off" if key == "days_off" else "workday"]
    vacations = []
    data = block.raw("school_vacations")
    if data is not None:
        if not isinstance(data, YList):
            errors.error(block.where("school_vacations"),
                         "'school_vacations' is a list of '- {from: ..., until: ..., name: 寒假}'")
        else:
            for item, loc in zip(data, data.item_locs):
                vacation = Fields(item, "a school vacation", errors, _VACATION_FIELDS, loc)
                start, end = vacation.date("from", required=True), vacation.date("until", required=True)
                if start and end and end < start:
                    errors.error(vacation.where("until"), message("until_before_from", errors.language, end=end, start=start))
                elif start and end:
                    vacations.append(DateRange(start, end, vacation.text("name", default=STRINGS[language]["vacation"])))
    both = set(dated["days_off"]) & set(dated["workdays"])
    for day in sorted(both):
        errors.error(block.loc, f"{day} is listed both as a day off and as a workday; keep one")
    return HolidayConfig(dated["days_off"], dated["workdays"], tuple(vacations))


def _is_name(theme: str) -> bool:
    """A theme is a folder name (themes/<name>/), never a path that could lead out of the site."""
    return bool(theme) and theme not in (".", "..") and not any(c in theme for c in "/\\:\0") \
        and not theme.startswith("~")


def is_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
        return False
    return True


def _plain(value: Any) -> Any:
    """Strip location bookkeeping so templates see ordinary dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
