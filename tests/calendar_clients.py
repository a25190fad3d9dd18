"""Two independent calendar clients that expand a feed: Mozilla's ical.js and recurring-ical-events.

Both return sorted (uid, start, status) triples for the occurrences overlapping the days
[first, last]; start is ISO 8601 with the UTC offset (a date for all-day events).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import recurring_ical_events

REPO = Path(__file__).resolve().parent.parent
EXPAND_JS = REPO / "tests" / "js" / "expand.mjs"


def icaljs_available() -> bool:
    return shutil.which("node") is not None and (REPO / "node_modules" / "ical.js").is_dir()


def expand_with_icaljs(feed: Path, first: dt.date, last: dt.date) -> list[tuple[str, str, str]]:
    if not icaljs_available():
        raise RuntimeError("ical.js is not installed: run `npm ci` (scripts/test.sh does)")
    output = subprocess.run(["node", str(EXPAND_JS), str(feed), first.isoformat(), last.isoformat()],
                            check=True, capture_output=True, text=True, cwd=REPO).stdout
    return sorted((e["uid"], e["start"], e["status"]) for e in json.loads(output))


def expand_with_recurring_ical_events(feed: Path, first: dt.date, last: dt.date) -> list[tuple[str, str, str]]:
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    events = recurring_ical_events.of(calendar).between(first, last + dt.timedelta(days=1))
    return sorted((str(e["UID"]), e["DTSTART"].dt.isoformat(), str(e.get("STATUS", ""))) for e in events)
