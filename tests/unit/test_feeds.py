"""sitegen.feeds: the .ics feeds say exactly what the pages say, in a form every client reads alike."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from sitegen.build import load_site
from sitegen.errors import ErrorCollector
from sitegen.feeds import render_feeds
from sitegen.site import Site

TODAY = dt.date(2026, 11, 23)
SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE_YAML = "title: 测试街道\nbase_url: https://feeds.example.org/sub/\ntimezone: Asia/Shanghai\n"
CDY = """\
centre:
  id: cdy
  name: 崇德苑党群服务中心
  address: 测试路1号
  updated: 2026-11-01
activities:
  - id: concert
    title: 邻里音乐会
    category: 文化活动
    audience: [全体居民]
    location: 一楼多功能厅
    time: "19:00-20:30"
    repeat: {every: month, on: last saturday}
    from: 2026-01-01
    cancel: {2026-12-26: 场地布置元旦活动}
    move:
      2026-11-28: {to: 2026-12-05, time: "18:30-20:00", location: 二楼活动室, reason: 多功能厅检修}
  - id: homework
    title: 四点半课堂
    category: 教育培训
    time: "16:30-18:00"
    repeat: {every: week, on: mon-fri}
    from: 2026-09-01
    until: 2027-01-22
    cancel: {2027-01-01: 元旦放假}
  - id: dance
    title: 广场舞
    category: 文化活动
    time: "08:00-09:00"
    repeat: {every: week, on: saturday, interval: 2}
    from: 2026-01-01
  - id: clinic
    title: 义诊
    category: 健康服务
    time: "09:00-11:00"
    repeat: {every: month, on: 15}
    from: 2026-03-01
  - id: lecture
    title: 健康讲座
    category: 健康服务
    time: "14:00-15:00"
    repeat: {every: month, on: 第二个周二}
    from: 2026-01-01
  - id: flag
    title: 儿童节游园
    category: 节日活动
    repeat: {every: year, on: 06-01}
    from: 2026-01-01
  - id: cleanup
    title: 环境整治月
    category: 便民服务
    repeat: {every: day}
    from: 2026-11-01
    until: 2026-11-30
  - id: reading
    title: 读书会
    category: 文化活动
    time: "10:00-11:00"
    repeat: {every: week, on: sunday}
    from: 2026-10-01
    until: 2027-03-31
    pause:
      - {from: 2027-01-25, until: 2027-02-28, reason: 寒假}
  - id: market
    title: 爱心集市
    category: 便民服务
    date: 2026-12-12
    end_date: 2026-12-13
  - id: opera
    title: 重阳戏曲
    category: 节日活动
    date: 2026-11-25
    time: "14:30-16:30"
    description: |
      京剧、吕剧选段，由社区戏曲社的票友们演出。这一段描述写得比较长，以便 DESCRIPTION 这一行一定要折行，
      而且折行的位置很可能落在一个汉字的中间，如果折行不按字节计算就会把汉字切成两半。
"""
BERLIN = """\
centre:
  id: berlin
  name: 柏林华人中心
  timezone: Europe/Berlin
activities:
  - id: choir
    title: 合唱团
    category: 文化活动
    time: "19:00-21:00"
    repeat: {every: week, on: wednesday}
    from: 2026-01-01
    until: 2027-07-28
