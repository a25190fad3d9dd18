"""Rules and changes → Occurrences: pure date arithmetic, the single truth for pages and feeds.

Pages list the occurrences in the build window; feeds write each series once as an RRULE built
from the same Recurrence (see feeds.py) plus one override per changed occurrence taken from here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from .errors import ErrorCollector
from .model import Activity, Centre, OneOff, Occurrence, Recurrence

_FREQ = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY, "YEARLY": du.YEARLY}
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)


@dataclass(frozen=True)
class Window:
    """The days (inclusive) for which pages list occurrences."""

    start: dt.date
    end: dt.date

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return first <= self.end and last >= self.start


@dataclass(frozen=True)
class Calendar:
    """The expansion of every activity of the site.

    ``occurrences``: every occurrence that touches the window, sorted (cancelled ones included).
    ``changes``: per activity key, every cancelled or moved occurrence, whatever its date.
    ``first_dates``: per activity key, the day of its first occurrence (a feed's DTSTART).
    """

    window: Window
    occurrences: tuple[Occurrence, ...]
    changes: dict[str, tuple[Occurrence, ...]] = field(default_factory=dict)
    first_dates: dict[str, dt.date] = field(default_factory=dict)
    last_dates: dict[str, dt.date | None] = field(default_factory=dict)
    by_activity: dict[str, tuple[Occurrence, ...]] = field(default_factory=dict)

    def for_activity(self, key: str) -> list[Occurrence]:
        return list(self.by_activity.get(key, ()))


def build_rrule(rec: Recurrence, dtstart: dt.date) -> du.rrule:
    """The dateutil rule for a Recurrence, on naive dates (wall-clock days in the centre's zone)."""
    byweekday = tuple(
        _DU_WEEKDAYS[w.weekday](w.nth) if w.nth else _DU_WEEKDAYS[w.weekday] for w in rec.weekdays
    ) or None
    bymonthday = rec.monthdays if rec.monthdays and not rec.weekdays else None
    return du.rrule(
        _FREQ[rec.freq],
        dtstart=dt.datetime.combine(dtstart, dt.time()),
        interval=rec.interval,
        wkst=du.MO,
        byweekday=byweekday,
        bymonthday=bymonthday,
        bymonth=rec.month,
        until=dt.datetime.combine(rec.until, dt.time()) if rec.until else None,
        cache=True,
    )


def series_dates(rec: Recurrence) -> du.rrule | None:
    """The series' rule anchored on its first real occurrence, or None if it never happens.

    The first occurrence is the first matching day on or after 'from'; an interval ("every other
    week") counts from there, which is what a person writing the schedule means. RFC 5545 counts
    DTSTART as an instance, so feeds use the same anchor as DTSTART.
    """
    every_time = build_rrule(replace(rec, interval=1), rec.start)
    first = every_time.after(dt.datetime.combine(rec.start, dt.time()), inc=True)
    if first is None:
        return None
    return build_rrule(rec, first.date())


def expand(centres: list[Centre], window: Window, errors: ErrorCollector) -> Calendar:
    occurrences: list[Occurrence] = []
    changes: dict[str, tuple[Occurrence, ...]] = {}
    first_dates: dict[str, dt.date] = {}
    last_dates: dict[str, dt.date | None] = {}
    for centre in centres:
        for activity in centre.activities:
            expansion = _expand_activity(activity, window, errors)
            if expansion is None:
                continue
            in_window, changed, first, last = expansion
            occurrences.extend(in_window)
            changes[activity.key] = tuple(changed)
            first_dates[activity.key] = first
            last_dates[activity.key] = last
    occurrences.sort(key=Occurrence.sort_key)
    by_activity: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_activity.setdefault(occurrence.activity_key, []).append(occurrence)
    return Calendar(window, tuple(occurrences), changes, first_dates, last_dates,
                    {key: tuple(items) for key, items in by_activity.items()})


def _expand_activity(activity: Activity, window: Window, errors: ErrorCollector):
    schedule = activity.schedule
    if isinstance(schedule, OneOff):
        is_instance = schedule.date.__eq__
        nearby = lambda day: [schedule.date]  # noqa: E731
        base_days = [schedule.date] if window.overlaps(schedule.date, schedule.end_date or schedule.date) else []
        first = schedule.date
        last: dt.date | None = schedule.end_date or schedule.date
    else:
        rule = series_dates(schedule)
        if rule is None:
            errors.error(activity.loc, f"activity '{activity.id}' never happens: no day between "
                                       f"{schedule.start} and {schedule.until} matches its 'repeat'")
            return None
        first = rule[0].date()
        last_instance = rule[-1] if schedule.until else None
        last = last_instance.date() if last_instance else None
        is_instance = lambda day: _is_instance(rule, day)  # noqa: E731
        nearby = lambda day: _nearby(rule, day)  # noqa: E731
        base_days = [d.date() for d in rule.between(_midnight(window.start), _midnight(window.end), inc=True)]

    cancelled = {c.date: c for c in activity.cancellations}
    moved = {m.date: m for m in activity.moves}
    for change in (*activity.cancellations, *activity.moves):
        if not is_instance(change.date):
            near = "、".join(str(d) for d in nearby(change.date)) or "none"
            errors.error(change.loc, f"'{activity.id}' does not happen on {change.date}, so it cannot be "
                                     f"cancelled or moved; nearest dates: {near}")
    changed = []
    for day, cancellation in sorted(cancelled.items()):
        if is_instance(day):
            changed.append(make_occurrence(activity, day, status="cancelled", reason=cancellation.reason))
    for day, move in sorted(moved.items()):
        if is_instance(day):
            changed.append(make_occurrence(activity, move.new_date, original=day, status="moved",
                                       reason=move.reason, time=move.new_time,
                                       location=move.new_location))
    _warn_about_clock_changes(activity, base_days[:1] + [o.day for o in changed if o.moved], errors)
    by_original = {o.original_date: o for o in changed}
    result = [by_original.get(day) or make_occurrence(activity, day) for day in base_days]
    result += [o for o in changed if o.original_date not in base_days]
    result = [o for o in result if window.overlaps(o.day, o.last_day)]
    return result, changed, first, last


def _warn_about_clock_changes(activity: Activity, days: list[dt.date], errors: ErrorCollector) -> None:
    """A start time skipped or repeated by a daylight-saving change means different things to
    different calendar clients (ical.js and Python disagree on 02:30 of a spring-forward day)."""
    if activity.time is None or not days or not _has_clock_changes(activity.timezone):
        return
    rule = series_dates(activity.schedule) if isinstance(activity.schedule, Recurrence) else None
    candidates = sorted(set(days))
    if rule is not None:  # check a year of the series, not only the window
        first = rule[0]
        candidates += [d.date() for d in rule.between(first, first + dt.timedelta(days=366), inc=True)]
    zone = ZoneInfo(activity.timezone)
    for day in sorted(set(candidates)):
        local = dt.datetime.combine(day, activity.time.start)
        if not _exists_once(local, zone):
            errors.warning(activity.loc, f"'{activity.id}' starts at {activity.time.start:%H:%M} on {day}, "
                                         "when the clocks change for daylight saving time; calendar apps "
                                         "disagree about such times, so choose a start outside 01:00–03:59")
            return


@lru_cache(maxsize=None)
def _has_clock_changes(tzid: str) -> bool:
    zone = ZoneInfo(tzid)
    offsets = {dt.datetime(year, month, 1, tzinfo=zone).utcoffset()
               for year in range(2000, 2040) for month in (1, 4, 7, 10)}
    return len(offsets) > 1


def _exists_once(local: dt.datetime, zone: ZoneInfo) -> bool:
    """False for a wall-clock time that is skipped (spring forward) or repeated (fall back)."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    return round_trip == local and first.utcoffset() == second.utcoffset()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _is_instance(rule: du.rrule, day: dt.date) -> bool:
    found = rule.after(_midnight(day), inc=True)
    return found is not None and found.date() == day


def _nearby(rule: du.rrule, day: dt.date) -> list[dt.date]:
    before = rule.before(_midnight(day))
    after = rule.after(_midnight(day))
    return [d.date() for d in (before, after) if d is not None]


def make_occurrence(activity: Activity, day: dt.date, *, original: dt.date | None = None,
                status: str = "scheduled", reason: str = "", time=None, location=None) -> Occurrence:
    time = time or activity.time
    location = location or activity.location
    schedule = activity.schedule
    if time is None:
        span = (schedule.end_date - schedule.date) if isinstance(schedule, OneOff) and schedule.end_date else dt.timedelta()
        start, end = day, day + span
    else:
        zone = ZoneInfo(activity.timezone)
        start = dt.datetime.combine(day, time.start, tzinfo=zone)
        end = dt.datetime.combine(day, time.end, tzinfo=zone)
    return Occurrence(activity=activity, activity_key=activity.key, start=start, end=end,
                      original_date=original or day, status=status, reason=reason, location=location)
