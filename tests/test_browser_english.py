"""An English site as a resident sees it in Chromium on a phone (375 px): the rendered text
(document.body.innerText, with the page's own script and Pagefind's search box running) has no
Chinese character or full-width punctuation. tests/test_english.py reads every file; this reads
what the browser actually draws, CSS-generated and script-made text included."""
from __future__ import annotations

import pytest

from browser import SubPathServer
from test_browser import browser, open_page, pytestmark  # noqa: F401 (fixtures, the Chromium skip)
from test_english import CJK, ENGLISH, build_site

PAGES = ("", "upcoming/", "calendar/2026-12/", "centres/riverside/concert/", "centres/riverside/duty/",
         "subscribe/centres/riverside/", "search/", "stories/open-day-at-the-riverside-centre/",
         "posters/centres/riverside/2026-12/", "no-such-page/")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    out = build_site(ENGLISH, tmp_path_factory.mktemp("browser-english") / "output")
    server = SubPathServer(out, "/sub/")
    yield server.base
    server.close()


@pytest.mark.parametrize("path", PAGES)
def test_an_english_page_shows_no_chinese_at_375_px(english_site, browser, path):  # noqa: F811
    context, page, _, _ = open_page(browser, english_site + path, 375)
    try:
        if path == "search/":
            page.wait_for_selector(".pagefind-ui__search-input")
        text = page.evaluate("document.body.innerText")
        assert len(text) > 40
        bad = [line for line in text.splitlines() if CJK.search(line)]
        assert bad == [], bad
        if path == "search/":
            placeholder = page.get_attribute(".pagefind-ui__search-input", "placeholder")
            assert placeholder and not CJK.search(placeholder)
    finally:
        context.close()
