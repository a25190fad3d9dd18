"""Every surface a resident reads says what happened to a session, in words, on the right days.

The expected cancellations and moves are read straight from the example site's YAML (not from
sitegen), then looked for in the built HTML: the month page (grid and agenda are one list), the
home, upcoming, centre and activity pages. A moved session's original day must say "改期至 …" and
link to the new day; every date printed next to an occurrence sits in a <time datetime>.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
MONTHS = ("2026-11", "2026-12", "2027-01")  # the month pages built for TODAY
HOME_DAYS, UPCOMING_DAYS = 7, 28
BASE = "https://example.org/qingshi/"


def build_example(out: Path, language: str = "zh-CN") -> Path:
    site = out.parent / f"site-{language}"
    for part in ("calendars", "content"):
        shutil.copytree(ROOT / part, site / part)
    config = (ROOT / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(config.replace("language: zh-CN", f"language: {language}"), encoding="utf-8")
    assert main(["--site", str(site), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("statuses") / "output")


@pytest.fixture(scope="module")
def built_en(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("statuses-en") / "output", "en")


def soup(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def changes_in_yaml() -> tuple[list[dict], list[dict]]:
    """(cancellations, moves) of the example site, as staff wrote them."""
    cancels, moves = [], []
    for path in sorted((ROOT / "calendars").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        centre = data["centre"]["id"]
        for activity in data["activities"]:
            page = f"centres/{centre}/{activity['id']}/"
            for day, reason in (activity.get("cancel") or {}).items():
                cancels.append({"page": page, "centre": centre, "day": day, "reason": reason})
            for day, move in (activity.get("move") or {}).items():
                moves.append({"page": page, "centre": centre, "day": day, "to": move.get("to", day),
                              "reason": move.get("reason", ""), "location": move.get("location")})
    return cancels, moves


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def links_to(item, page_url: str, target: str) -> bool:
    return any(urljoin(BASE + page_url, a["href"]).split("#")[0] == BASE + target for a in item.select("a[href]"))


def list_pages(change: dict, day: dt.date) -> list[str]:
    """The list pages on which ``day`` is shown for this activity."""
    pages = []
    if TODAY <= day < TODAY + dt.timedelta(days=HOME_DAYS):
        pages.append("")
    if TODAY <= day < TODAY + dt.timedelta(days=UPCOMING_DAYS):
        pages += ["upcoming/", f"centres/{change['centre']}/"]
    return pages


def month_of(day: dt.date) -> str | None:
    name = f"{day:%Y-%m}"
    return f"calendar/{name}/" if name in MONTHS else None


def day_box(page: BeautifulSoup, day: dt.date):
    """The element of a day: li.mday on a month page, section.day on a list page."""
    return page.find(id=f"d-{day.isoformat()}")


def test_the_example_has_what_these_tests_look_for():
    cancels, moves = changes_in_yaml()
    assert len([c for c in cancels if month_of(c["day"])]) >= 3
    assert len([m for m in moves if m["to"] != m["day"] and month_of(m["day"])]) >= 3
    assert [m for m in moves if m["to"] == m["day"]]  # a change of place on the same day


def test_every_cancelled_occurrence_says_so_with_its_reason(built):
    cancels, _ = changes_in_yaml()
    checked = 0
    for cancel in cancels:
        pages = ([month_of(cancel["day"])] if month_of(cancel["day"]) else []) + list_pages(cancel, cancel["day"])
        for url in pages:
            box = day_box(soup(built, url), cancel["day"])
            assert box is not None, (url, cancel)
            items = [li for li in box.select("li.occ") if links_to(li, url, cancel["page"])]
            assert len(items) == 1, (url, cancel)
            [item] = items
            assert "occ-cancelled" in item["class"]
            assert "已取消" in text(item.select_one(".status")), (url, cancel)
            assert cancel["reason"] in text(item), (url, cancel)
            checked += 1
    assert checked >= 5


def test_a_cancelled_date_on_its_activity_page_says_so(built):
    cancels, _ = changes_in_yaml()
    for cancel in cancels:
        page = soup(built, cancel["page"])
        listed = [li for li in page.select(".next-dates li.occ")
                  if li.select_one(".occ-date time")["datetime"] == cancel["day"].isoformat()]
        change = page.find(id=f"change-{cancel['day'].isoformat()}")
        if cancel["day"] >= TODAY:
            assert change is not None and "已取消" in text(change) and cancel["reason"] in text(change)
        for item in listed:
            assert "已取消" in text(item) and cancel["reason"] in text(item)


def moved_away_items(box, url: str, move: dict):
    return [li for li in box.select("li.moved-away") if links_to(li, url, move["page"])]


def follow(built: Path, url: str, href: str) -> tuple[str, BeautifulSoup, str]:
    """The page and element id a link points to (a link '#x' stays on the page)."""
    absolute = urljoin(BASE + url, href)
    parts = urlsplit(absolute)
    target_url = parts.path[len(urlsplit(BASE).path):]
    return target_url, soup(built, target_url), parts.fragment


def test_a_moved_occurrence_leaves_a_note_on_its_original_day_linking_to_the_new_day(built):
    _, moves = changes_in_yaml()
    checked = 0
    for move in [m for m in moves if m["to"] != m["day"]]:
        new = move["to"]
        pages = ([month_of(move["day"])] if month_of(move["day"]) else []) + list_pages(move, move["day"])
        pages.append(move["page"])  # the activity page's coming dates
        for url in pages:
            page = soup(built, url)
            if url == move["page"]:
                if move["day"] < TODAY:
                    continue
                items = [li for li in page.select(".next-dates li.moved-away")  # the page is about it
                         if li.select_one(".occ-date time")["datetime"] == move["day"].isoformat()]
            else:
                box = day_box(page, move["day"])
                assert box is not None, (url, move)
                items = moved_away_items(box, url, move)
            assert len(items) == 1, (url, move)
            [item] = items
            note = item.select_one(".occ-note")
            assert f"改期至 {new.month}月{new.day}日" in text(note), (url, text(note))
            assert note.select_one("time")["datetime"] == new.isoformat()
            target_url, target, fragment = follow(built, url, note.select_one("a[href*='#']")["href"])
            assert fragment == f"d-{new.isoformat()}", (url, fragment)
            new_day = target.find(id=fragment)
            assert new_day is not None, (url, target_url, fragment)
            arrived = [li for li in new_day.select("li.occ-moved") if links_to(li, target_url, move["page"])]
            assert len(arrived) == 1, (url, target_url)
            assert "改期" in text(arrived[0].select_one(".status"))
            assert f"原定 {move['day'].month}月{move['day'].day}日" in text(arrived[0])
            checked += 1
    assert checked >= 6


def test_a_change_of_place_says_so(built):
    _, moves = changes_in_yaml()
    for move in [m for m in moves if m["location"] and month_of(m["to"])]:
        url = month_of(move["to"])
        items = [li for li in day_box(soup(built, url), move["to"]).select("li.occ-moved")
                 if links_to(li, url, move["page"])]
        assert len(items) == 1
        assert "地点调整" in [text(s) for s in items[0].select(".status")]
        assert move["location"] in text(items[0])  # the agenda shows the new place


# A date as printed: 2026年11月28日, 11月28日 (the year of TODAY); outside <time> it would be unreadable
# for machines and screen readers' date handling.
DATE = re.compile(r"(?<!每年)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")  # 每年6月1日 is a rule, not a date
# Text written by staff (story bodies, descriptions, summaries) is theirs to word.
NOT_DATES = ".prose, head, .story-card p:not(.meta)"


def dates_outside_time(page: BeautifulSoup) -> list[str]:
    for element in page.select(NOT_DATES):
        element.decompose()
    bad = []
    for node in page.find_all(string=DATE):
        for match in DATE.finditer(node):
            year = int(match[1]) if match[1] else None
            iso = next((t["datetime"][:10] for t in node.parents if t.name == "time" and t.has_attr("datetime")), None)
            if iso is None:
                bad.append(f"{match[0]} in {node.parent.name}: {node.strip()[:60]}")
                continue
            day = dt.date.fromisoformat(iso)
            if (day.month, day.day) != (int(match[2]), int(match[3])) or (year and year != day.year):
                bad.append(f"{match[0]} in <time datetime={iso}>")
    return bad


def test_every_date_shown_next_to_an_occurrence_is_in_a_time_element(built):
    urls = ["", "upcoming/"] + [f"calendar/{m}/" for m in MONTHS]
    urls += [p.parent.relative_to(built).as_posix() + "/" for p in sorted((built / "centres").glob("*/index.html"))]
    urls += [p.parent.relative_to(built).as_posix() + "/" for p in sorted((built / "centres").glob("*/*/index.html"))]
    urls += [p.parent.relative_to(built).as_posix() + "/" for p in sorted((built / "stories").glob("*/index.html"))]
    seen = 0
    for url in urls:
        page = soup(built, url)
        seen += len(page.select("time[datetime]"))
        assert dates_outside_time(page) == [], url
    assert seen > 500


def test_the_month_page_lists_every_day_and_hides_only_empty_ones_on_phones(built):
    css = (ROOT / "sitegen/themes/default/static/site.css").read_text(encoding="utf-8")
    assert ".mday-empty { display: none; }" in css  # the agenda: only days with something on
    page = soup(built, "calendar/2026-11/")
    days = page.select("ol.month-days > li.mday")
    assert [li["id"] for li in days] == [f"d-2026-11-{n:02d}" for n in range(1, 31)]
    assert "col-7" in days[0]["class"]  # 1 November 2026 is a Sunday
    assert all(li.select_one("h2 time")["datetime"] == li["id"][2:] for li in days)
    concert_day = page.find(id="d-2026-11-28")
    assert "mday-empty" not in concert_day["class"]  # a day with only a "moved away" note is shown
    empty = [li for li in days if "mday-empty" in li["class"]]
    assert all(not li.select("li") for li in empty)


def test_an_english_site_says_the_statuses_in_english(built_en):
    upcoming = soup(built_en, "upcoming/")
    month = soup(built_en, "calendar/2026-12/")
    november = soup(built_en, "calendar/2026-11/")
    statuses = {text(s) for page in (upcoming, month) for s in page.select(".status")}
    assert {"Cancelled", "Moved", "New place", "New time"} <= statuses
    assert not statuses & {"已取消", "改期", "加场", "时间调整", "地点调整", "有调整"}
    moved = november.find(id="d-2026-11-28").select_one("li.moved-away .occ-note")
    assert "Moved to 5 December" in text(moved)
    assert "Reason: " in text(moved)
    cancelled = month.find(id="d-2026-12-09").select_one("li.occ-cancelled")
    assert "Cancelled" in text(cancelled) and "Reason: " in text(cancelled)
    arrived = month.find(id="d-2026-12-05").select_one("li.occ-moved")
    assert "Was on 28 November" in text(arrived)
    for page in (month, november):
        titles = [text(t) for t in page.select(".mday-title")]
        assert titles and not [t for t in titles if re.search(r"[\u4e00-\u9fff]", t)]
