"""Schedule YAML (calendars/<centre>.yaml) → Centre and Activity with rules and changes.

The format is written for non-programmers (docs/schedules.md): weekdays in English or Chinese,
"last saturday", "周一至周五", times like "19:00-20:30". Every mistake names its line.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .config import SiteConfig, is_time_zone
from .errors import ErrorCollector, SourceError, SourceLocation
from .lunar import FESTIVALS, NEW_YEARS_EVE
from .model import (Activity, Attendance, Cancellation, Centre, Extra, LunarRule, Move, OneOff, Pause, Recurrence,
                    Split, TimeRange, WeekdaySpec)
from .sources import Sources
from .stories import markdown_to_html
from .words import label, message
from .yamlsource import Fields, YList, YMap, date_problem, load_yaml, parse_date, suggest

CENTRE_FIELDS = ("id", "name", "address", "phone", "hours", "description", "timezone", "updated")
ACTIVITY_FIELDS = (
    "id", "title", "category", "audience", "location", "time", "date", "end_date", "repeat",
    "from", "until", "skip", "cancel", "move", "add", "pause", "change", "hosts", "description",
    "signup", "contact", "capacity",
    "review_by", "attendance",  # the stale-schedule guard and the yearly report (docs/schedules.md)
)
REPEAT_FIELDS = ("every", "on", "interval", "lunar")
ADD_FIELDS = ("time", "location", "reason")
PAUSE_FIELDS = ("from", "until", "reason")
CHANGE_FIELDS = ("from", "time", "location")
SCHOOL_DAYS = ("school days", "school day", "schooldays", "上学日", "教学日")
HOLIDAY_WORDS = ("holidays", "holiday", "节假日", "法定节假日")
MOVE_FIELDS = ("to", "time", "location", "reason")
FREQUENCIES = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY",
               "lunar month": "LUNAR_MONTHLY"}

_WEEKDAY_NAMES: dict[str, int] = {}
for _index, _names in enumerate([
    ("mon", "monday", "一"), ("tue", "tuesday", "二"), ("wed", "wednesday", "三"),
    ("thu", "thursday", "四"), ("fri", "friday", "五"), ("sat", "saturday", "六"),
    ("sun", "sunday", "日", "天"),
]):
    for _name in _names:
        if len(_name) == 1:
            for _prefix in ("周", "星期", "礼拜"):
                _WEEKDAY_NAMES[_prefix + _name] = _index
        else:
            _WEEKDAY_NAMES[_name] = _index
_WEEKDAY_NAMES.update({"tues": 1, "thur": 3, "thurs": 3})

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1,
    "第一个": 1, "第二个": 2, "第三个": 3, "第四个": 4, "第五个": 5, "最后一个": -1,
    "第1个": 1, "第2个": 2, "第3个": 3, "第4个": 4, "第5个": 5,
}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIME_RANGE_RE = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：](\d{2})\s*$")


def read_schedules(sources: Sources, config: SiteConfig, errors: ErrorCollector) -> list[Centre]:
    centres: list[Centre] = []
    seen: dict[str, str] = {}
    for src_path in sources.schedules:
        text = ""
        try:
            text = sources.path(src_path).read_text(encoding="utf-8-sig")
            data = load_yaml(text, src_path, errors)
        except SourceError as exc:
            errors.add(exc, unreadable=True)
            errors.failed.update(_centre_ids_in(text, src_path))
            continue
        except UnicodeDecodeError:
            errors.error(SourceLocation(src_path, 1, 1), message("not_utf8", errors.language))
            errors.unreadable.add(src_path)
            errors.failed.update(_centre_ids_in(text, src_path))
            continue
        centre = parse_schedule(data, src_path, config, errors)
        if centre is None:
            errors.failed.update(_centre_ids_in(text, src_path))
            continue
        if centre.id in seen:
            errors.error(SourceLocation(src_path, 1, 1),
                         message("centre_id_used", errors.language, id=centre.id, other=seen[centre.id]))
            continue
        seen[centre.id] = src_path
        centres.append(centre)
    return sorted(centres, key=lambda c: c.id)


def _centre_ids_in(text: str, src_path: str) -> set[str]:
    """The centre id a schedule that could not be read probably declares (its first 'id:', and the
    file name): stories about that centre are then not reported as naming an unknown centre."""
    ids = {src_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]}
    match = re.search(r"\bid:\s*[\"']?([a-z0-9-]+)", text)
    if match:
        ids.add(match.group(1))
    return ids


def parse_schedule(data: Any, src_path: str, config: SiteConfig,
                   errors: ErrorCollector) -> Centre | None:
    top = Fields(data, src_path, errors, ("centre", "activities", "updated"), SourceLocation(src_path, 1, 1))
    if not top.has("centre"):
        errors.error(top.loc, message("no_centre_block", errors.language))
        return None
    centre = Fields(top.raw("centre"), "the centre", errors, CENTRE_FIELDS, top.where("centre"))
    centre_id = _identifier(centre, "centre")
    timezone = centre.text("timezone", default=config.timezone)
    if not is_time_zone(timezone):
        errors.error(centre.where("timezone"), message("timezone_unknown", errors.language, value=timezone))
        timezone = config.timezone
    updated = centre.date("updated")
    if top.has("updated"):  # also accepted at the top of the file
        if centre.has("updated"):
            errors.error(top.where("updated"), message("updated_twice", config.language))
        else:
            updated = top.date("updated")
    activities_data = top.raw("activities")
    activities: list[Activity] = []
    if activities_data is not None and not isinstance(activities_data, YList):
        errors.error(top.where("activities"), message("activities_not_list", errors.language))
    elif activities_data:
        seen: dict[str, int] = {}
        for item, loc in zip(activities_data, activities_data.item_locs):
            activity = _parse_activity(item, loc, centre_id, timezone, updated, errors, config.language,
                                       unsafe_html=config.unsafe_html)
            if activity is None:
                if isinstance(item, YMap) and item.get("id") is not None:  # no follow-on "unknown activity"
                    errors.failed.add(f"{centre_id}/{item.get('id')}")
                continue
            if activity.id in seen:
                errors.error(loc, message("activity_id_used", errors.language, id=activity.id,
                                          line=seen[activity.id], example=f"{activity.id}-2"))
                continue
            seen[activity.id] = loc.line
            activities.append(activity)
    return Centre(
        id=centre_id,
        name=centre.text("name", required=True, hint="the centre's full name") or centre_id,
        src_path=src_path,
        timezone=timezone,
        address=centre.text("address", default=""),
        phone=centre.text("phone", default=""),
        hours=centre.text("hours", default=""),
        description_html=markdown_to_html(centre.text("description", default=""), config.unsafe_html),
        updated=updated,
        activities=tuple(activities),
    )


def _identifier(fields: Fields, what: str) -> str:
    value = fields.text("id", required=True, hint="a short name in lower-case letters, e.g. chongdeyuan")
    if value is None:
        return f"unnamed-{fields.loc.line}"
    if not _ID_RE.match(value):
        errors_hint = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "concert"
        language = fields.errors.language
        fields.errors.error(fields.where("id"), message("id_invalid", language, what=message(what, language),
                                                        value=value, example=errors_hint))
    return value


def _parse_activity(data: Any, loc: SourceLocation, centre_id: str, timezone: str,
                    updated: dt.date | None, errors: ErrorCollector, language: str = "en",
                    unsafe_html: bool = False) -> Activity | None:
    label = f"activity '{data.get('id')}'" if isinstance(data, YMap) and data.get("id") else "this activity"
    fields = Fields(data, label, errors, ACTIVITY_FIELDS, loc)
    if not isinstance(data, YMap):
        return None
    activity_id = _identifier(fields, "activity")
    time = parse_time_range(fields.raw("time"), fields.where("time"), errors) if fields.has("time") else None
    schedule = _parse_schedule_rule(fields, errors)
    if schedule is None:
        return None
    cancellations = _parse_cancellations(fields, errors)
    moves = _parse_moves(fields, time, errors)
    for move in moves:
        if move.date in {c.date for c in cancellations}:
            errors.error(move.loc, f"{move.date} is both cancelled and moved; keep only one of the two")
    recurring = isinstance(schedule, Recurrence)
    skip_holidays = _parse_skip(fields, schedule, errors)
    extras = _parse_extras(fields, time, errors)
    pauses = _parse_pauses(fields, errors)
    splits = _parse_splits(fields, schedule, time, errors) if recurring or fields.has("change") else ()
    hosts = _parse_hosts(fields, schedule, errors)
    return Activity(
        centre_id=centre_id,
        id=activity_id,
        title=fields.text("title", required=True, hint="the activity's name") or activity_id,
        category=fields.text("category", required=True, hint="e.g. 文化活动") or "其他",
        schedule=schedule,
        time=time,
        timezone=timezone,
        loc=loc,
        audience=fields.text_list("audience"),
        location=fields.text("location", default=""),
        description_html=markdown_to_html(fields.text("description", default=""), unsafe_html),
        signup=fields.text("signup", default=""),
        contact=fields.text("contact", default=""),
        capacity=fields.integer("capacity", minimum=1),
        cancellations=tuple(sorted(cancellations, key=lambda c: c.date)),
        moves=tuple(sorted(moves, key=lambda m: m.date)),
        extras=extras,
        pauses=pauses,
        splits=splits,
        skip_holidays=skip_holidays,
        hosts=hosts,
        updated=updated,
        review_by=fields.date("review_by"),
        attendance=_parse_attendance(fields, errors, language),
    )


def _parse_attendance(fields: Fields, errors: ErrorCollector, language: str) -> tuple[Attendance, ...]:
    """'attendance: {2026-11-17: 83}': people per session held; whether the day was a session is
    checked when the rules are expanded (recurrence.py)."""
    result = []
    for day, value, value_loc, key_loc in _dated_entries(fields, "attendance", "date: number of people",
                                                         "'2026-11-17: 83'", errors):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.error(value_loc, message("attendance_not_number", language, date=day, value=value))
            continue
        result.append(Attendance(day, value, key_loc))
    return tuple(sorted(result, key=lambda a: a.date))


def _parse_skip(fields: Fields, schedule, errors: ErrorCollector) -> bool:
    if not fields.has("skip"):
        return False
    words = [w.lower() for w in fields.text_list("skip")]
    unknown = [w for w in words if w not in HOLIDAY_WORDS]
    if unknown or not words:
        errors.error(fields.where("skip"), f"'skip' understands 'holidays' (法定节假日), not '{', '.join(unknown)}'")
        return False
    if not isinstance(schedule, Recurrence):
        errors.error(fields.where("skip"), "'skip: holidays' is for repeating activities on the Gregorian calendar")
        return False
    if schedule.school_days:
        errors.error(fields.where("skip"), "school days already leave out holidays; remove 'skip'")
    return True


def _dated_entries(fields: Fields, key: str, lines: str, example: str, errors: ErrorCollector):
    """(date, value, value location, key location) for a 'YYYY-MM-DD: ...' block (cancel, move, add)."""
    data = fields.raw(key)
    if data is None:
        return []
    if not isinstance(data, YMap):
        errors.error(fields.where(key), message("dated_lines", errors.language, key=key, lines=lines, example=example))
        return []
    entries = []
    seen: dict[dt.date, int] = {}
    for text, value in data.items():
        day = parse_date(text)
        if day is None:
            errors.error(data.where_key(text), date_problem(text, errors.language))
            continue
        if _written_twice(day, data.where_key(text), seen, errors):
            continue
        entries.append((day, value, data.where(text), data.where_key(text)))
    return entries


def _written_twice(day: dt.date, loc: SourceLocation, seen: dict[dt.date, int], errors: ErrorCollector) -> bool:
    """2026-3-8 and 2026-03-08 are the same day: a second entry for it is a mistake."""
    if day in seen:
        errors.error(loc, message("date_twice", errors.language, day=day, line=seen[day]))
        return True
    seen[day] = loc.line
    return False


def _parse_extras(fields: Fields, time: TimeRange | None, errors: ErrorCollector) -> tuple[Extra, ...]:
    extras = []
    for day, value, value_loc, key_loc in _dated_entries(fields, "add", "date: reason", "'2026-12-24: 圣诞加场'", errors):
        if isinstance(value, YMap):
            extra = Fields(value, f"the extra date {day}", errors, ADD_FIELDS, value_loc)
            new_time = parse_time_range(extra.raw("time"), extra.where("time"), errors) if extra.has("time") else None
            if new_time and time is None:
                errors.error(extra.where("time"), "this activity is all-day, so an extra date cannot give a time")
            extras.append(Extra(day, extra.text("reason", default=""), key_loc, new_time, extra.text("location")))
        else:
            extras.append(Extra(day, str(value or "").strip(), key_loc))
    return tuple(sorted(extras, key=lambda e: e.date))


def _parse_pauses(fields: Fields, errors: ErrorCollector) -> tuple[Pause, ...]:
    data = fields.raw("pause")
    if data is None:
        return ()
    items = _items(data, fields.where("pause"))
    pauses = []
    for item, loc in items:
        pause = Fields(item, "a pause", errors, PAUSE_FIELDS, loc)
        start, end = pause.date("from", required=True), pause.date("until", required=True)
        reason = pause.text("reason", required=True, hint="e.g. 暑假停课")
        if start and end and end < start:
            errors.error(pause.where("until"), message("until_before_from", errors.language, end=end, start=start))
        elif start and end:
            pauses.append(Pause(start, end, reason or "", loc))
    return tuple(sorted(pauses, key=lambda p: p.start))


def _parse_splits(fields: Fields, schedule, time: TimeRange | None, errors: ErrorCollector) -> tuple[Split, ...]:
    data = fields.raw("change")
    if data is None:
        return ()
    if not isinstance(schedule, Recurrence):
        errors.error(fields.where("change"), "'change' (a new time from a date on) is for repeating "
                                             "activities; for a one-off event use 'move'")
        return ()
    splits = []
    for item, loc in _items(data, fields.where("change")):
        change = Fields(item, "a change", errors, CHANGE_FIELDS, loc)
        start = change.date("from", required=True)
        new_time = parse_time_range(change.raw("time"), change.where("time"), errors) if change.has("time") else None
        location = change.text("location")
        if new_time and time is None:
            errors.error(change.where("time"), "this activity is all-day, so a change cannot give a time")
            continue
        if start is None:
            continue
        if not new_time and not location:
            errors.error(loc, f"the change from {start} changes nothing; give a new 'time' or 'location'")
            continue
        if start <= schedule.start or (schedule.until and start > schedule.until):
            errors.error(change.where("from"), f"a change must start after 'from' ({schedule.start})"
                                               + (f" and by 'until' ({schedule.until})" if schedule.until else "")
                                               + "; to change the whole series, edit the activity itself")
            continue
        splits.append(Split(start, loc, new_time, location))
    starts = [s.start for s in splits]
    if len(starts) != len(set(starts)):
        errors.error(fields.where("change"), "two changes start on the same day; merge them")
    return tuple(sorted(splits, key=lambda s: s.start))


def _parse_hosts(fields: Fields, schedule, errors: ErrorCollector) -> tuple[tuple[int, str], ...]:
    data = fields.raw("hosts")
    if data is None:
        return ()
    if not isinstance(data, YMap):
        errors.error(fields.where("hosts"), "'hosts' lists 'weekday: name' lines, e.g. '周一: 张书记'")
        return ()
    if not (isinstance(schedule, Recurrence) and schedule.freq == "WEEKLY"):
        errors.error(fields.where("hosts"), "a roster of hosts by weekday needs 'repeat: {every: week, ...}'")
        return ()
    hosts = {}
    for word, name in data.items():
        weekday = _weekday(word)
        if weekday is None:
            errors.error(data.where_key(word), f"'{word}' is not a weekday{suggest(word.lower(), _WEEKDAY_NAMES)}")
        elif weekday not in {w.weekday for w in schedule.weekdays}:
            errors.error(data.where_key(word), f"the activity does not happen on {word}; remove this host "
                                               "or add the day to 'on'")
        else:
            hosts[weekday] = str(name or "").strip()
    return tuple(sorted(hosts.items()))


def parse_time_range(value: Any, loc: SourceLocation, errors: ErrorCollector) -> TimeRange | None:
    """'19:00-20:30' (also 9:30-11:00, full-width digits and '：', '至'/'到'/'~' between) → TimeRange."""
    text = unicodedata.normalize("NFKC", value) if isinstance(value, str) else None
    match = _TIME_RANGE_RE.match(text) if text is not None else None
    language = errors.language
    if not match:
        single = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
        if single and int(single.group(1)) < 23:
            example = f"{int(single.group(1)) + 1:02d}:{single.group(2)}"
            errors.error(loc, message("time_single", language, value=text.strip(), example=example))
            return None
        fixed = _spoken_time_range(text or "")
        fix = message("time_fix", language, fixed=fixed) if fixed else ""
        errors.error(loc, message("time_invalid", language, value=value, fix=fix))
        return None
    h1, m1, h2, m2 = map(int, match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        errors.error(loc, message("time_out_of_range", language, value=value))
        return None
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end <= start:
        errors.error(loc, message("time_end_before", language, value=value))
        return None
    return TimeRange(start, end)


_SPOKEN_TIME = re.compile(r"(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*(?:点|时)\s*(半|(\d{1,2})\s*分?)?")


def _spoken_time_range(text: str) -> str | None:
    """'9点半-11点' or '下午3点到5点' as "09:30-11:00" / "15:00-17:00", to suggest in a message."""
    parts = re.split(r"\s*(?:-|–|—|~|～|至|到)\s*", text.strip())
    if len(parts) != 2:
        return None
    times = []
    afternoon = False
    for part in parts:
        match = _SPOKEN_TIME.fullmatch(part)
        if not match:
            return None
        period, hour, rest, minutes = match.group(1), int(match.group(2)), match.group(3), match.group(4)
        afternoon = afternoon or period in ("下午", "晚上")
        if afternoon and hour < 12:
            hour += 12
        minute = 30 if rest == "半" else int(minutes or 0)
        if hour > 23 or minute > 59:
            return None
        times.append(f"{hour:02d}:{minute:02d}")
    return "-".join(times)


def _parse_schedule_rule(fields: Fields, errors: ErrorCollector) -> Recurrence | OneOff | None:
    has_date, has_repeat = fields.has("date"), fields.has("repeat")
    if has_date and has_repeat:
        errors.error(fields.where("repeat"), message("date_and_repeat", errors.language,
                                                     what=label(fields.what, errors.language)))
        return None
    if has_date:
        for key in ("from", "until"):
            if fields.has(key):
                errors.error(fields.where(key), f"'{key}' belongs to repeating activities; a one-off "
                                                "event on several days uses 'end_date'")
        date = fields.date("date")
        end_date = fields.date("end_date")
        if date is None:
            return None
        if end_date is not None:
            if end_date < date:
                errors.error(fields.where("end_date"), message("end_before_date", errors.language,
                                                               end=end_date, date=date))
                return None
            if fields.has("time") and end_date != date:
                errors.error(fields.where("end_date"),
                             "an event over several days is all-day; remove 'time', or use "
                             "'repeat: {every: day}' with 'from' and 'until' for a daily time")
                return None
        return OneOff(date=date, end_date=end_date if end_date != date else None)
    if not has_repeat:
        errors.error(fields.loc, message("no_date_no_repeat", errors.language, what=label(fields.what, errors.language)))
        return None
    if fields.has("end_date"):
        errors.error(fields.where("end_date"), "'end_date' is for one-off events; a series ends with 'until'")
    start = fields.date("from")
    if start is None:
        if not fields.has("from"):
            errors.error(fields.where("repeat"), message("repeat_no_from", errors.language,
                                                         what=label(fields.what, errors.language)))
        return None
    until = fields.date("until")
    if until is not None and until < start:
        errors.error(fields.where("until"), message("until_before_from", errors.language, end=until, start=start))
        return None
    return _parse_repeat(fields.raw("repeat"), fields.where("repeat"), start, until, errors)


def _parse_repeat(data: Any, loc: SourceLocation, start: dt.date, until: dt.date | None,
                  errors: ErrorCollector) -> Recurrence | LunarRule | None:
    data = _on_written_as_true(data, errors)
    repeat = Fields(data, "'repeat'", errors, REPEAT_FIELDS, loc)
    every = repeat.text("every", required=True, hint="week (or day, month, year)")
    if every is None:
        return None
    every = every.lower()
    if every not in FREQUENCIES:
        errors.error(repeat.where("every"), message("every_unknown", errors.language, every=every,
                                                    suggestion=suggest(every, FREQUENCIES, errors.language)))
        return None
    freq = FREQUENCIES[every]
    interval = repeat.integer("interval", default=1, minimum=1, maximum=52) or 1
    on = repeat.raw("on")
    on_loc = repeat.where("on")
    lunar = _parse_lunar(repeat, freq, on, start, until, errors)
    if lunar is not False:
        return lunar
    base = dict(freq=freq, start=start, until=until, interval=interval)
    if freq == "DAILY":
        if on is not None:
            errors.error(on_loc, "'on' is not used with 'every: day'; remove it")
        return Recurrence(**base)
    if freq == "WEEKLY":
        if on is None:
            return Recurrence(**base, weekdays=(WeekdaySpec(start.weekday()),))
        if isinstance(on, str) and on.strip().lower() in SCHOOL_DAYS:
            if interval != 1:
                errors.error(repeat.where("interval"), "school days cannot skip weeks; remove 'interval'")
            return Recurrence(**base, weekdays=tuple(WeekdaySpec(d) for d in range(5)), school_days=True)
        days = _parse_weekdays(on, on_loc, errors)
        return Recurrence(**base, weekdays=tuple(WeekdaySpec(d) for d in days)) if days else None
    if freq == "MONTHLY":
        if on is None:
            return Recurrence(**base, monthdays=(start.day,))
        return _parse_monthly(on, on_loc, base, errors)
    # YEARLY
    if on is None:
        return Recurrence(**base, month=start.month, monthdays=(start.day,))
    match = re.fullmatch(r"\s*(\d{1,2})[-/月](\d{1,2})日?\s*", str(on))
    if not match:
        errors.error(on_loc, f"a yearly 'on' is a month and day like 06-01 or 6月1日, "
                             f"or a lunar festival ({'、'.join(sorted(set(FESTIVALS) | set(NEW_YEARS_EVE)))}), not '{on}'")
        return None
    month, day = map(int, match.groups())
    try:
        dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        errors.error(on_loc, f"'{on}' is not a day of the year")
        return None
    return Recurrence(**base, month=month, monthdays=(day,))


def _on_written_as_true(data: Any, errors: ErrorCollector) -> Any:
    """A 'repeat' whose 'on:' became 'true:' (a YAML 1.1 tool read 'on' as true and wrote it back):
    said once in plain words, and read as 'on' so the rest of the activity is still checked."""
    if not isinstance(data, YMap) or "on" in data:
        return data
    for key in [k for k in data if k.lower() == "true"]:
        errors.error(data.where_key(key), message("on_true_key", errors.language, key=key))
        renamed = YMap((("on" if k == key else k), v) for k, v in data.items())
        renamed.loc = data.loc
        renamed.key_locs = {("on" if k == key else k): v for k, v in data.key_locs.items()}
        renamed.value_locs = {("on" if k == key else k): v for k, v in data.value_locs.items()}
        return renamed
    return data


def _parse_lunar(repeat: Fields, freq: str, on: Any, start: dt.date, until: dt.date | None,
                 errors: ErrorCollector) -> LunarRule | None | bool:
    """A lunar rule, None after an error, or False when the rule is not a lunar one."""
    on_text = str(on).strip() if isinstance(on, str) else None
    if freq == "LUNAR_MONTHLY":
        days = []
        for item, item_loc in _items(on, repeat.where("on")):
            if isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 30:
                days.append(item)
            else:
                errors.error(item_loc, f"a lunar day is a number 1–30, not '{item}' "
                                       "(逢五逢十: on: [5, 10, 15, 20, 25, 30])")
        if repeat.has("interval"):
            errors.error(repeat.where("interval"), "'interval' is not used with lunar months")
        if not days:
            if on is None:
                errors.error(repeat.loc, "say which lunar days, e.g. 'on: [5, 10, 15, 20, 25, 30]'")
            return None
        return LunarRule(start=start, until=until, days=tuple(sorted(set(days))))
    lunar_date = repeat.text("lunar")
    is_festival = on_text in FESTIVALS or on_text in NEW_YEARS_EVE
    if lunar_date is None and not is_festival:
        return False
    if freq != "YEARLY":
        errors.error(repeat.loc, "lunar dates and festivals repeat yearly: write 'every: year'")
        return None
    if repeat.has("interval"):
        errors.error(repeat.where("interval"), "'interval' is not used with lunar dates")
    if on_text in NEW_YEARS_EVE:
        return LunarRule(start=start, until=until, month=12, festival=on_text, new_years_eve=True)
    if is_festival:
        month, day = FESTIVALS[on_text]
        return LunarRule(start=start, until=until, month=month, days=(day,), festival=on_text)
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", lunar_date)
    if not match or not (1 <= int(match.group(1)) <= 12 and 1 <= int(match.group(2)) <= 30):
        errors.error(repeat.where("lunar"), f"a lunar date is month-day like 09-09 (农历九月初九), not "
                                            f"'{lunar_date}'; or write a festival: on: 重阳")
        return None
    if on is not None:
        errors.error(repeat.where("on"), "give either 'lunar' or 'on', not both")
    return LunarRule(start=start, until=until, month=int(match.group(1)), days=(int(match.group(2)),))


def _items(value: Any, loc: SourceLocation) -> list[tuple[Any, SourceLocation]]:
    if isinstance(value, YList):
        return list(zip(value, value.item_locs))
    return [(value, loc)]


def _weekday(word: str) -> int | None:
    return _WEEKDAY_NAMES.get(word.strip().lower())


_YAML11_BOOLEANS = ("yes", "no", "true", "false", "on", "off", "y", "n")


def _parse_weekdays(value: Any, loc: SourceLocation, errors: ErrorCollector) -> list[int]:
    days: list[int] = []
    for item, item_loc in _items(value, loc):
        for part in re.split(r"[,，、]", str(item)):
            part = part.strip()
            span = re.fullmatch(r"(.+?)\s*(?:-|–|~|至|到)\s*(.+)", part)
            if span and _weekday(span.group(1)) is not None and _weekday(span.group(2)) is not None:
                first, last = _weekday(span.group(1)), _weekday(span.group(2))
                if last < first:
                    errors.error(item_loc, f"'{part}': write the range in week order, e.g. mon-fri")
                    continue
                days.extend(range(first, last + 1))
            elif _weekday(part) is not None:
                days.append(_weekday(part))
            elif isinstance(item, bool) or part.lower() in _YAML11_BOOLEANS:
                errors.error(item_loc, message("on_yes_no", errors.language, value=part))
            else:
                errors.error(item_loc, message("weekday_unknown", errors.language, part=part,
                                               suggestion=suggest(part.lower(), _WEEKDAY_NAMES, errors.language)))
    return sorted(set(days))


def _parse_monthly(value: Any, loc: SourceLocation, base: dict, errors: ErrorCollector) -> Recurrence | None:
    monthdays: list[int] = []
    weekdays: list[WeekdaySpec] = []
    ok = True
    for item, item_loc in _items(value, loc):
        if isinstance(item, int) and not isinstance(item, bool):
            if 1 <= item <= 31 or item == -1:
                monthdays.append(item)
            else:
                errors.error(item_loc, f"day of month must be 1–31 (or -1 for the last day), not {item}")
                ok = False
            continue
        spec = _parse_nth_weekday(str(item))
        if spec is None:
            errors.error(item_loc, f"'{item}' is not understood; write a day of the month (15), or an "
                                   "ordinal and a weekday: 'last saturday', '2nd tuesday', '第一个周六'")
            ok = False
        else:
            weekdays.append(spec)
    if not ok:
        return None
    if monthdays and weekdays:
        errors.error(loc, "use either days of the month or weekdays in one 'on', not both; "
                          "make two activities if you need both")
        return None
    return Recurrence(**base, monthdays=tuple(sorted(set(monthdays))),
                      weekdays=tuple(sorted(set(weekdays), key=lambda w: (w.nth, w.weekday))))


def _parse_nth_weekday(text: str) -> WeekdaySpec | None:
    text = text.strip().lower()
    match = re.fullmatch(r"(\S+?)\s*((?:周|星期|礼拜)\S|[a-z]+)", text)
    if not match:
        return None
    nth = _ORDINALS.get(match.group(1))
    weekday = _weekday(match.group(2))
    if nth is None or weekday is None:
        return None
    return WeekdaySpec(weekday, nth)


def _parse_cancellations(fields: Fields, errors: ErrorCollector) -> list[Cancellation]:
    result = []
    for date, reason, value_loc, key_loc in _dated_entries(fields, "cancel", "date: reason",
                                                           "'2026-10-01: 国庆假期暂停'", errors):
        if not isinstance(reason, str) or not reason.strip():
            errors.error(value_loc, message("cancel_no_reason", errors.language, date=date))
            continue
        result.append(Cancellation(date=date, reason=reason.strip(), loc=key_loc))
    return result


def _parse_moves(fields: Fields, time: TimeRange | None, errors: ErrorCollector) -> list[Move]:
    result = []
    for date, value, value_loc, key_loc in _dated_entries(fields, "move", "original date: new date",
                                                          "'2026-05-30: {to: 2026-06-06, reason: 场地检修}'", errors):
        move = _parse_move(date, value, value_loc, key_loc, time, errors)
        if move:
            result.append(move)
    return result


def _parse_move(date, value, value_loc, key_loc, time, errors) -> Move | None:
    if isinstance(value, YMap):
        target = Fields(value, f"the move of {date}", errors, MOVE_FIELDS, value_loc)
        new_date = target.date("to") or (None if target.has("to") else date)  # same day: new time or room
        new_time = (parse_time_range(target.raw("time"), target.where("time"), errors)
                    if target.has("time") else None)
        new_location = target.text("location")
        reason = target.text("reason", default="")
    else:
        match = re.fullmatch(r"\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?)(?:\s+(.+))?\s*",
                             unicodedata.normalize("NFKC", str(value)))
        new_date = parse_date(match.group(1)) if match else None
        if new_date is None:
            errors.error(value_loc, message("move_target", errors.language, date=date))
            return None
        new_time = parse_time_range(match.group(2), value_loc, errors) if match.group(2) else None
        new_location, reason = None, ""
    if new_date is None:
        return None
    if new_time is not None and time is None:
        errors.error(value_loc, "this activity is all-day, so a move cannot give a time; "
                                "remove the time or give the activity a 'time'")
        return None
    if new_date == date and new_time in (None, time) and not new_location:
        errors.error(value_loc, f"the move of {date} changes nothing; give a new date, time or location")
        return None
    return Move(date=date, new_date=new_date, reason=reason, loc=key_loc, new_time=new_time,
                new_location=new_location)
