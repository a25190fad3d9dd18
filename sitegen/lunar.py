"""Lunar (农历) dates → Gregorian dates, via the tested `lunardate` library (1900–2099)."""
from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

# festival shorthand → (lunar month, lunar day); 除夕 is the last day of the 12th month
FESTIVALS = {
    "春节": (1, 1), "元宵": (1, 15), "元宵节": (1, 15), "龙抬头": (2, 2), "端午": (5, 5),
    "端午节": (5, 5), "七夕": (7, 7), "中元": (7, 15), "中元节": (7, 15), "中秋": (8, 15),
    "中秋节": (8, 15), "重阳": (9, 9), "重阳节": (9, 9), "腊八": (12, 8), "腊八节": (12, 8),
    "小年": (12, 23),
}
NEW_YEARS_EVE = ("除夕",)
FIRST_YEAR, LAST_YEAR = 1901, 2099  # what lunardate knows


def to_solar(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a (non-leap) lunar date, or None if that month has no such day."""
    try:
        return LunarDate(year, month, day, False).to_solar_date()
    except ValueError:
        return None


def new_years_eve(lunar_year: int) -> dt.date:
    """除夕: the day before the next lunar new year (the 12th month has 29 or 30 days)."""
    return LunarDate(lunar_year + 1, 1, 1, False).to_solar_date() - dt.timedelta(days=1)


def yearly_dates(month: int, day: int | None, first: dt.date, last: dt.date) -> list[dt.date]:
    """Every Gregorian date of lunar ``month``/``day`` (or 除夕 when ``day`` is None) in [first, last]."""
    result = []
    for year in range(max(first.year - 1, FIRST_YEAR), min(last.year, LAST_YEAR) + 1):
        solar = new_years_eve(year) if day is None else to_solar(year, month, day)
        if solar and first <= solar <= last:
            result.append(solar)
    return result


def monthly_dates(days: tuple[int, ...], first: dt.date, last: dt.date) -> list[dt.date]:
    """Gregorian dates whose lunar day is one of ``days`` (leap months included: markets keep going)."""
    result = []
    day = first
    while day <= last:
        if LunarDate.from_solar_date(day.year, day.month, day.day).day in days:
            result.append(day)
        day += dt.timedelta(days=1)
    return result


def lunar_label(day: dt.date) -> tuple[int, int, bool]:
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    return lunar.month, lunar.day, bool(lunar.is_leap_month)
