"""`sitegen posters --pdf DIR`: the A4 posters as PDF files, printed by a real browser.

Optional: needs the `playwright` Python package and a Chromium (Debian's /usr/bin/chromium, or
the path in SITEGEN_CHROMIUM). Nothing is downloaded. The site is built into a temporary folder,
so output/ is not touched.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from .build import build

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class PdfUnavailable(Exception):
    pass


def chromium_path() -> str:
    path = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        raise PdfUnavailable(f"no Chromium at {path}; install it (apt-get install chromium) or set "
                             "SITEGEN_CHROMIUM to its path")
    return path


def write_poster_pdfs(root: Path, pdf_dir: Path, today: dt.date) -> list[Path]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfUnavailable("PDF posters need the playwright package: .venv/bin/pip install playwright "
                             "(it uses your installed Chromium; no browser is downloaded)") from None
    executable = chromium_path()
    written = []
    pdf_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build(root, out, today)
        posters = sorted((out / "posters").rglob("index.html"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for poster in posters:
                kind, name, month = poster.parent.relative_to(out / "posters").parts
                page.goto(poster.as_uri(), wait_until="load")
                target = pdf_dir / f"{kind}-{name}-{month}.pdf"
                target.write_bytes(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
                written.append(target)
            browser.close()
    return written
