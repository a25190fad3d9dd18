"""A `language: en` site speaks English everywhere: every string a resident can see or hear (text
nodes, titles, alt texts, aria-labels, placeholders, meta contents, feed names and calendar text)
is read out of the built files and checked for Chinese characters and full-width punctuation.

The fixture's own content is English (tests/sites/english/), so any CJK character found comes from
sitegen: a label, a separator, a date format, a status word or a holiday name."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup, Comment

from sitegen.cli import main
from sitegen.words import STRINGS

HERE = Path(__file__).resolve().parent
ENGLISH = HERE / "sites" / "english"
TODAY = dt.date(2026, 11, 23)
# CJK symbols and punctuation (、。「」【】), full-width forms (：，（）；！), CJK ideographs
CJK = re.compile(r"[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]")
ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "data-placeholder", "data-larger",
              "data-normal", "label", "value")


def build_site(site: Path, out: Path) -> Path:
    assert main(["--site", str(site), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    return build_site(ENGLISH, tmp_path_factory.mktemp("english") / "output")


def html_strings(page: Path) -> list[str]:
    """Every text node and every attribute a reader, a screen reader or a search engine shows."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    strings = [s for s in soup.find_all(string=True) if not isinstance(s, Comment)]
    for tag in soup.find_all(True):
        strings += [tag[name] for name in ATTRIBUTES if isinstance(tag.get(name), str)]
        if tag.name == "meta" and tag.get("content"):
            strings.append(tag["content"])
    return [s.strip() for s in strings if s.strip()]