"""
STORY = "---\ntitle: {title}\ndate: {date}\nauthors: [李晓雯]\ntags: [文化]\n---\n\n正文<b>第一段</b>。\n"
STORIES = [("a", "音乐会", "2026-10-31"), ("b", "集市 & 义诊", "2026-11-15"), ("c", "旧闻", "2025-01-01")]


def make_site(root: Path, cdy: str = CDY, site_yaml: str = SITE_YAML) -> Path:
    (root / "calendars").mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    (root / "calendars" / "cdy.yaml").write_text(cdy, encoding="utf-8")
    (root / "calendars" / "berlin.yaml").write_text(BERLIN, encoding="utf-8")
    for name, title, date in STORIES:
        folder = root / "content" / "stories" / name
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(STORY.format(title=title, date=date), encoding="utf-8")
    return root


def load(root: Path, today: dt.date = TODAY) -> Site:
    errors = ErrorCollector()
    site = load_site(root, today, errors)
    assert errors.problems == [], [str(p) for p in errors.problems]
    return site


def feeds_of(site: Site) -> dict[str, bytes]:
    return {a.dest_path: a.content for a in render_feeds(site)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = load(make_site(tmp_path_factory.mktemp("feeds")))
    return site, feeds_of(site)


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def by_uid(data: bytes, uid: str) -> list[icalendar.Event]:
    return [e for e in events(data) if str(e["UID"]) == uid]


def master(data: bytes, uid: str) -> icalendar.Event:
    [event] = [e for e in by_uid(data, uid) if "RECURRENCE-ID" not in e]
    return event


def rrule_line(data: bytes, uid: str) -> str:
    text = data.decode("utf-8").replace("\r\n ", "")
    block = next(b for b in text.split("BEGIN:VEVENT") if f"UID:{uid}\r\n" in b and "RRULE:" in b)
    return re.search(r"^RRULE:(.*?)\r$", block, flags=re.MULTILINE).group(1)


# ---- RRULE text ----

@pytest.mark.parametrize("uid, rule", [
    ("concert.cdy", "FREQ=MONTHLY;BYDAY=-1SA;WKST=MO"),
    ("homework.cdy", "FREQ=WEEKLY;UNTIL=20270122T083000Z;BYDAY=MO,TU,WE,TH,FR;WKST=MO"),  # 16:30 +08:00
    ("dance.cdy", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;WKST=MO"),
    ("clinic.cdy", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("lecture.cdy", "FREQ=MONTHLY;BYDAY=2TU;WKST=MO"),
    ("flag.cdy", "FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=6"),
    ("cleanup.cdy", "FREQ=DAILY;UNTIL=20261130"),  # all-day: UNTIL is a DATE
    ("reading.cdy", "FREQ=WEEKLY;UNTIL=20270331T020000Z;BYDAY=SU;WKST=MO"),
    ("choir.berlin", "FREQ=WEEKLY;UNTIL=20270728T170000Z;BYDAY=WE;WKST=MO"),  # 19:00 CEST = 17:00 UTC
])
def test_rrule_text(built, uid, rule):
    _, feeds = built
    assert rrule_line(feeds["feeds/all.ics"], f"{uid}@feeds.example.org") == rule


def test_dtstart_is_the_first_real_occurrence(built):
    _, feeds = built
    data = feeds["feeds/all.ics"]
    starts = {uid: master(data, f"{uid}@feeds.example.org").decoded("DTSTART") for uid in (
        "concert.cdy", "dance.cdy", "clinic.cdy", "lecture.cdy", "flag.cdy", "choir.berlin")}
    assert starts["concert.cdy"] == dt.datetime(2026, 1, 31, 19, 0, tzinfo=SHANGHAI)  # 'from' is 01-01
    assert starts["dance.cdy"] == dt.datetime(2026, 1, 3, 8, 0, tzinfo=SHANGHAI)
    assert starts["clinic.cdy"] == dt.datetime(2026, 3, 15, 9, 0, tzinfo=SHANGHAI)
    assert starts["lecture.cdy"] == dt.datetime(2026, 1, 13, 14, 0, tzinfo=SHANGHAI)
    assert starts["flag.cdy"] == dt.date(2026, 6, 1)
    assert starts["choir.berlin"] == dt.datetime(2026, 1, 7, 19, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_all_day_events_are_dates_with_exclusive_end(built):
    _, feeds = built
    market = master(feeds["feeds/all.ics"], "market.cdy@feeds.example.org")
    assert market.decoded("DTSTART") == dt.date(2026, 12, 12)
    assert market.decoded("DTEND") == dt.date(2026, 12, 14)


def test_exdates_for_paused_days(built):
    _, feeds = built
    reading = master(feeds["feeds/all.ics"], "reading.cdy@feeds.example.org")
    exdates = reading.get("EXDATE")
    exdates = exdates if isinstance(exdates, list) else [exdates]
    days = sorted(d.dt for e in exdates for d in e.dts)
    assert [d.date().isoformat() for d in days] == ["2027-01-31", "2027-02-07", "2027-02-14", "2027-02-21", "2027-02-28"]
    assert all(d.time() == dt.time(10) and d.tzinfo is not None for d in days)


# ---- overrides ----

def test_cancelled_occurrence_is_an_override(built):
    _, feeds = built
    [cancelled] = [e for e in by_uid(feeds["feeds/all.ics"], "concert.cdy@feeds.example.org")
                   if str(e.get("STATUS")) == "CANCELLED"]
    assert str(cancelled["SUMMARY"]).startswith("【已取消】")
    assert str(cancelled["SUMMARY"]) == "【已取消】邻里音乐会"
    original = dt.datetime(2026, 12, 26, 19, 0, tzinfo=SHANGHAI)
    assert cancelled.decoded("RECURRENCE-ID") == original
    assert cancelled.decoded("DTSTART") == original
    assert "场地布置元旦活动" in str(cancelled["DESCRIPTION"])


def test_moved_occurrence_is_an_override_at_the_new_time(built):
    _, feeds = built
    [moved] = [e for e in by_uid(feeds["feeds/all.ics"], "concert.cdy@feeds.example.org")
               if "RECURRENCE-ID" in e and str(e.get("STATUS")) != "CANCELLED"]
    assert moved.decoded("RECURRENCE-ID") == dt.datetime(2026, 11, 28, 19, 0, tzinfo=SHANGHAI)
    assert moved.decoded("DTSTART") == dt.datetime(2026, 12, 5, 18, 30, tzinfo=SHANGHAI)
    assert moved.decoded("DTEND") == dt.datetime(2026, 12, 5, 20, 0, tzinfo=SHANGHAI)
    assert "二楼活动室" in str(moved["LOCATION"])
    assert "2026-11-28" in str(moved["DESCRIPTION"]) and "多功能厅检修" in str(moved["DESCRIPTION"])
    assert str(moved["STATUS"]) == "CONFIRMED"


# ---- identity ----

def test_uids_are_unique_per_event(built):
    _, feeds = built
    data = feeds["feeds/all.ics"]
    keys = [(str(e["UID"]), e.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in e else None) for e in events(data)]
    assert len(keys) == len(set(keys))
    masters = [uid for uid, rid in keys if rid is None]
    assert len(masters) == len(set(masters)) == 11
    assert all(uid.endswith("@feeds.example.org") for uid, _ in keys)


def reordered_and_edited(text: str) -> str:
    head, *blocks = text.split("\n  - id: ")
    edited = head + "".join("\n  - id: " + b.rstrip("\n") for b in reversed(blocks)) + "\n"
    edited = edited.replace("title: 邻里音乐会", "title: 邻里音乐晚会").replace('"19:00-20:30"', '"19:30-21:00"')
    assert edited != text and edited.index("id: opera") < edited.index("id: concert")
    return edited


def test_uids_survive_reordering_and_edits_of_title_and_time(built, tmp_path):
    _, feeds = built
    other = feeds_of(load(make_site(tmp_path / "edited", cdy=reordered_and_edited(CDY))))

    def identity(data):
        return sorted((str(e["UID"]), e.decoded("RECURRENCE-ID").date().isoformat() if "RECURRENCE-ID" in e else "")
                      for e in events(data))

    assert identity(other["feeds/all.ics"]) == identity(feeds["feeds/all.ics"])
    concert = master(other["feeds/all.ics"], "concert.cdy@feeds.example.org")
    assert str(concert["SUMMARY"]) == "邻里音乐晚会"  # the edit did arrive, under the same UID


# ---- DTSTAMP ----

def test_dtstamp_comes_from_updated(built):
    _, feeds = built
    for event in by_uid(feeds["feeds/all.ics"], "concert.cdy@feeds.example.org"):
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        assert event.decoded("LAST-MODIFIED") == dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_dtstamp_without_updated_is_the_first_occurrence(built):
    _, feeds = built
    choir = master(feeds["feeds/all.ics"], "choir.berlin@feeds.example.org")
    # 'from' is 2026-01-01, a Thursday; the first Wednesday is 01-07
    assert choir.decoded("DTSTAMP") == dt.datetime(2026, 1, 7, tzinfo=dt.UTC)


def test_dtstamp_never_comes_from_the_clock(built, tmp_path):
    _, feeds = built
    later = feeds_of(load(make_site(tmp_path / "later"), dt.date(2026, 12, 20)))
    stamps = {line for line in unfold(feeds["feeds/all.ics"]) if line.startswith("DTSTAMP")}
    assert stamps == {"DTSTAMP:20261101T000000Z", "DTSTAMP:20260107T000000Z"}
    assert {line for line in unfold(later["feeds/all.ics"]) if line.startswith("DTSTAMP")} == stamps
    # the same sources and the same day give the same bytes
    again = feeds_of(load(make_site(tmp_path / "again")))
    assert again["feeds/all.ics"] == feeds["feeds/all.ics"]


# ---- the wire format ----

def ics_files(feeds: dict[str, bytes]) -> dict[str, bytes]:
    files = {path: data for path, data in feeds.items() if path.endswith(".ics")}
    assert len(files) > 20
    return files


def test_every_line_ends_with_crlf_and_has_at_most_75_octets(built):
    _, feeds = built
    folded = 0
    for path, data in ics_files(feeds).items():
        assert data.endswith(b"END:VCALENDAR\r\n"), path
        lines = data.split(b"\r\n")
        assert lines[-1] == b""
        for line in lines[:-1]:
            assert b"\n" not in line and b"\r" not in line, (path, line)
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a fold never cuts a character in two
            folded += line.startswith(b" ")
    assert folded > 0  # the long Chinese DESCRIPTION really was folded


def test_vtimezone_for_every_tzid_used(built):
    _, feeds = built
    for path, data in ics_files(feeds).items():
        calendar = icalendar.Calendar.from_ical(data)
        defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        used = set(re.findall(r";TZID=([^:;]+)[:;]", data.decode("utf-8").replace("\r\n ", "")))
        assert used <= defined, path
    all_zones = {str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(feeds["feeds/all.ics"]).walk("VTIMEZONE")}
    assert all_zones == {"Asia/Shanghai", "Europe/Berlin"}
    market = icalendar.Calendar.from_ical(feeds["feeds/activities/cdy/market.ics"])
    assert list(market.walk("VTIMEZONE")) == []  # all-day only: no zone needed


def vtimezone_offsets_disagreeing(site: Site, data: bytes, keys: list[str]) -> list:
    """(start, offset by the feed's own VTIMEZONE, offset by the tz database) where they differ.

    ``to_tz(lookup_tzid=False)``: icalendar would otherwise ignore the VTIMEZONE and use its own
    zone of the same name, as many clients do; others (Outlook) use the definition in the file.
    """
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False)
             for tz in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")}
    wrong = []
    for key in keys:
        for o in site.calendar.for_activity(key):
            if o.all_day:
                continue
            own = o.start.replace(tzinfo=None).replace(tzinfo=zones[o.activity.timezone]).utcoffset()
            if own != o.start.utcoffset():
                wrong.append((o.start, own, o.start.utcoffset()))
    return wrong


def test_vtimezone_definitions_match_the_tz_database_at_every_occurrence(built):
    site, feeds = built
    keys = [a.key for a in site.all_activities()]
    assert vtimezone_offsets_disagreeing(site, feeds["feeds/all.ics"], keys) == []


def test_vtimezone_of_an_open_ended_series_covers_the_years_it_reaches(tmp_path):
    # BUG: feeds._timezones asks for a VTIMEZONE covering only the series' first year (and its
    # 'until' and overrides). For an open-ended series that began in 2018 in São Paulo, the
    # VTIMEZONE carries 2018's daylight-saving rule on for ever; Brazil dropped DST in 2019, so
    # clients that read the VTIMEZONE put every summer occurrence of 2026 an hour off.
    root = make_site(tmp_path)
    (root / "calendars" / "sp.yaml").write_text(
        "centre:\n  id: sp\n  name: 圣保罗华人中心\n  timezone: America/Sao_Paulo\n  updated: 2026-11-01\n"
        "activities:\n"
        "  - id: choir\n    title: 合唱团\n    category: 文化活动\n    time: \"19:00-21:00\"\n"
        "    repeat: {every: week, on: wednesday}\n    from: 2018-01-01\n", encoding="utf-8")
    site = load(root)
    data = feeds_of(site)["feeds/activities/sp/choir.ics"]
    assert site.calendar.for_activity("sp/choir")
    assert vtimezone_offsets_disagreeing(site, data, ["sp/choir"]) == []


def test_calendar_names_and_refresh_interval(built):
    _, feeds = built
    expected = {
        "feeds/all.ics": "测试街道",
        "feeds/centres/cdy.ics": "崇德苑党群服务中心",
        "feeds/activities/cdy/concert.ics": "邻里音乐会（崇德苑党群服务中心）",
    }
    for path, name in expected.items():
        lines = unfold(feeds[path])
        assert f"X-WR-CALNAME:{name}" in lines and f"NAME:{name}" in lines, path
    for path, data in ics_files(feeds).items():
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in unfold(data), path


def test_refresh_interval_follows_site_yaml(tmp_path):
    site = load(make_site(tmp_path, site_yaml=SITE_YAML + "feed_refresh_hours: 6\n"))
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in unfold(feeds_of(site)["feeds/all.ics"])


# ---- an independent client agrees with sitegen's own expansion ----

def as_instant(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return value


@pytest.mark.parametrize("key", ["cdy/concert", "cdy/homework", "cdy/dance", "cdy/clinic", "cdy/lecture",
                                 "cdy/flag", "cdy/cleanup", "cdy/reading", "cdy/market", "cdy/opera",
                                 "berlin/choir"])
def test_recurring_ical_events_agrees_with_the_expansion(built, key):
    site, feeds = built
    window = site.calendar.window
    centre, activity = key.split("/")
    calendar = icalendar.Calendar.from_ical(feeds[f"feeds/activities/{centre}/{activity}.ics"])
    theirs = sorted(
        (as_instant(e.decoded("DTSTART")), as_instant(e.decoded("DTEND")))
        for e in recurring_ical_events.of(calendar).between(window.start, window.end + dt.timedelta(days=1))
        if str(e.get("STATUS", "")) != "CANCELLED")
    ours = sorted(
        (as_instant(o.start), as_instant(o.end if not o.all_day else o.end + dt.timedelta(days=1)))
        for o in site.calendar.for_activity(key) if not o.cancelled)
    assert ours, key
    assert theirs == ours


def test_the_site_feed_agrees_as_a_whole(built):
    site, feeds = built
    window = site.calendar.window
    calendar = icalendar.Calendar.from_ical(feeds["feeds/all.ics"])
    theirs = sorted((str(e["UID"]).split("@")[0], as_instant(e.decoded("DTSTART")))
                    for e in recurring_ical_events.of(calendar).between(window.start, window.end + dt.timedelta(days=1))
                    if str(e.get("STATUS", "")) != "CANCELLED")
    ours = sorted((f"{o.activity.id}.{o.activity.centre_id}", as_instant(o.start))
                  for o in site.calendar.occurrences if not o.cancelled)
    assert len(ours) > 200
    assert theirs == ours


# ---- Atom ----

def test_atom_feed_has_one_entry_per_story(built):
    site, feeds = built
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(feeds["feeds/stories.xml"])
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(site.stories) == len(STORIES)
    assert [e.find("a:title", ns).text for e in entries] == ["集市 & 义诊", "音乐会", "旧闻"]
    assert root.find("a:updated", ns).text == "2026-11-15T00:00:00Z"  # the newest story, not the clock
    first = entries[0]
    assert first.find("a:id", ns).text == "https://feeds.example.org/sub/stories/ji-shi-yi-zhen/"
    assert first.find("a:author/a:name", ns).text == "李晓雯"
    assert "<b>第一段</b>" in first.find("a:content", ns).text
