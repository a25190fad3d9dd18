"""The month page in Chromium: an agenda on a cheap phone (375 px), a grid on a desktop (1280 px).

Titles never break inside a word, the phone page is a fraction of its old height, and both widths
show the same sessions with the same status words, without JavaScript. (Accessibility of the page at
both widths is checked by test_browser.py with axe-core.)
"""
from __future__ import annotations

import pytest

from test_browser import browser, open_page, site  # noqa: F401 (fixtures)

MONTH = "calendar/2026-12/"  # the busiest month of the example site for --today 2026-11-23
# Before the agenda, this page was 22,469 px tall at 375 px without JavaScript (20,783 with it): a grid
# that broke titles every two characters, then every session again as a full card. The agenda shows
# each of its ~110 sessions in two lines (time and title; centre and place) under 31 day headings at
# most: about 9,500 px. The bound leaves room for a font with taller lines, not for a second list.
PHONE_HEIGHT_LIMIT = 11_000

TITLE_LINES = """() => [...document.querySelectorAll('.mday .occ-title a, .mday .moved-away .occ-title a')]
  .filter(a => a.offsetParent !== null).map(a => {
    const range = document.createRange(); range.selectNodeContents(a);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    const clone = a.cloneNode(true);
    Object.assign(clone.style, {whiteSpace: 'nowrap', position: 'absolute', visibility: 'hidden'});
    a.parentNode.appendChild(clone);
    const width = clone.getBoundingClientRect().width; clone.remove();
    return {title: a.textContent, lines, width, room: a.closest('.mday').clientWidth};
  })"""

VISIBLE_FACTS = """() => [...document.querySelectorAll('.mday li.occ, .mday li.moved-away')]
  .filter(li => li.offsetParent !== null).map(li => [li.closest('.mday').id,
    li.querySelector('.occ-title a') ? li.querySelector('.occ-title a').textContent : '',
    [...li.querySelectorAll('.status')].map(s => s.textContent).join(' '),
    li.querySelector('.occ-note') ? li.querySelector('.occ-note').textContent.replace(/\\s+/g, ' ').trim() : ''])"""


def test_the_month_is_an_agenda_on_a_phone_and_titles_do_not_break(site, browser):  # noqa: F811
    base, _ = site
    context, page, _, _ = open_page(browser, base + MONTH, 375, javascript=False)
    try:
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"\nmonth page at 375 px: {height} px tall")
        assert height < PHONE_HEIGHT_LIMIT
        assert page.locator(".month-weekdays").is_hidden()  # no grid header: an agenda
        shown = page.evaluate("[...document.querySelectorAll('li.mday')].filter(d => d.offsetParent !== null).length")
        with_events = page.locator("li.mday:not(.mday-empty)").count()
        assert shown == with_events < 31  # only days with something on (December has empty Saturdays)
        titles = page.evaluate(TITLE_LINES)
        assert len(titles) > 80
        for title in titles:
            assert title["width"] <= title["room"], title  # every example title fits the phone's width…
            assert title["lines"] == 1, title  # …so none may wrap, let alone break inside a word
        labels = page.evaluate("[...document.querySelectorAll('li.mday:not(.mday-empty) .mday-label')].map(l => l.offsetHeight)")
        assert labels and all(h > 0 for h in labels)  # the agenda's days are named in full
    finally:
        context.close()


def test_the_desktop_grid_shows_the_same_facts_and_keeps_words_whole(site, browser):  # noqa: F811
    base, _ = site
    facts = {}
    for width in (375, 1280):
        context, page, _, _ = open_page(browser, base + MONTH, width, javascript=False)
        try:
            facts[width] = sorted(map(tuple, page.evaluate(VISIBLE_FACTS)))
            if width == 1280:
                assert page.locator(".month-weekdays").is_visible()
                columns = page.evaluate("getComputedStyle(document.querySelector('.month-days')).gridTemplateColumns")
                assert len(columns.split()) == 7
                first = page.locator("#d-2026-12-01").bounding_box()
                monday = page.locator(".month-weekdays li").nth(1).bounding_box()
                assert abs(first["x"] - monday["x"]) < 2  # 1 December 2026 is a Tuesday
                for title in page.evaluate(TITLE_LINES):
                    if title["width"] <= title["room"] - 8:  # fits the cell (minus its padding)
                        assert title["lines"] == 1, title
        finally:
            context.close()
    assert facts[375] == facts[1280]
    assert any("已取消" in f[2] for f in facts[375]) and any("改期至" in f[3] for f in facts[375])
