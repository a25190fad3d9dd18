"""Rules and changes → Occurrences: pure date arithmetic, the single truth for pages and feeds.

For each activity the expansion makes two views of the same decisions:
- the occurrences in the build window, which pages list;
- a FeedPlan, which feeds write: RRULE series (with EXDATEs for skipped days and RECURRENCE-ID
  overrides for cancelled and moved ones) and single dated events (lunar dates, 调休 make-up days,
  extra dates, one-offs), because no calendar client expands lunar rules or holiday calendars.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from . import lunar
from .config import CONFIG_FILE
from .errors import ErrorCollector, SourceLocation
from .holidays import HolidayCalendar
from .words import STRINGS, message
from .model import WEEKDAY_CODES, Activity, Centre, LunarRule, OneOff, Occurrence, Recurrence, TimeRange
from .words import message

_FREQ = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY, "YEARLY": du.YEARLY}
_DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)


@dataclass(frozen=True)
class Window:
    """The days (inclusive) for which pages list occurrences and feeds carry dated events.

    ``feed_start``/``feed_end``: feeds carry dated events (lunar dates, make-up days) and skipped
    days (EXDATEs) in this span: subscribers see next year's festival, feeds stay small.
    """

    start: dt.date
    end: dt.date
    feed_start: dt.date | None = None
    feed_end: dt.date | None = None

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return first <= self.end and last >= self.start


@dataclass(frozen=True)
class FeedSeries:
    """One RRULE master: ``rule.start`` is its first instance (DTSTART)."""

    uid_suffix: str
    rule: Recurrence
    time: TimeRange | None
    location: str
    host: str = ""
    exdates: tuple[dt.date, ...] = ()
    overrides: tuple[Occurrence, ...] = ()


@dataclass(frozen=True)
class FeedPlan:
    series: tuple[FeedSeries, ...] = ()
    singles: tuple[tuple[str, Occurrence], ...] = ()  # (uid suffix, occurrence)


@dataclass(frozen=True)
class Calendar:
    """The expansion of every activity of the site.

    ``occurrences``: every occurrence that touches the window, sorted (cancelled ones included).
    ``changes``: per activity key, every cancelled or moved occurrence, whatever its date.
    ``first_dates``: per activity key, the day of its first occurrence.
    ``plans``: per activity key, what its feed events are.
    """

    window: Window
    occurrences: tuple[Occurrence, ...]
    changes: dict[str, tuple[Occurrence, ...]] = field(default_factory=dict)
    first_dates: dict[str, dt.date] = field(default_factory=dict)
    plans: dict[str, FeedPlan] = field(default_factory=dict)
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
        dtstart=_midnight(dtstart),
        interval=rec.interval,
        wkst=du.MO,
        byweekday=byweekday,
        bymonthday=bymonthday,
        bymonth=rec.month,
        until=_midnight(rec.until) if rec.until else None,
        cache=True,
    )


def series_dates(rec: Recurrence) -> du.rrule | None:
    """The series' rule anchored on its first real occurrence, or None if it never happens.

    The first occurrence is the first matching day on or after 'from'; an interval ("every other
    week") counts from there, which is what a person writing the schedule means. RFC 5545 counts
    DTSTART as an instance, so feeds use the same anchor as DTSTART.
    """
    first = build_rrule(replace(rec, interval=1), rec.start).after(_midnight(rec.start), inc=True)
    if first is None:
        return None
    return build_rrule(rec, first.date())


def expand(centres: list[Centre], window: Window, holidays: HolidayCalendar,
           errors: ErrorCollector, language: str = "en") -> Calendar:
    occurrences: list[Occurrence] = []
    changes: dict[str, tuple[Occurrence, ...]] = {}
    first_dates: dict[str, dt.date] = {}
    plans: dict[str, FeedPlan] = {}
    missing_years: dict[int, list[str]] = {}  # year without holiday data → activities that skip holidays
    for centre in centres:
        for activity in centre.activities:
            expansion = _Expansion(activity, window, holidays, errors, language)
            if not expansion.run():
                continue
            for year in expansion.years_without_holidays():
                missing_years.setdefault(year, []).append(activity.key)
            occurrences.extend(expansion.in_window)
            changes[activity.key] = tuple(sorted(expansion.changed, key=Occurrence.sort_key))
            first_dates[activity.key] = expansion.first
            plans[activity.key] = expansion.plan()
    _warn_about_holiday_data(missing_years, errors)
    occurrences.sort(key=Occurrence.sort_key)
    by_activity: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_activity.setdefault(occurrence.activity_key, []).append(occurrence)
    return Calendar(window, tuple(occurrences), changes, first_dates, plans,
                    {key: tuple(items) for key, items in by_activity.items()})


NAMES_SHOWN = 5  # a summary names this many activities, then "…"


def _warn_about_holiday_data(missing_years: dict[int, list[str]], errors: ErrorCollector) -> None:
    """One warning per year without holiday data, not one per activity: the fix is one entry in
    site.yaml, and eight copies of the same line hide the warnings that differ."""
    separator = "、" if errors.language.startswith("zh") else ", "
    for year, keys in sorted(missing_years.items()):
        names = separator.join(keys[:NAMES_SHOWN]) + (separator + "…" if len(keys) > NAMES_SHOWN else "")
        errors.warning(SourceLocation(CONFIG_FILE), message("holidays_missing", errors.language, year=year,
                                                            count=len(keys), names=names))


@dataclass
class _Part:
    """A stretch of a series with one time, place and host: one RRULE master in feeds."""

    uid_suffix: str
    rule: Recurrence
    dates: du.rrule
    time: TimeRange | None
    location: str
    host: str
    instances: list[dt.date] = field(default_factory=list)  # up to the horizon
    exdates: list[dt.date] = field(default_factory=list)
    overrides: list[Occurrence] = field(default_factory=list)


@dataclass
class _Single:
    uid_suffix: str
    day: dt.date
    time: TimeRange | None
    location: str
    host: str = ""
    status: str = "scheduled"
    reason: str = ""
    occurrence: Occurrence | None = None


class _Expansion:
    """Expands one activity; collects its errors and warnings."""

    def __init__(self, activity: Activity, window: Window, holidays: HolidayCalendar,
                 errors: ErrorCollector, language: str = "en"):
        self.activity = activity
        self.language = language  # of the site: messages to staff
        self.window = window
        self.holidays = holidays
        self.errors = errors
        self.horizon = window.feed_end or window.end
        self.parts: list[_Part] = []
        self.singles: list[_Single] = []
        self.changed: list[Occurrence] = []
        self.in_window: list[Occurrence] = []
        self.first: dt.date | None = None

    # ---- the steps ----

    def run(self) -> bool:
        schedule = self.activity.schedule
        if isinstance(schedule, OneOff):
            self.singles.append(_Single("", schedule.date, self.activity.time, self.activity.location))
        elif isinstance(schedule, LunarRule):
            self._lunar_singles(schedule)
        else:
            self._recurring_parts(schedule)
        self._extras()
        starts = [p.dates[0].date() for p in self.parts] + [s.day for s in self.singles]
        if not starts:
            until = getattr(schedule, "until", None)
            language = self.errors.language
            self.errors.error(self.activity.loc, message(
                "never_happens", language, id=self.activity.id,
                start=schedule.start if hasattr(schedule, "start") else "",
                until=until or message("calendar_end", language)))
            return False
        self.first = min(starts)
        self._apply_changes()
        self._check_attendance()
        self._collect_window()
        self._warn_about_clock_changes()
        return True

    def plan(self) -> FeedPlan:
        series = tuple(
            FeedSeries(p.uid_suffix, replace(p.rule, start=p.dates[0].date()),
                       p.time, p.location, p.host, tuple(sorted(p.exdates)),
                       tuple(sorted(p.overrides, key=lambda o: o.original_date)))
            for p in self.parts
        )
        feed_start = self.window.feed_start
        keep_all = isinstance(self.activity.schedule, OneOff)
        singles = tuple(
            (s.uid_suffix, s.occurrence) for s in sorted(self.singles, key=lambda s: s.day)
            if s.occurrence is not None and (keep_all or feed_start is None
                                             or max(s.occurrence.last_day, s.day) >= feed_start)
        )
        return FeedPlan(series, singles)

    # ---- building parts and singles ----

    def _recurring_parts(self, rec: Recurrence) -> None:
        activity = self.activity
        whole = series_dates(rec)
        if whole is None:
            return
        bounds = [rec.start] + [s.start for s in activity.splits]
        time, location = activity.time, activity.location
        for index, start in enumerate(bounds):
            if index:
                split = activity.splits[index - 1]
                time, location = split.time or time, split.location or location
            end = bounds[index + 1] - dt.timedelta(days=1) if index + 1 < len(bounds) else rec.until
            segment = replace(rec, start=start, until=end)
            suffix = "" if index == 0 else f".from-{start:%Y%m%d}"
            if activity.hosts:
                for weekday in segment.weekdays:
                    self._add_part(suffix + "." + WEEKDAY_CODES[weekday.weekday].lower(),
                                   replace(segment, weekdays=(weekday,)), whole, time, location,
                                   activity.host_on_weekday(weekday.weekday))
            else:
                self._add_part(suffix, segment, whole, time, location, "")
            if rec.school_days:
                self._make_up_days(segment, time, location)

    def _add_part(self, suffix, segment: Recurrence, whole: du.rrule, time, location, host) -> None:
        """Anchor the part on the first instance of the *whole* series inside it, keeping the
        phase of 'every other week' across changes and per-weekday rosters."""
        weekdays = {w.weekday for w in segment.weekdays} if segment.freq == "WEEKLY" else None
        anchor = None
        for candidate in whole.xafter(_midnight(segment.start), inc=True):
            if segment.until and candidate.date() > segment.until:
                break
            if weekdays is None or candidate.weekday() in weekdays:
                anchor = candidate.date()
                break
        if anchor is None:
            return
        dates = build_rrule(segment, anchor)
        last = min(segment.until, self.horizon) if segment.until else self.horizon
        instances = [d.date() for d in dates.between(_midnight(anchor), _midnight(last), inc=True)]
        part = _Part(suffix, segment, dates, time, location, host, instances)
        part.exdates = [day for day in instances if self._skip_reason(day, segment)]
        self.parts.append(part)

    def _make_up_days(self, segment: Recurrence, time, location) -> None:
        last = min(segment.until, self.horizon) if segment.until else self.horizon
        for day in sorted(self.holidays.workdays):
            if segment.start <= day <= last and day.weekday() >= 5 and not self._skip_reason(day, segment):
                self.singles.append(_Single(f".{day:%Y%m%d}", day, time, location,
                                            self.activity.host_on_weekday(day.weekday()),
                                            reason=STRINGS[self.language]["make_up_day"].format(
                                                name=self.holidays.workdays[day])))

    def _lunar_singles(self, rule: LunarRule) -> None:
        last = min(rule.until, self.horizon) if rule.until else self.horizon
        if rule.month is None:
            days = lunar.monthly_dates(rule.days, rule.start, last)
        else:
            days = lunar.yearly_dates(rule.month, None if rule.new_years_eve else rule.days[0], rule.start, last)
        for day in days:
            if not self._paused(day):
                self.singles.append(_Single(f".{day:%Y%m%d}", day, self.activity.time, self.activity.location))

    def _extras(self) -> None:
        for extra in self.activity.extras:
            if self._instance_on(extra.date):
                self.errors.error(extra.loc, message("extra_already_happens", self.errors.language,
                                                     id=self.activity.id, day=extra.date))
                continue
            self.singles.append(_Single(f".{extra.date:%Y%m%d}", extra.date, extra.time or self._time_on(extra.date),
                                        extra.location or self._location_on(extra.date),
                                        status="extra", reason=extra.reason))

    # ---- changes ----

    def _apply_changes(self) -> None:
        activity = self.activity
        for cancellation in activity.cancellations:
            target = self._target(cancellation.date, cancellation.loc)
            if target is not None:
                self._change(target, cancellation.date, status="cancelled", reason=cancellation.reason)
        for move in activity.moves:
            target = self._target(move.date, move.loc)
            if target is not None:
                self._change(target, move.date, status="moved", reason=move.reason, new_date=move.new_date,
                             time=move.new_time, location=move.new_location)
        for single in self.singles:
            if single.occurrence is None:
                single.occurrence = self._occurrence(single.day, single.time, single.location, single.host,
                                                     status=single.status, reason=single.reason)

    def _target(self, day: dt.date, loc) -> _Part | _Single | None:
        for single in self.singles:
            if single.day == day:
                return single
        for part in self.parts:
            if day in part.instances or (day > self.horizon and _is_instance(part.dates, day)):
                reason = self._skip_reason(day, part.rule)
                if reason:
                    self.errors.error(loc, message("already_left_out", self.errors.language, day=day, reason=reason))
                    return None
                return part
        language = self.errors.language
        near = "、".join(str(d) for d in self._nearby(day)) or message("none_yet", language)
        self.errors.error(loc, message("not_an_occurrence", language, id=self.activity.id, day=day, near=near))
        return None

    def _change(self, target, day, *, status, reason, new_date=None, time=None, location=None) -> None:
        changed = tuple(name for name, differs in (
            ("day", new_date is not None and new_date != day),
            ("time", time is not None and time != target.time),
            ("location", bool(location) and location != target.location)) if differs)
        occurrence = self._occurrence(new_date or day, time or target.time, location or target.location,
                                      target.host, original=day, status=status, reason=reason,
                                      changed=changed)
        if isinstance(target, _Single):
            target.occurrence = occurrence
        else:
            target.overrides.append(occurrence)
        self.changed.append(occurrence)

    def _check_attendance(self) -> None:
        """Attendance may be logged only for a day a session was really held (after moves)."""
        if not self.activity.attendance:
            return
        held: set[dt.date] = set()
        cancelled: set[dt.date] = set()
        for part in self.parts:
            changed = {o.original_date for o in part.overrides}
            held.update(d for d in part.instances if d not in changed and d not in part.exdates)
            for o in part.overrides:
                (cancelled if o.cancelled else held).add(o.day)
        for single in self.singles:
            o = single.occurrence
            if o is not None:
                days = {o.day + dt.timedelta(days=n) for n in range((o.last_day - o.day).days + 1)}
                (cancelled if o.cancelled else held).update(days)
        for entry in self.activity.attendance:
            if entry.date in held or (entry.date > self.horizon and self._instance_on(entry.date)):
                continue
            if entry.date in cancelled:
                text = message("attendance_cancelled", self.language, id=self.activity.id, date=entry.date)
            else:
                days = sorted(held)
                near = [d for d in days if d < entry.date][-1:] + [d for d in days if d > entry.date][:1]
                text = message("attendance_not_held", self.language, id=self.activity.id, date=entry.date,
                               near="、".join(map(str, near)) or "—")
            self.errors.error(entry.loc, text)

    # ---- the window the pages show ----

    def _collect_window(self) -> None:
        window = self.window
        for part in self.parts:
            overridden = {o.original_date: o for o in part.overrides}
            excluded = set(part.exdates)
            last = min(part.rule.until, window.end) if part.rule.until else window.end
            for d in part.dates.between(_midnight(window.start), _midnight(last), inc=True):
                day = d.date()
                if day in overridden or day in excluded:
                    continue
                self.in_window.append(self._occurrence(day, part.time, part.location, part.host))
            self.in_window += [o for o in part.overrides if window.overlaps(o.day, o.last_day)]
        self.in_window += [s.occurrence for s in self.singles
                           if s.occurrence and window.overlaps(s.occurrence.day, s.occurrence.last_day)]

    # ---- helpers ----

    def _skip_reason(self, day: dt.date, rule: Recurrence) -> str:
        """Why a rule's instance does not take place, or '' if it does."""
        pause = self._paused(day)
        if pause:
            return pause.reason
        if rule.school_days:
            vacation = self.holidays.vacation_on(day)
            if vacation:
                return vacation.name
            if self.holidays.is_holiday(day):
                return self.holidays.days_off[day]
        elif self.activity.skip_holidays and self.holidays.is_holiday(day):
            return self.holidays.days_off[day]
        return ""

    def _paused(self, day: dt.date):
        return next((p for p in self.activity.pauses if p.start <= day <= p.end), None)

    def _instance_on(self, day: dt.date) -> bool:
        if any(s.day == day for s in self.singles):
            return True
        return any(_is_instance(p.dates, day) and not self._skip_reason(day, p.rule) for p in self.parts)

    def _nearby(self, day: dt.date) -> list[dt.date]:
        days = sorted({s.day for s in self.singles} | {d for p in self.parts for d in p.instances})
        before = [d for d in days if d < day][-1:]
        after = [d for d in days if d > day][:1]
        return before + after

    def _time_on(self, day: dt.date) -> TimeRange | None:
        """The time 'change:' gives ``day`` (from the changes, not the parts: a change with no
        instance of the rule before the next one or 'until' has no part, yet an extra date
        after it still takes its time)."""
        time = self.activity.time
        for split in self.activity.splits:  # sorted by start
            if split.start <= day:
                time = split.time or time
        return time

    def _location_on(self, day: dt.date) -> str:
        location = self.activity.location
        for split in self.activity.splits:
            if split.start <= day:
                location = split.location or location
        return location

    def _occurrence(self, day, time, location, host, *, original=None, status="scheduled", reason="",
                    changed=()):
        return make_occurrence(self.activity, day, original=original, status=status, reason=reason,
                               time=time, location=location, host=host, changed=changed)

    def _warn_about_clock_changes(self) -> None:
        """A start time skipped or repeated by a daylight-saving change means different things to
        different calendar clients (ical.js and Python disagree on 02:30 of a spring-forward day)."""
        activity = self.activity
        if activity.time is None or not _has_clock_changes(activity.timezone):
            return
        zone = ZoneInfo(activity.timezone)
        days = [d for p in self.parts for d in p.instances[:400]] + [s.day for s in self.singles]
        for day in sorted(set(days)):
            time = self._time_on(day) or activity.time
            local = dt.datetime.combine(day, time.start)
            if not _exists_once(local, zone):
                self.errors.warning(activity.loc, f"'{activity.id}' starts at {time.start:%H:%M} on {day}, "
                                                  "when the clocks change for daylight saving time; calendar "
                                                  "apps disagree about such times, so choose a start outside "
                                                  "01:00–03:59")
                return

    def years_without_holidays(self) -> list[int]:
        """Years shown on the pages in which this activity should skip holidays but no holiday data
        exists. Counted from the series' span within the window, not from its instances, so that
        every activity running into a year reports it (a monthly one on the 15th as well as a daily
        one)."""
        rule = self.activity.schedule
        if not (isinstance(rule, Recurrence) and (rule.school_days or self.activity.skip_holidays)):
            return []
        first = max(rule.start, self.window.start)
        last = min(rule.until or self.window.end, self.window.end)
        if last < first:
            return []
        return [y for y in range(first.year, last.year + 1) if not self.holidays.covers(y)]


def make_occurrence(activity: Activity, day: dt.date, *, original: dt.date | None = None,
                    status: str = "scheduled", reason: str = "", time=..., location=None,
                    host: str | None = None, changed: tuple[str, ...] = ()) -> Occurrence:
    """The one place that turns a day into start/end (aware datetimes, or dates for all-day).

    ``time`` defaults to the activity's; pass None for an all-day occurrence.
    """
    if time is ...:
        time = activity.time
    location = location or activity.location
    host = activity.host_on_weekday(day.weekday()) if host is None else host
    schedule = activity.schedule
    if time is None:
        span = (schedule.end_date - schedule.date) if isinstance(schedule, OneOff) and schedule.end_date else dt.timedelta()
        start, end = day, day + span
    else:
        zone = ZoneInfo(activity.timezone)
        start = dt.datetime.combine(day, time.start, tzinfo=zone)
        end = dt.datetime.combine(day, time.end, tzinfo=zone)
    return Occurrence(activity=activity, activity_key=activity.key, start=start, end=end,
                      original_date=original or day, status=status, reason=reason, location=location,
                      host=host, changed=changed)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _is_instance(rule: du.rrule, day: dt.date) -> bool:
    found = rule.after(_midnight(day), inc=True)
    return found is not None and found.date() == day


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
