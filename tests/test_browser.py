"""The example site in a real browser (Debian chromium via Playwright), as residents use it.

Every page type at phone (375 px) and desktop (1280 px) width: axe-core finds no WCAG 2.2 AA
violations, nothing is requested from outside the site, nothing scrolls sideways on a phone.
Keyboard-only use reaches every link; without JavaScript the lists, subscribe page and poster
work; every centre's poster prints on exactly one A4 page.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser import AXE, CHROMIUM, CHROMIUM_ARGS, SubPathServer, chromium_available
from sitegen.cli import main

pytestmark = pytest.mark.skipif(not chromium_available() and not __import__("os").environ.get("CI"),
                                reason="needs Debian chromium and npm packages (scripts/test.sh installs them)")

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
PAGE_TYPES = {
    "home": "",
    "upcoming": "upcoming/",
    "upcoming-filtered": "upcoming/audiences/lao-nian-ren/",
    "month": "calendar/2026-12/",
    "centres": "centres/",
    "centre": "centres/chongdeyuan/",
    "activity": "centres/qingshi/secretary-on-duty/",
    "lunar-activity": "centres/qingshi/market-services/",
    "stories": "stories/",
    "story": "stories/chongdeyuan-concert-2026-10/",
    "tags": "tags/",
    "tag": "tags/wen-hua-huo-dong/",
    "page": "contact/",
    "subscribe": "subscribe/centres/chongdeyuan/",
    "poster": "posters/centres/chongdeyuan/2026-12/",
    "not-found": "no-such-page/",
    "search": "search/",
}
WIDTHS = (375, 1280)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "output"
    assert main(["--site", str(ROOT), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    server = SubPathServer(out, "/qingshi/")
    yield server.base, out
    server.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser, url: str, width: int, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript,
                                  locale="zh-CN", bypass_csp=True)  # axe is injected inline; CSP: test_hostile_html
    page = context.new_page()
    requests: list[str] = []

    def route(request_route):
        requests.append(request_route.request.url)
        if request_route.request.url.startswith("http://127.0.0.1:"):
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    response = page.goto(url, wait_until="load")
    return context, page, requests, response


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_is_accessible_self_contained_and_fits(site, browser, name, width):
    base, _ = site
    context, page, requests, response = open_page(browser, base + PAGE_TYPES[name], width)
    try:
        assert response.status == (404 if name == "not-found" else 200)
        outside = [u for u in requests if not u.startswith(base.split("/qingshi/")[0])]
        assert outside == []
        assert not [u for u in requests if not u.startswith(base)]  # everything under the sub-path
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 18
    finally:
        context.close()


def test_keyboard_alone_reaches_every_link_of_the_home_page(site, browser):
    base, _ = site
    context, page, _, _ = open_page(browser, base, 375)
    try:
        targets = page.evaluate("""() => [...document.querySelectorAll('a[href], button:not([hidden])')]
            .filter(e => e.offsetParent !== null).map(e => [e.tagName, e.getAttribute('href') || e.textContent])""")
        reached = set()
        for _ in range(len(targets) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const e = document.activeElement;
                const r = e.getBoundingClientRect();
                return [e.tagName, e.getAttribute('href') || e.textContent, getComputedStyle(e).outlineStyle,
                        r.width, r.height]; }""")
            if focused[0] in ("A", "BUTTON"):
                reached.add((focused[0], focused[1]))
                assert focused[2] != "none"  # focus is visible
        assert reached == {tuple(t) for t in targets}
        skip = page.evaluate("document.querySelector('.skip').getAttribute('href')")
        assert skip == "#main"
    finally:
        context.close()


def test_large_text_switch_persists(site, browser):
    base, _ = site
    context, page, _, _ = open_page(browser, base, 375)
    try:
        before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        page.click(".text-size")
        after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert after > before * 1.15
        page.goto(base + "upcoming/")
        assert page.evaluate("document.documentElement.classList.contains('large-text')")
        assert page.get_attribute(".text-size", "aria-pressed") == "true"
    finally:
        context.close()


def test_without_javascript_lists_subscribe_and_poster_work(site, browser):
    base, _ = site
    context, page, _, _ = open_page(browser, base + "upcoming/", 375, javascript=False)
    try:
        assert page.locator("li.occ").count() > 20
        assert page.locator(".text-size").is_hidden()  # no dead button without its script
        page.goto(base + "subscribe/centres/chongdeyuan/")
        webcal = page.get_attribute(".platforms a[href^='webcal://']", "href")
        assert webcal.endswith("/feeds/centres/chongdeyuan.ics")
        assert page.input_value("#feed-url") == "https://" + webcal[len("webcal://"):]
        assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 0
        page.goto(base + "posters/centres/chongdeyuan/2026-12/")
        assert page.locator("tbody tr").count() >= 5
    finally:
        context.close()


def test_wechat_visitors_are_told_to_open_a_browser_first(site, browser):
    base, _ = site
    context = browser.new_context(viewport={"width": 375, "height": 800},
                                  user_agent="Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.40")
    page = context.new_page()
    try:
        page.goto(base + "subscribe/centres/chongdeyuan/")
        note = page.locator("#wechat-note")
        assert note.is_visible()
        assert note.bounding_box()["y"] < page.locator(".platforms").bounding_box()["y"]
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(base + "subscribe/centres/chongdeyuan/")
        assert page.locator("#wechat-note").is_hidden()
    finally:
        context.close()


def test_past_occurrences_hide_on_a_page_built_days_ago(site, browser):
    base, _ = site
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.clock.install(time=dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
        page.goto(base + "upcoming/")
        hidden_days = page.evaluate("[...document.querySelectorAll('.day.is-past > .day-title time')].map(t => t.dateTime)")
        assert hidden_days == ["2026-11-23", "2026-11-24", "2026-11-25"]
    finally:
        context.close()


def test_posters_command_prints_every_poster_on_one_a4_page(tmp_path):
    """`sitegen posters --pdf` prints each centre's and audience's poster with Chromium."""
    pdf_dir = tmp_path / "pdf"
    run = subprocess.run([sys.executable, "-m", "sitegen", "--site", str(ROOT), "posters", "--pdf", str(pdf_dir),
                          "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    names = {p.name for p in pdfs}
    assert {"centres-chongdeyuan-2026-11.pdf", "centres-chongdeyuan-2026-12.pdf",
            "audiences-lao-nian-ren-2026-12.pdf"} <= names
    assert len(pdfs) == 2 * (3 + 4)  # this month and next, for 3 centres and 4 audiences
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        if pdf.name.startswith("centres-"):  # audience posters may need a second sheet (tests/test_poster_print.py)
            assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1, pdf.name
    assert f"{len(pdfs)} PDF file(s)" in run.stdout


def test_search_finds_chinese_words_in_stories_and_activities(site, browser):
    base, _ = site
    context, page, requests, _ = open_page(browser, base + "search/", 375)
    try:
        page.fill(".pagefind-ui__search-input", "义剪")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
        titles = page.evaluate("[...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.textContent)")
        assert any("爱心义剪" in t for t in titles)
        assert any("能人工作站里剪出" in t for t in titles)  # the story about the haircut volunteers
        assert all(u.startswith(base) for u in requests)
    finally:
        context.close()
