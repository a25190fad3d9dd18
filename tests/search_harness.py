"""Search as residents use it: the built site's real Pagefind bundle, queried in Debian's chromium.

``run_queries`` loads the site's own ``pagefind/pagefind.js`` in the search page served on localhost
and asks it exactly what the search box would (the text a resident typed, through the page's own
``processTerm``), returning each query's result URLs in rank order. ``expected_queries`` derives the queries from the site model: every
activity title, centre name and story title must find its own page, plus the everyday words
residents type for the example site.
"""
from __future__ import annotations

from browser import CHROMIUM, CHROMIUM_ARGS

# Words residents type for the example site, and the page each must find in the top three.
# Chosen from the example data: short names and words inside the titles, not the titles themselves.
COMMON_WORDS = {
    "义诊": "centres/qingshi/free-clinic/",
    "集市": "centres/qingshi/market-services/",
    "赶集": "centres/qingshi/market-services/",
    "社保认证": "centres/qingshi/market-services/",
    "理发": "centres/chongdeyuan/haircut/",
    "义剪": "centres/chongdeyuan/haircut/",
    "扇子舞": "centres/chongdeyuan/fan-dance/",
    "编织": "centres/chongdeyuan/knitting/",
    "葫芦丝": "centres/liuan/hulusi/",
    "书记轮值": "centres/qingshi/secretary-on-duty/",
    "书记有约": "centres/qingshi/secretary-meeting/",
    "议事会": "centres/qingshi/secretary-meeting/",
    "音乐会": "centres/chongdeyuan/neighbourhood-concert/",
    "饺子": "centres/liuan/winter-solstice/",
    "包饺子": "centres/liuan/winter-solstice/",
    "元宵": "centres/qingshi/lantern-festival/",
    "重阳": "centres/qingshi/chongyang-opera/",
    "戏曲": "centres/qingshi/chongyang-opera/",
    "联欢会": "centres/qingshi/new-year-gala/",
    "宪法日": "centres/qingshi/constitution-day/",
    "法律咨询": "centres/qingshi/constitution-day/",
    "托管班": "centres/liuan/winter-care/",
    "寒假": "centres/liuan/winter-care/",
    "故事会": "centres/liuan/childrens-day-stories/",
    "家电义修": "centres/chongdeyuan/repair-and-mending/",
    "缝补": "centres/chongdeyuan/repair-and-mending/",
    "网格员": "centres/liuan/grid-meeting/",
    "崇德苑": "centres/chongdeyuan/",
    "柳岸社区": "centres/liuan/",
    "青石街道": "centres/qingshi/",
}


def expected_queries(site) -> dict[str, set[str]]:
    """Query → the site-relative URLs any one of which is a right answer.

    A title shared by two pages (an activity and the story named after it) accepts either.
    """
    wanted: dict[str, set[str]] = {}
    for centre in site.centres:
        wanted.setdefault(centre.name, set()).add(site.centre_url(centre))
    for activity in site.all_activities():
        wanted.setdefault(activity.title, set()).add(site.activity_url(activity))
    for story in site.stories:
        wanted.setdefault(story.title, set()).add(site.story_url(story))
    for word, url in COMMON_WORDS.items():
        wanted.setdefault(word, set()).add(url)
    return wanted


SEARCH_JS = """async ([bundle, queries, count]) => {
  const pagefind = await import(bundle + 'pagefind.js');
  await pagefind.options({ baseUrl: '/' });
  await pagefind.init();
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(window.sitegenSearchTerm(query));  // as the search box does
    const top = await Promise.all(search.results.slice(0, count).map(r => r.data()));
    found[query] = top.map(d => d.url);
  }
  return found;
}"""


def run_queries(browser, base: str, queries, count: int = 5) -> dict[str, list[str]]:
    """Each query's top ``count`` result URLs, site-relative (no leading '/', as site.*_url gives)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        page.goto(base + "search/", wait_until="load")
        found = page.evaluate(SEARCH_JS, [base + "pagefind/", list(queries), count])
    finally:
        context.close()
    return {q: [u.lstrip("/") for u in urls] for q, urls in found.items()}


def recall(found: dict[str, list[str]], wanted: dict[str, set[str]], top: int) -> tuple[float, list[str]]:
    """Share of queries with a right page in the first ``top`` results, and the queries that miss."""
    misses = [q for q, urls in wanted.items() if not set(found.get(q, [])[:top]) & urls]
    return 1 - len(misses) / len(wanted), misses


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def measure(root, today, top_counts=(1, 3, 5)) -> None:
    """Build the site at ``root``, serve it and print recall: `python tests/search_harness.py`."""
    import contextlib
    import io
    import tempfile
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from browser import SubPathServer
    from sitegen.build import load_site
    from sitegen.cli import main
    from sitegen.errors import ErrorCollector

    out = Path(tempfile.mkdtemp()) / "output"
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        assert main(["--site", str(root), "build", "--today", today.isoformat(), "--out", str(out)]) == 0
    site = load_site(Path(root), today, ErrorCollector())
    wanted = expected_queries(site)
    server = SubPathServer(out, "/" + site.config.base_url.split("/", 3)[3])
    with sync_playwright() as playwright:
        browser = launch(playwright)
        found = run_queries(browser, server.base, wanted, max(top_counts))
        browser.close()
    server.close()
    for top in top_counts:
        share, misses = recall(found, wanted, top)
        print(f"recall@{top}: {share:.3f} ({len(wanted) - len(misses)}/{len(wanted)} queries)")
    for query in recall(found, wanted, 3)[1]:
        print(f"  missed in top 3: {query} → {found[query][:3]} (want {sorted(wanted[query])})")
    names = {c.name for c in site.centres} | {a.title for a in site.all_activities()}
    missed = recall(found, {q: wanted[q] for q in names}, 5)[1]
    print(f"activity titles and centre names in the top 5: {len(names) - len(missed)}/{len(names)}")


if __name__ == "__main__":
    import datetime as dt
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    measure(Path(__file__).resolve().parent.parent, dt.date(2026, 11, 23))
