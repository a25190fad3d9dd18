"""VTIMEZONE components that every calendar client reads the same way.

icalendar's ``Timezone.from_tzinfo`` lists each transition in long comma-separated RDATE lines;
ical.js (Thunderbird) reads only the first value of such a line, putting half the year an hour
off in zones with daylight saving time. Here each recurring transition becomes one STANDARD or
DAYLIGHT component with a yearly RRULE (the way tzurl/vzic publish them), the last rule left
open-ended so far-future occurrences stay right; irregular transitions get one component each.
It is also fast: transitions are found by a daily scan and a bisection to the minute, cached.
"""
from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Component, Timezone, TimezoneDaylight, TimezoneStandard

EPOCH_START = dt.datetime(1970, 1, 1)
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    utc: dt.datetime  # naive UTC instant of the change
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool

    @property
    def local_onset(self) -> dt.datetime:
        """Wall-clock time of the change, in the offset before it (what DTSTART means)."""
        return self.utc + self.offset_from

    def pattern(self) -> tuple:
        """What a yearly RRULE can express: month, weekday, which one in the month, time."""
        onset = self.local_onset
        last_day = pycalendar.monthrange(onset.year, onset.month)[1]
        nth = -1 if onset.day + 7 > last_day else (onset.day - 1) // 7 + 1
        return (onset.month, onset.weekday(), nth, onset.time(), self.offset_from, self.offset_to,
                self.name, self.is_dst)


def _offset(zone: ZoneInfo, utc: dt.datetime) -> tuple[dt.timedelta, str, bool]:
    local = utc.replace(tzinfo=dt.timezone.utc).astimezone(zone)
    return local.utcoffset(), local.tzname() or "", bool(local.dst())


def transitions(tzid: str, first_year: int, last_year: int) -> list[Transition]:
    zone = ZoneInfo(tzid)
    found: list[Transition] = []
    moment = dt.datetime(first_year, 1, 1)
    end = dt.datetime(last_year + 1, 1, 1)
    step = dt.timedelta(days=1)
    current = _offset(zone, moment)
    while moment < end:
        following = _offset(zone, moment + step)
        if following[:2] != current[:2]:
            low, high = moment, moment + step
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle)[:2] == current[:2]:
                    low = middle
                else:
                    high = middle
            high = high.replace(second=0, microsecond=0)
            found.append(Transition(high, current[0], following[0], following[1], following[2]))
        current = following
        moment += step
    return found


def _format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


def _observance(transition: Transition, rrule: dict | None) -> Component:
    component = TimezoneDaylight() if transition.is_dst else TimezoneStandard()
    component.add("dtstart", transition.local_onset)
    component.add("tzoffsetfrom", transition.offset_from)
    component.add("tzoffsetto", transition.offset_to)
    if transition.name:
        component.add("tzname", transition.name)
    if rrule:
        component.add("rrule", rrule)
    return component


def _yearly_rule(transition: Transition, until: Transition | None) -> dict:
    month, weekday, nth, *_ = transition.pattern()
    rule = {"freq": "YEARLY", "bymonth": month, "byday": f"{nth}{WEEKDAY_CODES[weekday]}"}
    if until is not None:
        rule["until"] = until.utc.replace(tzinfo=dt.timezone.utc)
    return rule


@lru_cache(maxsize=64)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE for ``tzid``, exact for every instant from ``first_year`` on."""
    found = transitions(tzid, first_year - 1, last_year)
    timezone = Timezone()
    timezone.add("tzid", tzid)
    if not found or found[-1].utc.year < first_year - 1:
        offset, name, _ = _offset(ZoneInfo(tzid), dt.datetime(first_year, 1, 1))
        fixed = Transition(EPOCH_START - offset, offset, offset, name, False)
        timezone.add_component(_observance(fixed, None))
        return timezone.to_ical()
    # runs of consecutive yearly transitions that share a pattern become one RRULE each
    by_kind: dict[bool, list[Transition]] = {}
    for transition in found:
        by_kind.setdefault(transition.is_dst, []).append(transition)
    still_changing = found[-1].utc.year >= last_year  # the zone still has DST at the end
    for kind in sorted(by_kind):
        series = by_kind[kind]
        start = 0
        while start < len(series):
            end = start
            while (end + 1 < len(series) and series[end + 1].pattern() == series[start].pattern()
                   and series[end + 1].utc.year == series[end].utc.year + 1):
                end += 1
            is_last_run = end == len(series) - 1
            if end > start or (is_last_run and still_changing):
                until = None if is_last_run and still_changing else series[end]
                timezone.add_component(_observance(series[start], _yearly_rule(series[start], until)))
            else:
                timezone.add_component(_observance(series[start], None))
            start = end + 1
    return timezone.to_ical()


@lru_cache(maxsize=64)
def vtimezone_component(tzid: str, first_year: int, last_year: int) -> Timezone:
    """Parsed once and shared: feeds only serialise it, never change it."""
    return Timezone.from_ical(vtimezone(tzid, first_year, last_year))
