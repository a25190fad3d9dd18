"""Hostile HTML in every field a staff member writes: built, opened in Chromium, nothing may run.

Each payload calls ``window.__pwned`` or opens a dialog if it ever executes; the pages are
loaded, clicked and their links followed in a real browser, and the HTML is checked for what must
never be left: event-handler attributes and javascript:/data:/vbscript: URLs.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import CHROMIUM, CHROMIUM_ARGS, SubPathServer
from sitegen.safehtml import sanitize
from sitegen.cli import main

BASIC = Path(__file__).parent / "sites" / "basic"
P = "window.__pwned=1"  # what every payload tries to run

PAYLOADS = [
    f"<script>{P}</script>",
    f"<SCRIPT SRC=data:text/javascript,{P}></SCRIPT>",
    f"<img src=/x.png onerror={P}>",
    f"<img src=/x.png onerror=\"{P}\" />",
    f"<IMG SRC=x OnErRoR={P}>",
    f"<svg onload={P}></svg>",
    f"<svg><script>{P}</script></svg>",
    f"<a href=\"JaVaScRiPt:{P}\">j1</a>",
    f"<a href=\"javascript:{P}\">j2</a>",
    f"<a href=\"jav&#x09;ascript:{P}\">j3</a>",
    f"<a href=\"jav\tascript:{P}\">j4</a>",
    f"<a href=\" &#14;  javascript:{P}\">j5</a>",
    f"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{P}\">j6</a>",
    f"<a href=\"vbscript:{P}\">v1</a>",
    f"<a href=\"data:text/html,<script>{P}</script>\">d1</a>",
    f"<form action=javascript:{P}><button>f1</button></form>",
    f"<form><button formaction=javascript:{P}>f2</button></form>",
    f"<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
    f"<iframe src=\"javascript:parent.__pwned=1\"></iframe>",
    f"<math><mtext><table><mglyph><style><img src=/x.png onerror={P}>",
    f"<noscript><p title=\"</noscript><img src=/x.png onerror={P}>\"></noscript>",
    f"<details open ontoggle={P}>d</details>",
    f"<object data=\"javascript:{P}\"></object>",
    f"<embed src=\"javascript:{P}\">",
    f"<body onload={P}>",
    f"<div onmouseover={P} style=\"position:fixed;inset:0\">hover</div>",
    f"<p style=\"background:url(javascript:{P})\">s1</p>",
    f"<p style=\"width:expression({P})\">s2</p>",
    f"<input autofocus onfocus={P}>",
    f"<video><source onerror={P}></video>",
    f"<audio src=/x.png onerror={P}></audio>",
    f"<marquee onstart={P}>m</marquee>",
    f"<base href=\"javascript:{P}//\">",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{P}\">",
    f"<link rel=import href=\"data:text/html,<script>{P}</script>\">",
    f"<template><img src=/x.png onerror={P}></template>",
    f"<!--><img src=/x.png onerror={P}>-->",
    f"<img src=\"/x.png\" alt=\"\" onerror=\"{P}\">",
    f"<a href=\"#\" onclick=\"{P}\">c1</a>",
    f"[md1](javascript:{P})",
    f"[md2](JAVASCRIPT:{P})",
    f"![md3](javascript:{P})",
    f"[md4]( javascript:{P} )",
    f"<javascript:{P}>",
    f"[ref][r]\n\n[r]: javascript:{P}",
]
assert len(PAYLOADS) >= 40
# Markdown payloads first: an unclosed <math> or <form> swallows the rest of the text (and the sanitizer
# then drops it whole), which would hide the payloads after it from the browser.
BODY = "\n\n".join(sorted(PAYLOADS, key=lambda p: (p.startswith(("<math", "<noscript", "<template", "<form",
                                                                  "<iframe", "<object", "<svg", "<video",
                                                                  "<audio", "<details", "<!--")), 0)))


def _yaml_block(text: str, indent: int) -> str:
    return "|\n" + textwrap.indent(text, " " * indent) + "\n"


def _hostile_site(folder: Path, unsafe: bool = False) -> Path:
    shutil.copytree(BASIC, folder)
    if unsafe:
        with (folder / "site.yaml").open("a", encoding="utf-8") as f:
            f.write("unsafe_html: true\n")
    title = "<img src=/x.png onerror=window.__pwned=1>\"'><script>window.__pwned=1</script>"
    (folder / "content/stories/first/index.md").write_text(
        f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\ndate: 2026-11-20\n---\n\n正文。\n\n{BODY}\n",
        encoding="utf-8")
    (folder / "content/pages/about.md").write_text(
        f"---\ntitle: 关于\nmenu: 1\n---\n\n{BODY}\n", encoding="utf-8")
    (folder / "calendars/cdy.yaml").write_text(
        "centre:\n  id: cdy\n  name: 崇德苑党群服务中心\n  address: 测试路1号\n  updated: 2026-11-01\n"
        f"  description: {_yaml_block(BODY, 4)}"
        "activities:\n  - id: concert\n"
        f"    title: '{title.replace(chr(39), chr(39) * 2)}'\n"
        f"    location: '{title.replace(chr(39), chr(39) * 2)}'\n"
        "    category: 文化活动\n    time: 19:00-20:30\n    date: 2026-11-28\n"
        f"    description: {_yaml_block(BODY, 6)}",
        encoding="utf-8")
    return folder


def _build(site: Path, out: Path) -> None:
    assert main(["--site", str(site), "build", "--today", "2026-11-23", "--out", str(out)]) == 0


def _story_page(out: Path) -> str:
    return next(p for p in (out / "stories").glob("*/index.html") if p.parent.name != "page").read_text(
        encoding="utf-8")


def _html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


EVENT_ATTR = re.compile(r"^on", re.I)
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
URL_ATTRS = ("href", "src", "action", "formaction", "data", "srcdoc", "srcset", "poster", "xlink:href")


def _leftovers(html: str) -> list[str]:
    """Event handlers and script URLs still in the page, as 'tag attr=value'."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attr, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if EVENT_ATTR.match(attr) or (attr in URL_ATTRS and BAD_URL.match(value.replace("\t", ""))):
                found.append(f"{tag.name} {attr}={value[:40]}")
        if tag.name in ("script", "iframe", "object", "embed", "form", "base") and "pwned" in str(tag):
            found.append(str(tag)[:60])
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append(str(tag)[:60])
    return found


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    site = _hostile_site(root / "site")
    _build(site, root / "out")
    return root / "out"


