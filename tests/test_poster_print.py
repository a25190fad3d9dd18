"""The posters as printed by Chromium (print media, A4): type readable at 1.5 m, the page count the
poster promises, and a QR code that a phone reads as the subscribe page's address.

`sitegen posters --pdf` prints them with the same browser; pages are counted with pypdf.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, chromium_available
from sitegen.cli import main

pytestmark = pytest.mark.skipif(not chromium_available() and not __import__("os").environ.get("CI"),
                                reason="needs Debian chromium and npm packages (scripts/test.sh installs them)")

ROOT = Path(__file__).resolve().parent.parent
LONG = ROOT / "tests" / "sites" / "long-poster"
TODAY = dt.date(2026, 11, 23)
MM = 96 / 25.4  # CSS px per mm
PRINTABLE = (round(186 * MM), round(273 * MM))  # A4 less the poster's 12 mm margins


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("posters") / "output"
    assert main(["--site", str(ROOT), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": PRINTABLE[0], "height": PRINTABLE[1]})
        tab.emulate_media(media="print")
        yield tab
        browser.close()


def posters(out: Path) -> list[Path]:
    return sorted((out / "posters").rglob("index.html"))


def test_every_text_on_every_poster_prints_at_16_pt_or_more(built, page):
    smallest = {}
    for poster in posters(built):
        page.goto(poster.as_uri())
        sizes = page.evaluate("""() => [...document.querySelectorAll('.sheet *')]
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => Math.round(parseFloat(getComputedStyle(e).fontSize) * 0.75 * 10) / 10)""")  # px → pt
        body = page.evaluate("Math.round(parseFloat(getComputedStyle(document.querySelector('tbody td')).fontSize) * 0.75)")
        title = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize) * 0.75")
        assert sizes and min(sizes) >= 16, poster
        assert body >= 16 and title > body, poster
        smallest[poster.parent.name] = min(sizes)
    assert smallest


def test_posters_fill_the_sheet(built, page):
    """Header, rows and footer cover most of the A4 height; the old poster left two-thirds empty."""
    fills = []
    for poster in posters(built):
        page.goto(poster.as_uri())
        fill = page.evaluate("""() => [...document.querySelector('.sheet').children]
            .reduce((h, c) => h + c.getBoundingClientRect().height, 0)""") / PRINTABLE[1]
        assert fill <= 1.0, poster
        fills.append(fill)
    centres = [f for p, f in zip(posters(built), fills) if "/centres/" in p.as_posix()]
    assert min(centres) > 0.6 and sum(centres) / len(centres) > 0.75


def test_qr_code_on_the_poster_scans_as_the_subscribe_page(built, page):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    base = re.search(r"^base_url:\s*(\S+)", (ROOT / "site.yaml").read_text(encoding="utf-8"), re.M).group(1)
    for poster, subscribe in (("centres/chongdeyuan/2026-12", "subscribe/centres/chongdeyuan/"),
                              ("audiences/lao-nian-ren/2026-11", "subscribe/audiences/lao-nian-ren/")):
        page.goto((built / "posters" / poster / "index.html").as_uri())
        image = Image.open(io.BytesIO(page.locator("img.qr").first.screenshot()))
        codes = zxingcpp.read_barcodes(image)
        assert [c.text for c in codes] == [base + subscribe]
        assert (built / subscribe / "index.html").exists()


def pdf_pages(data: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page[^s]", data))
    return len(PdfReader(io.BytesIO(data)).pages)


def print_posters(site: Path, pdf_dir: Path) -> dict[str, int]:
    run = subprocess.run([sys.executable, "-m", "sitegen", "--site", str(site), "posters", "--pdf", str(pdf_dir),
                          "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return {pdf.stem: pdf_pages(pdf.read_bytes()) for pdf in sorted(pdf_dir.glob("*.pdf"))}


def test_example_posters_print_on_the_pages_they_promise(built, tmp_path):
    pages = print_posters(ROOT, tmp_path / "pdf")
    assert len(pages) == 2 * (3 + 4)
    for name, count in pages.items():
        kind, rest = name.split("-", 1)
        html = (built / "posters" / kind / rest[:-8] / rest[-7:] / "index.html").read_text(encoding="utf-8")
        assert count == int(re.search(r'data-pages="(\d+)"', html).group(1)), name
        if kind == "centres":
            assert count == 1, name


def test_a_long_schedule_prints_on_two_pages_that_say_so(tmp_path, page):
    pages = print_posters(LONG, tmp_path / "pdf")
    assert pages["centres-long-2026-12"] == 2
    out = tmp_path / "output"
    assert main(["--site", str(LONG), "build", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    page.goto((out / "posters/centres/long/2026-12/index.html").as_uri())
    notes = page.evaluate("[...document.querySelectorAll('.page-note')].map(e => e.innerText)")
    assert notes == ["第1页，共2页", "第2页，共2页"]
    assert "续" in page.locator(".sheet").nth(1).locator("h1").inner_text()
