"""The notice-board posters tell the same truth as the occurrences: every date, time, room and
status of the month, read back from the poster's HTML (each date is a <time datetime>).

Checked on the example site (--today 2026-11-23) and on schedules Hypothesis makes up (rules,
cancels, moves, extra dates, pauses, changes of time, multi-day and lunar events). The A4 print
itself (type size, page count, QR code) is checked in Chromium in tests/test_browser.py.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitegen import render, words
from sitegen.build import load_site
from sitegen.cli import main
from sitegen.errors import BuildFailed, ErrorCollector
from sitegen.render import _Renderer, make_environment, render_posters
from sitegen.subscribe import qr_svg

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "sitegen" / "themes" / "default"
TODAY = dt.date(2026, 11, 23)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def expected_facts(site, year: int, month: int, activities) -> dict[str, list[tuple]]:
    """What the month's poster must say, straight from the occurrences (not from render.py):
    (status, first day, last day, original day of a moved session, time, room) per session."""
    first, last = month_bounds(year, month)
    all_day = words.STRINGS[site.config.language]["all_day"]
    facts: dict[str, list[tuple]] = {}
    for activity in activities:
        for o in site.calendar.by_activity.get(activity.key, ()):
            touches = o.day <= last and o.last_day >= first
            if not (touches or (o.moved and first <= o.original_date <= last)):
                continue
            if o.cancelled:
                fact = ("cancelled", o.day, o.day, None, "", "")
            else:
                time = all_day if o.all_day else f"{o.start:%H:%M}–{o.end:%H:%M}"
                was = o.original_date if o.moved and o.original_date != o.day else None
                fact = (o.status, o.day, o.last_day, was, time, o.location)
            facts.setdefault(activity.key, []).append(fact)
    return {key: sorted(items, key=str) for key, items in facts.items()}


def poster_facts(html: str) -> dict[str, list[tuple]]:
    """The same facts read back from a poster page, as a resident (or a scraper) sees them."""
    soup = BeautifulSoup(html, "html.parser")
    facts: dict[str, list[tuple]] = {}
    for row in soup.select("tr[data-activity]"):
        for line in row.select("li.line"):
            status = line["data-status"]
            text = line.get_text()
            time = line.select_one(".time").get_text() if line.select_one(".time") else ""
            place = line.select_one(".place").get_text() if line.select_one(".place") else ""
            day = lambda t: dt.date.fromisoformat(t["datetime"])  # noqa: E731
            ons = [day(t) for t in line.select("time.on, time.to")]
            until = [day(t) for t in line.select("time.until")]
            was = [day(t) for t in line.select("time.was")]
            assert ons and len(until) <= 1 and len(was) <= 1, text
            if status == "cancelled":
                assert "已取消" in text or "cancelled" in text, text
                items = [("cancelled", d, d, None, "", "") for d in ons]
            elif until:
                items = [(status, ons[0], until[0], was[0] if was else None, time, place)]
            else:
                items = [(status, d, d, was[0] if was else None, time, place) for d in ons]
            if was:
                assert "改期至" in text or "moved to" in text, text
            if status == "extra":
                assert "加场" in text or "extra session" in text, text
            if status == "moved" and not was:
                assert "调整" in text or "new time" in text or "new place" in text, text
            facts.setdefault(row["data-activity"], []).extend(items)
    return {key: sorted(items, key=str) for key, items in facts.items()}


def render_poster_pages(site) -> dict[str, str]:
    """Only the posters of a site, rendered with the bundled theme (no other page, nothing written)."""
    renderer = _Renderer(site, make_environment((THEME,)))
    render_posters(renderer)
    return {a.dest_path: a.content.decode("utf-8") for a in renderer.artifacts if a.dest_path.endswith(".html")}


def check_all_posters(site) -> int:
    pages = render_poster_pages(site)
    targets = [(f"posters/centres/{c.id}/", c.activities) for c in site.centres]
    targets += [(f"posters/audiences/{a.slug}/", a.activities) for a in site.audiences]
    checked = 0
    for base, activities in targets:
        for year, month in render.poster_months(site.today):
            html = pages[f"{base}{year:04d}-{month:02d}/index.html"]
            assert poster_facts(html) == expected_facts(site, year, month, activities), (base, year, month)
            checked += 1
    return checked


# ---- the example site ----

@pytest.fixture(scope="module")
def example():
    return load_site(ROOT, TODAY, ErrorCollector())


def test_every_session_of_the_month_is_on_the_example_posters_with_its_time_room_and_status(example):
    assert check_all_posters(example) == 2 * (len(example.centres) + len(example.audiences))


def test_rule_activities_show_their_real_dates_and_times(example):
    rows = {r["title"]: r for r in render.poster_rows(example, "zh-CN", 2026, 12,
                                                      example.centre_by_id["chongdeyuan"].activities, False)}
    text = {title: [words.parts_text(line["parts"]) for line in row["lines"]] for title, row in rows.items()}
    assert text["扇子舞教学"] == ["12月2、7、14、16、21、23、28、30日（周一、周三） 15:00–16:30 · 二楼舞蹈室",
                                 "12月9日（周三） 已取消：舞蹈室地板打蜡，暂停一次"]
    assert text["四点半课堂"][0].startswith("12月1、2、3、4、7、8、9、10、11、14、")
    assert text["四点半课堂"][0].endswith("日（周一至周五） 16:45–18:15 · 二楼儿童学习室")
    assert "24、" not in text["四点半课堂"][0] and text["四点半课堂"][1].startswith("12月24日（周四） 已取消")
    assert text["手工编织课堂"][1] == "加场 12月18日（周五） 14:00–16:00 · 二楼手工坊（为爱心集市赶制义卖品，加开一场）"
    qingshi = {r["title"]: [words.parts_text(line["parts"]) for line in r["lines"]]
               for r in render.poster_rows(example, "zh-CN", 2026, 12, example.centre_by_id["qingshi"].activities, False)}
    assert qingshi["书记轮值接待日"][0].endswith("日（周一至周五） 09:00–11:30 · 一楼接待窗口")
    # the moved 社区义诊 shows its new day and its new room, and says both changed
    assert qingshi["社区义诊"] == ["12月10日（周四） 改期至 12月17日（周四） 08:30–11:30 · 三楼多功能厅 · 地点调整"
                                 "（区医院专家团队当天另有安排）"]
    assert qingshi["政务服务进集市"] == ["12月3、8、13、18、23、28日 07:30–11:00 · 青石村集市东口服务帐篷"]
    assert qingshi["爱心集市"] == ["12月19日至20日 全天 · 中心广场"]


def test_a_session_moved_out_of_the_month_is_on_both_months_posters(example):
    for month in (11, 12):
        rows = render.poster_rows(example, "zh-CN", 2026, month, example.centre_by_id["chongdeyuan"].activities, False)
        concert = next(r for r in rows if r["title"] == "邻里音乐会")
        assert any(words.parts_text(line["parts"]).startswith("11月28日（周六） 改期至 12月5日（周六） 19:00–20:30")
                   for line in concert["lines"])


def test_poster_qr_code_holds_the_subscribe_page_address(example):
    """Scanned in WeChat, the code must open the subscribe page (with its WeChat guidance), not the .ics."""
    renderer = _Renderer(example, make_environment((THEME,)))
    render_posters(renderer)
    files = {a.dest_path: a.content for a in renderer.artifacts}
    subscribe_page = example.config.base_url + "subscribe/centres/chongdeyuan/"
    assert files["posters/centres/chongdeyuan/qr.svg"] == qr_svg(subscribe_page, "崇德苑社区党群服务中心")
    assert b".ics" not in files["posters/centres/chongdeyuan/qr.svg"]
    assert files["posters/audiences/lao-nian-ren/qr.svg"] == qr_svg(
        example.config.base_url + "subscribe/audiences/lao-nian-ren/",
        example.feed_for(example.audience_feed_url("老年人")).name)
    html = files["posters/centres/chongdeyuan/2026-12/index.html"].decode()
    assert 'src="../../../../posters/centres/chongdeyuan/qr.svg"' in html and "订阅页面的二维码" in html


def test_posters_are_linked_from_centre_audience_and_subscribe_pages(tmp_path):
    out = tmp_path / "output"
    assert main(["--site", str(ROOT), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0

    def links(page: str) -> list[str]:
        soup = BeautifulSoup((out / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        block = soup.select_one(".poster-links")
        return [a["href"] for a in block.select("a")] if block else []

    months = ["2026-11", "2026-12"]
    for centre in ("chongdeyuan", "qingshi", "liuan"):
        for page in (f"centres/{centre}/", f"subscribe/centres/{centre}/"):
            hrefs = links(page)
            assert len(hrefs) == 2, page
            for href, month in zip(hrefs, months):
                target = (out / page / href).resolve()
                assert target == (out / f"posters/centres/{centre}/{month}").resolve()
                assert (target / "index.html").exists()
    for page in ("upcoming/audiences/lao-nian-ren/", "subscribe/audiences/lao-nian-ren/"):
        assert [(out / page / h).resolve() for h in links(page)] == [
            (out / f"posters/audiences/lao-nian-ren/{m}").resolve() for m in months]
    assert links("subscribe/") == [] and links("upcoming/") == []  # the whole site has no poster


def test_long_schedule_is_split_over_sheets_that_say_so():
    site = load_site(ROOT / "tests" / "sites" / "long-poster", TODAY, ErrorCollector())
    html = render_poster_pages(site)["posters/centres/long/2026-12/index.html"]
    soup = BeautifulSoup(html, "html.parser")
    sheets = soup.select("section.sheet")
    assert len(sheets) == 2 and soup.select_one("main")["data-pages"] == "2"
    assert [s.select_one(".page-note").get_text() for s in sheets] == ["第1页，共2页", "第2页，共2页"]
    assert "（续）" in sheets[1].select_one("h1").get_text() and "续" not in sheets[0].select_one("h1").get_text()
    assert len(soup.select("tr[data-activity]")) == 18  # every activity, none lost at the page break
    assert check_all_posters(site) == 4


def test_few_rows_get_larger_type_and_many_rows_never_go_below_16_pt(example):
    rows = render.poster_rows(example, "zh-CN", 2026, 12, example.centre_by_id["liuan"].activities, False)
    size, sheets = render.poster_layout(rows, "2026年12月活动安排")
    assert size > 16 and len(sheets) == 1
    many = rows * 12
    size, sheets = render.poster_layout(many, "2026年12月活动安排")
    assert size >= 16 and len(sheets) > 1 and [r for sheet in sheets for r in sheet] == many
    assert len(sheets) == len(render._paginate(many, 16, "2026年12月活动安排"))  # no more sheets than 16 pt needs


def test_english_poster_lines():
    day = dt.date(2026, 12, 2)
    parts = words.poster_line("en", [day, day + dt.timedelta(days=7)], time="15:00–16:30", place="Dance room")
    assert words.parts_text(parts) == "2, 9 Dec (Wed) 15:00–16:30 · Dance room"
    parts = words.poster_line("en", [day], status="poster_cancelled", reason="Floor waxing")
    assert words.parts_text(parts) == "2 Dec (Wed) cancelled: Floor waxing"
    parts = words.poster_line("en", [day], time="19:00–20:30", was=dt.date(2026, 11, 28))
    assert words.parts_text(parts) == "28 Nov (Sat) moved to 2 Dec (Wed) 19:00–20:30"
    assert all("：" not in text and "（" not in text for text, _, _ in parts)


# ---- made-up schedules ----

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ROOMS = ("一楼大厅", "二楼活动室", "三楼多功能厅", "")


@st.composite
def activity_yaml(draw, index: int) -> tuple[str, dict]:
    kind = draw(st.sampled_from(["weekly", "monthly", "school", "lunar", "daily", "once", "multi"]))
    timed = draw(st.booleans()) or kind in ("school", "daily")
    start_hour = draw(st.integers(7, 19))
    lines = [f"  - id: a{index}", f"    title: 活动{index}", "    category: 文化活动",
             f"    audience: [{draw(st.sampled_from(['老年人', '儿童', '全体居民']))}]"]
    room = draw(st.sampled_from(ROOMS))
    if room:
        lines.append(f"    location: {room}")
    if timed:
        lines.append(f'    time: "{start_hour:02d}:00-{start_hour + 1:02d}:30"')
    start = dt.date(2026, 9, 1) + dt.timedelta(days=draw(st.integers(0, 100)))
    if kind == "weekly":
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
        lines.append(f"    repeat: {{every: week, on: [{', '.join(days)}]}}")
    elif kind == "monthly":
        nth = draw(st.sampled_from(["1st", "2nd", "3rd", "last"]))
        lines.append(f"    repeat: {{every: month, on: {nth} {draw(st.sampled_from(WEEKDAYS))}}}")
    elif kind == "school":
        lines.append("    repeat: {every: week, on: school days}")
    elif kind == "lunar":
        days = draw(st.lists(st.integers(1, 29), min_size=1, max_size=4, unique=True))
        lines.append(f"    repeat: {{every: lunar month, on: [{', '.join(map(str, sorted(days)))}]}}")
    elif kind == "daily":
        lines.append("    repeat: {every: day}")
    if kind in ("once", "multi"):
        day = dt.date(2026, 11, 1) + dt.timedelta(days=draw(st.integers(0, 60)))
        lines.append(f"    date: {day}")
        if kind == "multi" and not timed:
            lines.append(f"    end_date: {day + dt.timedelta(days=draw(st.integers(1, 4)))}")
    else:
        lines.append(f"    from: {start}")
    return "\n".join(lines) + "\n", {"timed": timed, "start_hour": start_hour, "recurring": kind not in ("once", "multi")}


def write_site(folder: Path, blocks: list[str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "calendars").mkdir(parents=True)
    (folder / "site.yaml").write_text("title: 测试\nbase_url: https://t.example/\n", encoding="utf-8")
    (folder / "calendars" / "c.yaml").write_text(
        "centre: {id: c, name: 测试社区党群服务中心}\nactivities:\n" + "".join(blocks), encoding="utf-8")


def try_load(folder: Path):
    try:
        return load_site(folder, TODAY, ErrorCollector())
    except BuildFailed:
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_made_up_schedules_are_told_truthfully_on_every_poster(tmp_path, data):
    count = data.draw(st.integers(1, 3))
    drawn = [data.draw(activity_yaml(i)) for i in range(count)]
    folder = tmp_path / "site"
    write_site(folder, [block for block, _ in drawn])
    plain = try_load(folder)
    assume(plain is not None)
    blocks = []
    for i, (block, info) in enumerate(drawn):
        days = sorted({o.day for o in plain.calendar.by_activity.get(f"c/a{i}", ())
                       if TODAY - dt.timedelta(days=23) <= o.day <= TODAY + dt.timedelta(days=60)})
        if not info["recurring"] or len(days) < 4:
            blocks.append(block)
            continue
        taken = set(days)
        chosen = data.draw(st.lists(st.sampled_from(days), min_size=0, max_size=4, unique=True))
        cancels, moves = chosen[:2], chosen[2:]
        extra = [block]
        if cancels:
            extra.append("    cancel:\n" + "".join(f"      {d}: 场地检修，暂停一次\n" for d in cancels))
        if moves:
            extra.append("    move:\n")
            for d in moves:
                shift = data.draw(st.integers(-10, 20))
                target = d + dt.timedelta(days=shift)
                room = data.draw(st.sampled_from(["", ", location: 街道礼堂"]))
                if shift and target not in taken:
                    taken.add(target)
                    extra.append(f"      {d}: {{to: {target}{room}, reason: 与街道活动合办}}\n")
                else:
                    extra.append(f"      {d}: {{location: 街道礼堂, reason: 天冷改在室内}}\n")
        if data.draw(st.booleans()):
            add = TODAY + dt.timedelta(days=data.draw(st.integers(0, 40)))
            if add not in taken:
                extra.append(f"    add:\n      {add}: 加开一场\n")
        if data.draw(st.booleans()):
            pause = TODAY + dt.timedelta(days=data.draw(st.integers(0, 40)))
            extra.append(f"    pause:\n      - {{from: {pause}, until: {pause + dt.timedelta(days=6)}, reason: 寒假}}\n")
        if info["timed"] and data.draw(st.booleans()):
            change = TODAY + dt.timedelta(days=data.draw(st.integers(0, 40)))
            hour = info["start_hour"] + 1
            extra.append(f'    change:\n      - {{from: {change}, time: "{hour:02d}:15-{hour + 1:02d}:15"}}\n')
        blocks.append("".join(extra))
    write_site(folder, blocks)
    site = try_load(folder)
    if site is None:  # a change the schedule rules refuse (e.g. a cancel inside a pause): the plain site
        write_site(folder, [block for block, _ in drawn])
        site = plain
    assert check_all_posters(site) == 2 * (1 + len(site.audiences))
