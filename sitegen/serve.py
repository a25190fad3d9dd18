"""Preview server: build, serve on 127.0.0.1, rebuild on change (watchdog), reload open pages.

The reload script is injected into HTML responses on the fly, never written to output/, so
the folder stays exactly what `sitegen build` makes. A failed rebuild keeps serving the last
good site and shows the errors in the browser.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import build
from .errors import BuildFailed
from .output import OutputError

STATUS_PATH = "/__sitegen/status"
DEBOUNCE_SECONDS = 0.3
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function poll() {
    fetch("%s").then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      var box = document.getElementById("sitegen-errors");
      if (s.errors && !box) {
        box = document.createElement("pre"); box.id = "sitegen-errors";
        box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50%%;overflow:auto;margin:0;padding:1em;background:#fff3f3;color:#8b0000;border-top:4px solid #8b0000;font-size:16px;white-space:pre-wrap;z-index:9999";
        document.body.appendChild(box);
      }
      if (box) { if (s.errors) { box.textContent = s.errors; } else { box.remove(); } }
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>""" % STATUS_PATH


class BuildState:
    """The result of the latest build, shared between the watcher and the HTTP handlers."""

    def __init__(self) -> None:
        self.version = 0
        self.errors = ""
        self.lock = threading.Lock()

    def snapshot(self) -> dict:
        with self.lock:
            return {"version": self.version, "errors": self.errors}


def rebuild(root: Path, out_dir: Path, today: dt.date | None, state: BuildState) -> None:
    try:
        result = build(root, out_dir, today or dt.date.today())
        message = ""
        print(f"rebuilt {result.files} files in {result.seconds:.2f} s", flush=True)
    except BuildFailed as failure:
        message = "\n".join(str(p) for p in failure.problems)
        print(message + "\nbuild failed; still serving the previous site", flush=True)
    except OutputError as exc:
        message = str(exc)
        print(message, flush=True)
    with state.lock:
        state.version += 1
        state.errors = message


class _Handler(SimpleHTTPRequestHandler):
    """Serves output/ under the site's sub-path (as the real host will), '/' redirecting there."""

    state: BuildState
    base_path: str = "/"

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".ics": "text/calendar; charset=utf-8", ".html": "text/html; charset=utf-8",
                      ".xml": "application/atom+xml; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".svg": "image/svg+xml"}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.startswith(STATUS_PATH):
            self._send(200, "application/json", json.dumps(self.state.snapshot()).encode())
            return
        if not self.path.startswith(self.base_path):
            self.send_response(302)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self._send(200, "text/html; charset=utf-8", page)
            return
        if not path.exists() and not self.state.snapshot()["version"]:
            self._send(503, "text/plain; charset=utf-8", b"building...")
            return
        if not path.exists() and (Path(self.directory) / "404.html").is_file():
            page = (Path(self.directory) / "404.html").read_bytes()
            self._send(404, "text/html; charset=utf-8", page.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1))
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base_path):])

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet: one line per rebuild is enough
        pass


def _watch(root: Path, on_change) -> object:
    """Watch only the sources (never output/ or the staging folders the build itself writes)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from .sources import BUNDLED_THEMES, PAGE_DIR, SCHEDULE_DIR, STORY_DIR

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            name = Path(str(event.src_path)).name
            if name.startswith((".", "#")) or name.endswith("~"):
                return  # editor swap and backup files
            if Path(str(event.src_path)).parent == root and name != "site.yaml":
                return
            on_change()

    observer = Observer()
    handler = Handler()
    observer.schedule(handler, str(root), recursive=False)  # site.yaml
    for folder in (root / STORY_DIR, root / PAGE_DIR, root / SCHEDULE_DIR, root / "themes", BUNDLED_THEMES):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer


def _base_path(root: Path) -> str:
    """The sub-path of base_url, so links behave locally as they will on the real host."""
    from .config import load_config
    from .errors import ErrorCollector

    return load_config(root, ErrorCollector()).base_path


def serve(root: Path, out_dir: Path, today: dt.date | None, port: int, watch: bool = True) -> int:
    state = BuildState()
    rebuild(root, out_dir, today, state)
    out_dir.mkdir(parents=True, exist_ok=True)
    base_path = _base_path(root)
    handler = functools.partial(type("Handler", (_Handler,), {"state": state, "base_path": base_path}),
                                directory=str(out_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    pending = threading.Event()

    def worker() -> None:
        while True:
            pending.wait()
            time.sleep(DEBOUNCE_SECONDS)  # let an editor finish saving several files
            pending.clear()
            rebuild(root, out_dir, today, state)

    observer = None
    if watch:
        threading.Thread(target=worker, daemon=True).start()
        observer = _watch(root, pending.set)
    print(f"serving {html.escape(str(out_dir))} at http://127.0.0.1:{port}{base_path} (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if observer is not None:
            observer.stop()
    return 0
