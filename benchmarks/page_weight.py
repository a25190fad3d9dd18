"""Page weight (a benchmark, not a test): bytes a phone downloads for key pages of the example site.

    .venv/bin/python benchmarks/page_weight.py
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, SubPathServer  # noqa: E402

from sitegen.build import build  # noqa: E402

PAGES = {"home": "", "activity": "centres/qingshi/secretary-on-duty/", "story": "stories/chongdeyuan-concert-2026-10/",
         "subscribe": "subscribe/centres/chongdeyuan/", "upcoming": "upcoming/"}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build(ROOT, out, dt.date(2026, 11, 23))
        server = SubPathServer(out, "/qingshi/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in PAGES.items():
                page = browser.new_page(viewport={"width": 375, "height": 812})
                sizes: dict[str, int] = {}
                page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
                page.goto(server.base + path, wait_until="networkidle")
                for y in range(0, page.evaluate("document.body.scrollHeight"), 600):  # lazy images too
                    page.evaluate(f"window.scrollTo(0, {y})")
                    page.wait_for_timeout(50)
                page.wait_for_load_state("networkidle")
                total = sum(sizes.values())
                html = sizes.get(server.base + path, 0)
                print(f"{name:<10} {len(sizes):>3} requests  {total / 1024:7.1f} KB in all  "
                      f"(HTML {html / 1024:.1f} KB, uncompressed)")
                page.close()
            browser.close()
        server.close()


if __name__ == "__main__":
    main()
