"""The domain as plain frozen dataclasses: what every stage after validation works with.

No I/O and no clock here, so models are easy to build in tests and safe to cache.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import SourceLocation

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Image:
    """A photo next to its story or in the shared content/images/ folder.

    Published as resized copies (see images.py) beside the story's page, or under images/ when
    shared, so several stories can show one photo and it is stored once.
    """

    src_path: str  # site-relative path of the file
    name: str  # as written in the story: 'choir.jpg', or 'images/…' for the shared folder
    width: int = 0  # pixels as shown (EXIF orientation applied), so pages reserve the space
    height: int = 0
    digest: str = ""  # sha256 of the source bytes: the cache key, and part of published names
    shared: bool = False  # found in content/images/ rather than beside the story


@dataclass(frozen=True)
class Story:
    src_path: str
    slug: str
    title: str
    date: dt.date
    body_html: str
    summary: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    centre_ids: tuple[str, ...] = ()
    activity_refs: tuple[str, ...] = ()  # "centre-id/activity-id"
    tags: tuple[str, ...] = ()
    cover: Image | None = None
    cover_alt: str = ""
    images: tuple[Image, ...] = ()
    draft: bool = False
    publish: dt.date | None = None  # not online before this day (nor before ``date``)
    expires: dt.date | None = None  # taken down from this day on (the day itself is gone)
    # where each front-matter field was written, for errors found later (e.g. an unknown centre)
    field_locs: dict[str, SourceLocation] = field(default_factory=dict, compare=False, repr=False)
    # where each link of the body was written (href → location), for links to offline stories
    link_locs: dict[str, SourceLocation] = field(default_factory=dict, compare=False, repr=False)

    @property
    def online_day(self) -> dt.date | None:
        """The first day the story is on the site: its date, or a later 'publish:' day
        (None only for a story whose date was a mistake: the build stops with that error)."""
        days = [d for d in (self.date, self.publish) if d is not None]
        return max(days) if days else None

    def online_on(self, day: dt.date) -> bool:
        first = self.online_day
        return (first is None or first <= day) and (self.expires is None or day < self.expires)


@dataclass(frozen=True)
class Page:
    """A plain page such as 关于我们 (content/pages/*.md)."""

    src_path: str
    slug: str
    title: str
    body_html: str
    menu: int | None = None


@dataclass(frozen=True)
class TimeRange:
    start: dt.time
    end: dt.time

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class WeekdaySpec:
    """A weekday, optionally the nth of the month (1..5, or -1 for the last)."""

    weekday: int  # 0 = Monday
    nth: int | None = None

    @property
    def ical(self) -> str:
        prefix = "" if self.nth is None else str(self.nth)
        return prefix + WEEKDAY_CODES[self.weekday]


@dataclass(frozen=True)
class Recurrence:
    """A repeating pattern, the parts of an RRULE our schedules can express."""

    freq: str  # "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY"
    start: dt.date  # 'from': the first day the series may happen
    until: dt.date | None = None  # last day it may happen, inclusive
    interval: int = 1
    weekdays: tuple[WeekdaySpec, ...] = ()
    monthdays: tuple[int, ...] = ()
    month: int | None = None  # yearly: month of the date
    school_days: bool = False  # Mon–Fri and 调休 make-up days, minus holidays and school vacations


@dataclass(frozen=True)
class LunarRule:
    """Yearly on a lunar date (重阳 = 9th day of the 9th month), or monthly on lunar days (逢五逢十).

    No calendar client expands lunar RRULEs (RFC 7529), so feeds list each date as its own event.
    """

    start: dt.date
    until: dt.date | None = None
    month: int | None = None  # lunar month for a yearly rule; None: every lunar month
    days: tuple[int, ...] = ()  # lunar days of the month (1..30); () with month=12: 除夕
    festival: str = ""  # the festival name when written as one (重阳, 端午, ...)
    new_years_eve: bool = False  # 除夕: the last day of the 12th month, whether it is the 29th or 30th


@dataclass(frozen=True)
class OneOff:
    """A single event on ``date``; all-day events may last until ``end_date`` (inclusive)."""

    date: dt.date
    end_date: dt.date | None = None


@dataclass(frozen=True)
class Cancellation:
    date: dt.date
    reason: str
    loc: SourceLocation


@dataclass(frozen=True)
class Move:
    """One occurrence moved from ``date`` to ``new_date`` (and maybe a new time or room)."""

    date: dt.date
    new_date: dt.date
    reason: str
    loc: SourceLocation
    new_time: TimeRange | None = None
    new_location: str | None = None


@dataclass(frozen=True)
class Extra:
    """An additional occurrence outside the rule (加场)."""

    date: dt.date
    reason: str
    loc: SourceLocation
    time: TimeRange | None = None
    location: str | None = None


@dataclass(frozen=True)
class Pause:
    """The whole activity suspended for a period (暑假停课), inclusive."""

    start: dt.date
    end: dt.date
    reason: str
    loc: SourceLocation


@dataclass(frozen=True)
class Split:
    """From ``start`` on, the series runs at a new time or place; earlier dates are unchanged."""

    start: dt.date
    loc: SourceLocation
    time: TimeRange | None = None
    location: str | None = None


@dataclass(frozen=True)
class Attendance:
    """How many people came to the session held on ``date`` (人次), for the yearly report."""

    date: dt.date
    people: int
    loc: SourceLocation


@dataclass(frozen=True)
class Activity:
    centre_id: str
    id: str
    title: str
    category: str
    schedule: Recurrence | LunarRule | OneOff
    time: TimeRange | None  # None: all-day
    timezone: str
    loc: SourceLocation
    audience: tuple[str, ...] = ()
    location: str = ""
    description_html: str = ""
    signup: str = ""
    contact: str = ""
    capacity: int | None = None
    cancellations: tuple[Cancellation, ...] = ()
    moves: tuple[Move, ...] = ()
    extras: tuple[Extra, ...] = ()
    pauses: tuple[Pause, ...] = ()
    splits: tuple[Split, ...] = ()
    skip_holidays: bool = False
    hosts: tuple[tuple[int, str], ...] = ()  # (weekday, host): a roster such as 书记轮值
    updated: dt.date | None = None  # last revision of the schedule, for DTSTAMP
    review_by: dt.date | None = None  # staff promise to look at an open-ended series again by then
    attendance: tuple[Attendance, ...] = ()  # people per session held (人次), sorted by date

    def host_on_weekday(self, weekday: int) -> str:
        return dict(self.hosts).get(weekday, "")

    @property
    def key(self) -> str:
        """Unique across the site: 'centre-id/activity-id'."""
        return f"{self.centre_id}/{self.id}"

    @property
    def all_day(self) -> bool:
        return self.time is None


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    src_path: str
    timezone: str
    address: str = ""
    phone: str = ""
    hours: str = ""
    description_html: str = ""
    updated: dt.date | None = None
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an activity, the single truth for pages and feeds.

    ``start``/``end`` are time-zone-aware datetimes for timed events, and dates for all-day ones
    (``end`` inclusive for all-day). ``original_date`` is the day the rule put it on (differs from
    ``start``'s day only for moved occurrences); feeds use it as RECURRENCE-ID.
    """

    activity: Activity = field(compare=False, repr=False)
    activity_key: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    original_date: dt.date
    status: str = "scheduled"  # "scheduled" | "cancelled" | "moved" | "extra"
    reason: str = ""
    location: str = ""
    host: str = ""
    # for a moved occurrence, what differs from what the rule gave: some of "day", "time", "location"
    changed: tuple[str, ...] = ()

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end.date() if isinstance(self.end, dt.datetime) else self.end

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def moved(self) -> bool:
        return self.status == "moved"

    @property
    def extra(self) -> bool:
        return self.status == "extra"

    @property
    def rescheduled(self) -> bool:
        """Moved to another day: its original day must still say where it went."""
        return self.moved and self.day != self.original_date

    def sort_key(self) -> tuple:
        start = self.start if isinstance(self.start, dt.datetime) else None
        return (self.day, start.timetz().replace(tzinfo=None) if start else dt.time.min,
                self.activity_key)


@dataclass(frozen=True)
class Artifact:
    """One file of the built site: bytes to write, or a source file to copy, at ``dest_path``."""

    dest_path: str  # relative to output/, '/'-separated
    content: bytes | None = None
    copy_from: str | None = None  # absolute path of a file to copy unchanged