def test_no_handler_or_script_url_is_left_in_any_page(hostile_build):
    pages = _html_pages(hostile_build)
    assert len(pages) > 10
    leftovers = {p.relative_to(hostile_build).as_posix(): _leftovers(p.read_text(encoding="utf-8")) for p in pages}
    assert {page: found for page, found in leftovers.items() if found} == {}
    story = (hostile_build / "stories").rglob("index.html")
    bodies = "".join(p.read_text(encoding="utf-8") for p in story)
    assert "md1" in bodies and "j1" in bodies  # the link texts stay, only the script URL went


def test_payloads_in_every_field_reach_the_pages(hostile_build):
    """The payloads were really placed: each source shows its harmless text on its page."""
    texts = {p.relative_to(hostile_build).as_posix(): p.read_text(encoding="utf-8")
             for p in _html_pages(hostile_build)}
    for place in ("centres/cdy/", "pages/about/", "activities/concert/"):
        page = next((t for path, t in texts.items() if path.startswith(place)), None)
        if page is None:
            page = next(t for path, t in texts.items() if place.rstrip("/").split("/")[-1] in path)
        assert "md2" in page and "hover" in page, place
    assert any("&lt;script&gt;window.__pwned=1" in t for t in texts.values())  # the title, as text


def _goto(page, url: str) -> None:
    """Open ``url``, again if a click's late navigation interrupted it."""
    for _ in range(5):
        try:
            page.goto(url)
            return
        except Exception:
            page.wait_for_timeout(200)
    page.goto(url)


