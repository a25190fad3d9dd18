"""Refresh the theme screenshots in docs/screenshots/ (phone width), for reviewers to see the theme.

    .venv/bin/python scripts/screenshots.py

Builds the example site with a fixed --today, serves it on localhost and photographs it with
Debian's chromium (needs the chromium and fonts-noto-cjk packages; never downloads a browser).
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, SubPathServer  # noqa: E402

from sitegen.build import build  # noqa: E402

TODAY = dt.date(2026, 11, 23)
SHOTS = {
    "home": "",
    "activity": "centres/qingshi/secretary-on-duty/",
    "subscribe": "subscribe/centres/chongdeyuan/",
    "poster": "posters/centres/chongdeyuan/2026-12/",
}


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("needs Debian's chromium: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not fonts.strip():
        print("warning: no Chinese font found; install fonts-noto-cjk for readable screenshots", file=sys.stderr)
    from playwright.sync_api import sync_playwright

    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build(ROOT, out, TODAY)
        server = SubPathServer(out, "/qingshi/")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
                for name, path in SHOTS.items():
                    page.goto(server.base + path, wait_until="load")
                    page.screenshot(path=str(target / f"{name}.png"), full_page=name != "home")
                    print(target / f"{name}.png")
                browser.close()
        finally:
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
