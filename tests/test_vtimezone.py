"""Our VTIMEZONEs give the same UTC offset as the tz database at every instant we care about."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from sitegen.vtimezone import transitions, vtimezone

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Sydney",
         "America/Sao_Paulo", "Europe/Moscow", "Asia/Kolkata", "Pacific/Chatham"]


def offsets_from_vtimezone(tzid: str, first_year: int, last_year: int):
    parsed = Timezone.from_ical(vtimezone(tzid, first_year, last_year))
    return parsed.to_tz(lookup_tzid=False)  # build the zone from our definition, not the tz database


@pytest.mark.parametrize("tzid", ZONES)
def test_offsets_match_the_tz_database_every_six_hours(tzid):
    ours = offsets_from_vtimezone(tzid, 2012, 2027)
    reference = ZoneInfo(tzid)
    moment = dt.datetime(2012, 1, 1, tzinfo=dt.timezone.utc)
    mismatches = []
    while moment.year < 2036:  # beyond last_year: the open-ended rules must carry on
        expected = moment.astimezone(reference).utcoffset()
        got = moment.astimezone(ours).utcoffset()
        if expected != got:
            mismatches.append((moment, expected, got))
        moment += dt.timedelta(hours=6)
    assert mismatches == []


def test_no_comma_separated_rdate_lists():
    for tzid in ZONES:
        text = vtimezone(tzid, 2000, 2030).decode()
        assert "RDATE" not in text, tzid


def test_zone_without_dst_has_one_fixed_observance():
    text = vtimezone("Asia/Shanghai", 2026, 2027).decode()
    assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text
    assert "TZOFFSETFROM:+0800" in text and "TZOFFSETTO:+0800" in text


def test_berlin_is_two_open_ended_yearly_rules():
    text = vtimezone("Europe/Berlin", 2026, 2027).decode().replace("\r\n", "\n")
    assert "BEGIN:DAYLIGHT\nDTSTART:20250330T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\n" in text
    assert "BEGIN:STANDARD\nDTSTART:20251026T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\n" in text
    assert "UNTIL" not in text


def test_transitions_are_found_to_the_minute():
    found = transitions("America/New_York", 2026, 2026)
    assert [(t.utc, t.is_dst) for t in found] == [
        (dt.datetime(2026, 3, 8, 7, 0), True),   # 02:00 EST → 03:00 EDT
        (dt.datetime(2026, 11, 1, 6, 0), False),  # 02:00 EDT → 01:00 EST
    ]