def test_nothing_runs_in_chromium(hostile_build):
    from playwright.sync_api import sync_playwright

    server = SubPathServer(hostile_build, "/sub/")
    ran: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            # A payload that runs sets window.__pwned or opens a dialog: both are reported, on any page
            # and across the navigations the clicks cause (the hook is injected by the browser, not the page).
            page.add_init_script("Object.defineProperty(window, '__pwned', {set: function (v) {"
                                 " console.error('PWNED ' + location.href); }, get: function () {}})")
            page.on("console", lambda m: ran.append(m.text) if m.text.startswith("PWNED") else None)
            page.on("dialog", lambda d: (ran.append(f"dialog {d.message}"), d.dismiss()))
            for path in _html_pages(hostile_build):
                url = server.base + path.relative_to(hostile_build).as_posix().removesuffix("index.html")
                _goto(page, url)
                page.mouse.move(200, 200)
                for link in page.locator("main a, main button, main details").all()[:80]:
                    try:
                        link.click(timeout=300, no_wait_after=True)
                        if page.url != url:
                            _goto(page, url)
                    except Exception:  # hidden, covered or navigating: the handler check above covers it
                        pass
                page.wait_for_timeout(50)
            browser.close()
    finally:
        server.close()
    assert ran == []


def test_unsafe_html_opt_in_keeps_raw_html(tmp_path):
    site = _hostile_site(tmp_path / "site", unsafe=True)
    _build(site, tmp_path / "out")
    story = _story_page(tmp_path / "out")
    assert "<script>window.__pwned=1</script>" in story
    assert 'onerror=window.__pwned=1' in story


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_leaves_no_active_content(payload):
    from sitegen.stories import markdown_to_html

    html = markdown_to_html(payload)
    assert _leftovers(html) == []
    assert not re.search(r"<(script|iframe|object|embed|form|base|meta|link|svg|math|style)\b", html, re.I)


def test_sanitize_keeps_what_stories_use():
    html = sanitize('<table><thead><tr><th style="text-align: left;">a</th></tr></thead>'
                    '<tbody><tr><td>1</td></tr></tbody></table>'
                    '<figure><img src="a.jpg" alt="合影" loading="lazy"><figcaption>合影</figcaption></figure>'
                    '<blockquote><p>引</p></blockquote><h2 id="x">标题</h2><ul><li>一</li></ul>'
                    '<pre><code>x = 1</code></pre><a href="https://example.com/">外站</a><a href="../a/">本站</a>')
    assert '<th style="text-align:left">a</th>' in html
    assert '<figure><img src="a.jpg" alt="合影" loading="lazy"><figcaption>合影</figcaption></figure>' in html
    assert '<a href="https://example.com/" rel="noopener noreferrer">外站</a>' in html
    assert '<a href="../a/">本站</a>' in html
    assert "<blockquote>" in html and '<h2 id="x">' in html and "<pre><code>" in html


def test_story_photos_still_become_pictures(tmp_path):
    """The sanitizer runs before sitegen's own <picture> markup: srcset and sizes survive."""
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    from PIL import Image

    Image.new("RGB", (1200, 800), "red").save(site / "content/stories/first/photo.jpg")
    story = site / "content/stories/first/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\n![合影](photo.jpg)\n", encoding="utf-8")
    _build(site, tmp_path / "out")
    html = _story_page(tmp_path / "out")
    assert "<picture>" in html and "srcset=" in html and "sizes=" in html


def test_preview_reload_works_under_the_csp(tmp_path):
    """The preview's reload script is an external file, so the theme's CSP lets it run: an edit
    reloads the open page, and the browser reports no blocked script or style."""
    import datetime as dt
    import socket
    import threading
    import time

    from playwright.sync_api import sync_playwright

    from sitegen import serve as serve_module

    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    threading.Thread(target=serve_module.serve, args=(site, site / "output", dt.date(2026, 11, 23), port),
                     daemon=True).start()
    base = f"http://127.0.0.1:{port}/sub/"
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        for _ in range(100):
            try:
                page.goto(base + "centres/cdy/concert/")
                if "邻里音乐会" in page.content():
                    break
            except Exception:
                pass
            time.sleep(0.3)
        assert "Content-Security-Policy" in page.content()
        page.wait_for_timeout(1500)  # the reload script has polled once
        schedule = site / "calendars" / "cdy.yaml"
        schedule.write_text(schedule.read_text(encoding="utf-8").replace("邻里音乐会", "邻里新春音乐会"),
                            encoding="utf-8")
        deadline = time.monotonic() + 30
        while "邻里新春音乐会" not in page.content() and time.monotonic() < deadline:
            page.wait_for_timeout(300)  # no page.goto: only the reload script can bring the new text
        assert "邻里新春音乐会" in page.content()
        page.goto(base + "search/")
        page.wait_for_timeout(500)
        browser.close()
    assert [m for m in console if "Content Security Policy" in m or "Refused" in m] == []