def ics_strings(feed: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    strings = [str(calendar.get(name, "")) for name in ("X-WR-CALNAME", "X-WR-CALDESC", "NAME", "DESCRIPTION")]
    for event in calendar.walk("VEVENT"):
        strings += [str(event.get(name, "")) for name in ("SUMMARY", "DESCRIPTION", "LOCATION")]
        strings += [str(c) for c in event.get("CATEGORIES").cats] if event.get("CATEGORIES") else []
    return [s for s in strings if s]


def atom_strings(feed: Path) -> list[str]:
    strings = []
    for element in ET.parse(feed).getroot().iter():
        text = element.text or ""
        if "<" in text:  # HTML content: its text nodes and attributes
            soup = BeautifulSoup(text, "html.parser")
            strings += list(soup.stripped_strings)
            strings += [tag.get("alt", "") for tag in soup.find_all("img")]
        else:
            strings.append(text)
        strings += [v for k, v in element.attrib.items() if k in ("title", "label", "term")]
    return [s.strip() for s in strings if s.strip()]


def chinese_in(out: Path) -> dict[str, list[str]]:
    """file → the strings with a CJK character or full-width punctuation in it."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.suffix == ".html":
            strings = html_strings(path)
        elif path.suffix == ".ics":
            strings = ics_strings(path)
        elif path.suffix == ".xml" and "feeds" in path.parts:
            strings = atom_strings(path)
        else:
            continue
        bad = sorted({s for s in strings if CJK.search(s)})
        if bad:
            found[str(path.relative_to(out))] = bad
    return found


def search_results(out: Path) -> list[str]:
    """What a search result shows: the title and summary of each Pagefind fragment."""
    import gzip
    import json

    strings = []
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        strings += [data["meta"].get("title", ""), data["meta"].get("summary", "")]
    return strings


def test_an_english_site_has_no_chinese_ui_text_or_punctuation(english):
    assert chinese_in(english) == {}


def test_the_extraction_reads_every_kind_of_surface(english):
    """The check above is only as good as what it reads: each surface gives the English it should."""
    pages = sorted(english.rglob("*.html"))
    assert len(pages) > 50 and len(list(english.rglob("*.ics"))) > 40
    texts = {s for page in pages for s in html_strings(page)}
    for expected in ("For: Everyone, Older people", "Reason: The hall is being repaired", "Page not found",
                     "Subscribe: Riverside Centre", "By category:", "Tags: Culture", "Monday: Mr Chen",
                     "Search", "Words from an activity or story", "Skip to content", "Menu",
                     "Subscribe to stay up to date.", "Phone: 0531-0000 0000", "Larger text"):
        assert any(expected in text for text in texts), expected
    assert any(re.fullmatch(r"Open day at the Riverside Centre · Riverside Community Centres", t) for t in texts)
    concert = html_strings(english / "centres/riverside/concert/index.html")
    assert "Sign-up: No need to sign up" in concert and "Add this one:" in concert
    assert "16:45–18:15, Small hall" in html_strings(english / "centres/riverside/homework/index.html")
    assert "Everyone, Older people" in html_strings(english / "posters/centres/riverside/2026-12/index.html")
    story = html_strings(english / "stories/open-day-at-the-riverside-centre/index.html")
    assert any("By Amy Lee, Bo Chen" in s for s in story)
    assert any(s.startswith("(The last Saturday of every month") for s in story)

    audience = ics_strings(english / "feeds/audiences/children.ics")
    assert audience[0] == "Riverside Community Centres: Children"  # X-WR-CALNAME
    homework = ics_strings(english / "feeds/activities/riverside/homework.ics")
    assert "Riverside Centre, Small hall, 1 River Road" in homework
    assert any(s.startswith("New Year's Day make-up working day\n") for s in homework)  # a worked Saturday
    assert any(s.startswith("National Day make-up working day\n") for s in homework)  # chinesecalendar's name
    duty = ics_strings(english / "feeds/activities/riverside/duty.ics")
    assert "Open Office (Mr Chen)" in duty and any("\nHost: Mr Chen" in s or s.startswith("Host: Mr Chen") for s in duty)
    concert_feed = ics_strings(english / "feeds/activities/riverside/concert.ics")
    assert concert_feed[0] == "Neighbourhood Concert (Riverside Centre)"
    assert "[Cancelled] Neighbourhood Concert" in concert_feed
    assert any(s.startswith("Moved from 2026-11-28. The hall is being repaired") for s in concert_feed)

    atom = atom_strings(english / "feeds" / "stories.xml")
    assert "Open day at the Riverside Centre" in atom and "Neighbours came early to the main hall." in atom
    results = search_results(english)
    assert "Homework Club" in results and not [s for s in results if CJK.search(s)]


def test_chinese_punctuation_would_be_found(tmp_path):
    """The regex is the one that finds the colons of old ("For：", "changed。"), and the brackets."""
    for text in ("For：Everyone", "changed。", "Everyone、Children", "Open Office（Mr Chen）", "【已取消】", "「订阅」"):
        assert CJK.search(text), text
    for text in ("For: Everyone", "19:00–20:30", "“Riverside”", "Stories · Riverside", "← Previous"):
        assert not CJK.search(text), text


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> Path:
    return build_site(HERE / "sites" / "basic", tmp_path_factory.mktemp("chinese") / "output")


# words a Chinese page may show in Latin letters: brand and format names, and the .ics file type
ALLOWED_LATIN = {"Google", "Outlook", "Atom", "ics", "iPad", "Mac", "OPPO", "vivo", "JavaScript", "Mon", "Tue",
                 "Wed", "Thu", "Fri", "Sat", "Sun", "https", "http", "Details", "QR"}


def test_a_chinese_site_uses_chinese_punctuation_and_no_english_ui_words(chinese):
    """The reverse: a zh-CN site's labels are joined by "：" and "、", and no English UI word shows
    (staff content of the basic fixture is Chinese)."""
    english_words = {word for value in STRINGS["en"].values()
                     for word in re.findall(r"[A-Za-z]{4,}", value)} - ALLOWED_LATIN
    ascii_joins = re.compile(r"[\u4e00-\u9fff]\s?[:;,] |[\u4e00-\u9fff] \((?!\.ics\)|Atom\))")  # "日历 (.ics)", "订阅 (Atom)" name a format
    checked = 0
    for path in sorted(chinese.rglob("*.html")):
        for text in html_strings(path):
            checked += 1
            assert not ascii_joins.search(text), (path, text)
            latin = set(re.findall(r"[A-Za-z]{4,}", re.sub(r"\S+://\S+", "", text))) & english_words
            assert not latin, (path, text)
    assert checked > 1000
    page = html_strings(chinese / "centres/cdy/concert/index.html")
    assert any(t.startswith("添加这一次：") for t in page) and "对象：全体居民" in " ".join(page)


def test_both_languages_have_every_ui_string_and_english_has_no_cjk():
    assert set(STRINGS["zh-CN"]) == set(STRINGS["en"])
    assert [key for key, value in STRINGS["en"].items() if CJK.search(value)] == []
