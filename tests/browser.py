"""Shared set-up for browser tests: Debian's chromium driven by Playwright, the built example site
served on localhost under its sub-path, and a log of every request a page makes."""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() and shutil.which("node") is not None and AXE.exists()


class SubPathServer:
    """Serves ``folder`` at http://127.0.0.1:PORT/<sub_path>, as a static host would."""

    def __init__(self, folder: Path, sub_path: str):
        prefix = sub_path.rstrip("/")

        class Handler(SimpleHTTPRequestHandler):
            extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                              ".ics": "text/calendar; charset=utf-8", ".svg": "image/svg+xml",
                              ".html": "text/html; charset=utf-8"}

            def translate_path(self, path: str) -> str:
                path = urlsplit(path).path
                if not path.startswith(prefix + "/"):
                    return str(folder / "__missing__")
                return super().translate_path(path[len(prefix):])

            def send_error(self, code, message=None, explain=None):
                if code == 404 and (folder / "404.html").exists():  # like Netlify or GitHub Pages
                    body = (folder / "404.html").read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}{prefix}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
