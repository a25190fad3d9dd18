"""Statutory holidays, 调休 make-up working days and school vacations, as plain data.

Official dates come from `chinesecalendar` (State Council notices, 2004 to its last release);
a site adds or overrides dates in site.yaml (next year's notice arrives late in the year, and
寒假/暑假 are set by each city). Years without data are reported, never guessed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chinese_calendar import constants as official

from .config import DateRange, HolidayConfig

NAMES_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


Vacation = DateRange  # a school vacation as declared in site.yaml


@dataclass(frozen=True)
class HolidayCalendar:
    days_off: dict[dt.date, str] = field(default_factory=dict)  # statutory holidays (放假)
    workdays: dict[dt.date, str] = field(default_factory=dict)  # weekend days worked (调休上班)
    vacations: tuple[Vacation, ...] = ()
    covered_years: frozenset[int] = frozenset()

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.days_off

    def vacation_on(self, day: dt.date) -> Vacation | None:
        return next((v for v in self.vacations if v.start <= day <= v.end), None)

    def is_school_day(self, day: dt.date) -> bool:
        if self.vacation_on(day) or day in self.days_off:
            return False
        return day.weekday() < 5 or day in self.workdays

    def covers(self, year: int) -> bool:
        return year in self.covered_years


def holiday_calendar(config: HolidayConfig, language: str = "zh-CN") -> HolidayCalendar:
    """Official dates named in the site's language (chinesecalendar's names are English), then the site's own."""
    names = NAMES_ZH if language == "zh-CN" else {}
    days_off = {d: names.get(n, n) for d, n in official.holidays.items()}
    workdays = {d: names.get(n, n) for d, n in official.workdays.items()}
    covered = {d.year for d in days_off}
    for day, name in config.days_off.items():
        days_off[day] = name
        workdays.pop(day, None)
    for day, name in config.workdays.items():
        workdays[day] = name
        days_off.pop(day, None)
    covered |= set(config.years)
    return HolidayCalendar(days_off, workdays, config.school_vacations, frozenset(covered))
