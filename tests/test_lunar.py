"""sitegen's lunar dates (lunardate) agree with an independent library (lunar-python), 2000–2050."""
from __future__ import annotations

import datetime as dt

import pytest
from lunar_python import Lunar, Solar

from sitegen import lunar


def independent(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@pytest.mark.parametrize("festival", sorted(lunar.FESTIVALS))
def test_festivals_match_lunar_python_2000_to_2050(festival):
    month, day = lunar.FESTIVALS[festival]
    ours = lunar.yearly_dates(month, day, dt.date(2000, 1, 1), dt.date(2050, 12, 31))
    theirs = [d for d in (independent(y, month, day) for y in range(1999, 2051))
              if dt.date(2000, 1, 1) <= d <= dt.date(2050, 12, 31)]
    assert ours == theirs
    assert len(ours) >= 50


def test_new_years_eve_is_the_day_before_spring_festival_2000_to_2050():
    ours = lunar.yearly_dates(12, None, dt.date(2000, 1, 1), dt.date(2050, 12, 31))
    theirs = [independent(y, 1, 1) - dt.timedelta(days=1) for y in range(2000, 2051)]
    assert ours == [d for d in theirs if d.year <= 2050]
    # 除夕 is 腊月廿九 in some years (e.g. 2025-01-28) and 腊月三十 in others (2026-02-16)
    assert dt.date(2025, 1, 28) in ours and dt.date(2026, 2, 16) in ours


def test_lunar_days_of_every_other_day_2000_to_2050_match():
    """Every other day (odd and even days alternate across month ends, so every boundary is near)."""
    day = dt.date(2000, 1, 1)
    mismatches = []
    while day <= dt.date(2050, 12, 31):
        month, lunar_day, leap = lunar.lunar_label(day)
        other = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        if (month, lunar_day, leap) != (abs(other.getMonth()), other.getDay(), other.getMonth() < 0):
            mismatches.append(day)
        day += dt.timedelta(days=2)
    assert mismatches == []


def test_market_days_in_a_month_without_a_30th():
    days = lunar.monthly_dates((30,), dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    # 六月 has a 30th (07-24); 闰六月 has 29 days; 七月 has a 30th (09-21)
    assert days == [dt.date(2025, 7, 24), dt.date(2025, 9, 21)]
