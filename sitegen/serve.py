"""Preview server: build, serve, rebuild once per change (watchdog), reload open pages.

What staff see is injected into HTML responses on the fly and never written to output/, so the
folder stays exactly what `sitegen build` makes: the reload script, and after a failed build a
banner (errors first, warnings folded) above the last site that built. Only the sources trigger a
rebuild: the build's own writes (output/, its staging and old folders, caches) and editors'
temporary files are ignored, and a burst of events (one save) gives one build.
"""
from __future__ import annotations

import datetime as dt
import errno
import functools
import html
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from .build import build
from .config import CONFIG_FILE, load_config
from .errors import BuildFailed, ErrorCollector, Problem
from .output import OutputError, clean_leftovers
from .sources import BUNDLED_THEMES
from .words import message

STATUS_PATH = "/__sitegen/status"
DEFAULT_PORT = 8000
PORT_TRIES = 20  # without --port, the next free one of 8000…8019
QUIET_SECONDS = 0.3  # an editor's save is several events; build once they stop
STOP_WAIT_SECONDS = 60  # Ctrl+C waits this long for a build in progress to finish cleanly
INPUT_DIRS = ("content", "calendars", "themes")  # with site.yaml and the bundled theme
IGNORED_DIRS = (".sitegen-cache", "__pycache__", "node_modules")
LAN_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")  # private: nothing is sent

RELOAD_PATH = "/__sitegen/reload.js"
# An external script, not inline: the theme's Content-Security-Policy forbids inline script.
RELOAD_JS = """(function () {
  var seen = null;
  function poll() {
    fetch("%s").then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
""" % STATUS_PATH
RELOAD_SCRIPT = '<script src="%s"></script>' % RELOAD_PATH

BANNER_STYLE = ("all:initial;display:block;box-sizing:border-box;width:100%;margin:0;padding:12px 16px;"
                "background:#fff1f0;color:#5c0000;border-bottom:4px solid #b00020;font:16px/1.5 system-ui,"
                "sans-serif;overflow-wrap:anywhere;position:relative;z-index:2147483647")


# -- which file events are changes to the sources -----------------------------------------------

def is_editor_temp(name: str) -> bool:
    """Swap, backup and lock files editors write while saving (vim, emacs, JetBrains, gedit)."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", "___jb_tmp___",
                                                          "___jb_old___")) or name == "4913")


def is_source_change(path: Path, root: Path, out_dir: Path) -> bool:
    """True when ``path`` is a file the build reads: site.yaml, content/, calendars/, themes/.

    Everything the build writes itself (output/ and its `.output.staging-*` / `.output.old-*`
    siblings, caches) and hidden or temporary files are not: reacting to them is what made the
    preview rebuild forever.
    """
    if path == out_dir or path.is_relative_to(out_dir):
        return False
    if path.parent == out_dir.parent and path.name.startswith((f".{out_dir.name}.staging-",
                                                               f".{out_dir.name}.old-")):
        return False
    if path.is_relative_to(out_dir.parent) and any(
            part.startswith((f".{out_dir.name}.staging-", f".{out_dir.name}.old-"))
            for part in path.relative_to(out_dir.parent).parts):
        return False
    if path == root / CONFIG_FILE:
        return True
    for base in [root / folder for folder in INPUT_DIRS] + [BUNDLED_THEMES]:
        if path == base:
            return True
        if path.is_relative_to(base):
            parts = path.relative_to(base).parts
            return not any(is_editor_temp(part) or part in IGNORED_DIRS for part in parts)
    return False


def fingerprint(root: Path, out_dir: Path) -> tuple:
    """Name, size and modification time of every source file: equal means nothing to rebuild."""
    found = []
    candidates = [root / CONFIG_FILE]
    for base in [root / folder for folder in INPUT_DIRS] + [BUNDLED_THEMES]:
        if base.is_dir():
            candidates.extend(sorted(base.rglob("*")))
    for path in candidates:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file() and is_source_change(path, root, out_dir):
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


# -- the state shared by the builder and the HTTP handlers --------------------------------------

@dataclass(frozen=True)
class Report:
    """One line of the banner: where (file:line:col) and what."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


class BuildState:
    """The result of the latest build, shared between the builder thread and the HTTP handlers."""

    def __init__(self, language: str = "zh-CN") -> None:
        self.version = 0  # one more per finished build, failed or not: open pages reload on change
        self.errors: list[Report] = []
        self.warnings: list[Report] = []
        self.language = language
        self.has_site = False  # a good site is in output/ (this run's or an earlier build's)
        self.building = False
        self.lock = threading.Lock()

    def snapshot(self) -> dict:
        with self.lock:
            return {"version": self.version, "building": self.building, "ok": not self.errors,
                    "errors": "\n".join(str(r) for r in self.errors),
                    "warnings": "\n".join(str(r) for r in self.warnings)}


def _reports(problems: list[Problem], severity: str) -> list[Report]:
    return [Report(str(p.location), p.message) for p in problems if p.severity == severity]


def _internal_report(exc: BaseException, language: str) -> Report:
    """A crash inside sitegen itself: where in sitegen, without a traceback for staff to read."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "sitegen" in Path(f.filename).parts]
    where = f"sitegen/{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return Report(where, message("serve_internal", language, error=f"{type(exc).__name__}: {exc}"))


def site_settings(root: Path) -> tuple[str, str]:
    """The site's language and the sub-path of base_url (defaults if site.yaml is broken)."""
    try:
        config = load_config(root, ErrorCollector())
        return config.language, config.base_path
    except Exception:  # noqa: BLE001 - the build reports site.yaml's mistakes; the preview still starts
        return "zh-CN", "/"


def rebuild(root: Path, out_dir: Path, today: dt.date | None, state: BuildState,
            stopping: threading.Event | None = None) -> None:
    """Build once; never raises, so no mistake of any kind stops the preview from rebuilding."""
    language = site_settings(root)[0]
    warnings: list[Report] = []
    try:
        result = build(root, out_dir, today or dt.date.today())
        errors: list[Report] = []
        warnings = _reports(result.warnings, "warning")
        key = "serve_built_warnings" if warnings else "serve_built"
        print(message(key, language, files=result.files, seconds=result.seconds, n=len(warnings)), flush=True)
    except BuildFailed as failure:
        errors, warnings = _reports(failure.problems, "error"), _reports(failure.problems, "warning")
    except OutputError as exc:
        errors = [Report("", str(exc))]
    except Exception as exc:  # noqa: BLE001 - a bug must not end the preview; the fix will rebuild
        errors = [_internal_report(exc, language)]
    if stopping is not None and (stopping.is_set() or (errors and stopping.wait(0.2))):
        return  # interrupted by Ctrl+C (Pagefind gets the signal too): nothing to report
    if errors:
        for report in errors + warnings:
            print(report, file=sys.stderr)
        print(message("serve_failed_terminal", language, n=len(errors)), file=sys.stderr, flush=True)
    with state.lock:
        state.version += 1
        state.errors, state.warnings, state.language = errors, warnings, language
        state.has_site = state.has_site or not errors or (out_dir / "index.html").is_file()


class Builder:
    """Builds once at start, then once per burst of source changes, until stopped."""

    def __init__(self, root: Path, out_dir: Path, today: dt.date | None, state: BuildState):
        self.root, self.out_dir, self.today, self.state = root, out_dir, today, state
        self.changed = threading.Event()
        self.changed.set()  # the first build
        self.stopping = threading.Event()
        self.last_event = 0.0
        self.built: tuple | None = None
        self.thread = threading.Thread(target=self._run, name="sitegen-builder", daemon=True)

    def notify(self) -> None:
        self.last_event = time.monotonic()
        self.changed.set()

    def _run(self) -> None:
        while not self.stopping.is_set():
            if not self.changed.wait(0.5):
                continue
            while (wait := self.last_event + QUIET_SECONDS - time.monotonic()) > 0:
                if self.stopping.wait(wait):
                    return
            if self.stopping.is_set():
                return
            self.changed.clear()  # changes from here on are seen by the next round
            try:
                self._round()
            except Exception as exc:  # noqa: BLE001 - whatever happens, the next save is still watched
                print(_internal_report(exc, self.state.language), file=sys.stderr, flush=True)

    def _round(self) -> None:
        try:
            current = fingerprint(self.root, self.out_dir)
        except OSError:
            current = None  # a folder vanished mid-scan: build anyway
        if current is not None and current == self.built:
            return  # events, but no source changed (a read, a folder's own time)
        self.built = current
        self._building(True)
        try:
            rebuild(self.root, self.out_dir, self.today, self.state, self.stopping)
        finally:
            self._building(False)

    def _building(self, value: bool) -> None:
        with self.state.lock:
            self.state.building = value

    def stop(self) -> None:
        self.stopping.set()
        self.changed.set()
        if self.thread.is_alive():
            if self.state.building:
                print(message("serve_stopping", self.state.language), flush=True)
            self.thread.join(STOP_WAIT_SECONDS)


# -- HTTP -----------------------------------------------------------------------------------------

def banner(state: BuildState) -> str:
    """The failed-build banner: heading, the errors with file:line, the warnings folded away."""
    with state.lock:
        errors, warnings, language, has_site = state.errors, state.warnings, state.language, state.has_site
    if not errors:
        return ""

    def item(report: Report) -> str:
        where = (f'<code style="font:inherit;font-family:ui-monospace,monospace;font-weight:bold">'
                 f"{html.escape(report.where)}</code> ") if report.where else ""
        return f'<li style="margin:0 0 4px">{where}{html.escape(report.text)}</li>'

    heading = message("serve_failed" if has_site else "serve_failed_no_site", language)
    parts = [f'<div id="sitegen-build-failed" role="alert" lang="{html.escape(language)}" style="{BANNER_STYLE}">',
             f'<h2 style="all:unset;display:block;font-weight:bold;font-size:18px;margin:0 0 8px">'
             f"{html.escape(heading)}</h2>",
             '<ol style="margin:0 0 8px;padding:0 0 0 24px">' + "".join(item(r) for r in errors) + "</ol>",
             f'<p style="margin:0">{html.escape(message("serve_fix_hint", language))}</p>']
    if warnings:
        parts.append(f'<details style="margin:8px 0 0"><summary style="cursor:pointer">'
                     f'{html.escape(message("serve_warnings", language, n=len(warnings)))}</summary>'
                     '<ul style="margin:4px 0 0;padding:0 0 0 24px">' + "".join(item(r) for r in warnings)
                     + "</ul></details>")
    return "".join(parts) + "</div>"


def inject(page: bytes, state: BuildState) -> bytes:
    """Put the banner first in <body> (seen without scrolling) and the reload script last."""
    text = page.decode("utf-8", errors="replace")
    top = banner(state)
    if top:
        opening = re.search(r"<body[^>]*>", text)
        text = text[:opening.end()] + top + text[opening.end():] if opening else top + text
    closing = text.rfind("</body>")
    text = text[:closing] + RELOAD_SCRIPT + text[closing:] if closing >= 0 else text + RELOAD_SCRIPT
    return text.encode("utf-8")


def placeholder_page(title: str, language: str) -> bytes:
    """A page for when there is no site to show yet (building, or the first build failed)."""
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head><body><p>{html.escape(title)}</p></body></html>"
            ).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    """Serves output/ under the site's sub-path (as the real host will), '/' redirecting there."""

    state: BuildState
    base_path: str = "/"

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".ics": "text/calendar; charset=utf-8", ".html": "text/html; charset=utf-8",
                      ".xml": "application/atom+xml; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".svg": "image/svg+xml"}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url_path = urlsplit(self.path).path
        if url_path == STATUS_PATH:
            self._send(200, "application/json", json.dumps(self.state.snapshot()).encode())
            return
        if url_path == RELOAD_PATH:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
            return
        if not url_path.startswith(self.base_path):
            self.send_response(302)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(200, "text/html; charset=utf-8", inject(path.read_bytes(), self.state))
            return
        if not path.exists():
            snapshot = self.state.snapshot()
            language = self.state.language
            if not snapshot["version"]:
                self._send(503, "text/html; charset=utf-8",
                           inject(placeholder_page(message("serve_building", language), language), self.state))
                return
            not_found = Path(self.directory) / "404.html"
            if not_found.is_file():
                self._send(404, "text/html; charset=utf-8", inject(not_found.read_bytes(), self.state))
                return
            if not snapshot["ok"]:
                title = message("serve_failed_no_site", language)
                self._send(503, "text/html; charset=utf-8", inject(placeholder_page(title, language), self.state))
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


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection early (a reload) is normal: no traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(f"sitegen serve: {type(exc).__name__}: {exc}", file=sys.stderr)


class PortProblem(Exception):
    """The port cannot be used; the message says what to do."""


def _port_free(host: str, port: int) -> bool:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
        return True
    except OSError:
        return False


def open_server(host: str, port: int | None, handler, language: str) -> PreviewServer:
    """Bind the port; without --port, move on to the next free one and say so."""
    first = DEFAULT_PORT if port is None else port
    candidates = [first] if port is not None else range(first, first + PORT_TRIES)
    for candidate in candidates:
        try:
            server = PreviewServer((host, candidate), handler)
        except OSError as exc:
            if exc.errno == errno.EACCES:
                raise PortProblem(message("serve_port_denied", language, port=candidate)) from None
            if exc.errno != errno.EADDRINUSE:
                raise PortProblem(f"{candidate}: {exc.strerror or exc}") from None
            continue
        if candidate != first:  # only without --port
            print(message("serve_port_moved", language, port=first, used=candidate), flush=True)
        return server
    if port is not None:
        free = next((p for p in range(port + 1, port + 1 + PORT_TRIES) if _port_free(host, p)), port + 1)
        raise PortProblem(message("serve_port_busy", language, port=port, free=free))
    raise PortProblem(message("serve_no_free_port", language, first=first, last=first + PORT_TRIES - 1))


def lan_address() -> str | None:
    """This machine's address on the local network, or None.

    Connecting a UDP socket only picks the outgoing interface and sends nothing, so this works
    offline and asks no one; the host name is the fallback.
    """
    for probe in LAN_PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                address = udp.getsockname()[0]
        except OSError:
            continue
        if not address.startswith(("127.", "0.")):
            return address
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if address.startswith(("127.", "0.")) else address


def print_lan(port: int, base_path: str, language: str) -> None:
    address = lan_address()
    if address is None:
        print(message("serve_lan_unknown", language, port=port), flush=True)
    else:
        url = f"http://{address}:{port}{base_path}"
        print(message("serve_lan_url", language, url=url))
        print(message("serve_lan_scan", language), flush=True)
        import segno

        code = segno.make(url)
        try:
            code.terminal(compact=True)
        except UnicodeEncodeError:  # a terminal that cannot show block characters
            code.terminal()
        print(message("serve_lan_firewall", language))
    print(message("serve_lan_warning", language), flush=True)


# -- watching -------------------------------------------------------------------------------------

def _watch(root: Path, out_dir: Path, on_change) -> object:
    """Watch the sources only; every event passes ``is_source_change`` before it counts."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    observer = Observer()
    watched: set[Path] = set()

    def schedule(folder: Path, recursive: bool) -> None:
        if folder.is_dir() and folder not in watched:
            watched.add(folder)
            observer.schedule(handler, str(folder), recursive=recursive)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type not in ("created", "deleted", "modified", "moved", "closed", "attrib"):
                return  # "opened", "closed_no_write": the build reading its sources ("attrib": touch)
            if event.is_directory and event.event_type == "modified":
                return  # a folder's own time changes with its files, whose events already count
            paths = [Path(os.fsdecode(event.src_path))]
            if getattr(event, "dest_path", ""):
                paths.append(Path(os.fsdecode(event.dest_path)))
            for path in paths:
                if path.parent == root and path.name in INPUT_DIRS and event.is_directory:
                    schedule(path, recursive=True)  # content/ or calendars/ made after the start
            if any(is_source_change(path, root, out_dir) for path in paths):
                on_change()

    handler = Handler()
    schedule(root, recursive=False)  # site.yaml, and input folders created later
    for folder in [root / name for name in INPUT_DIRS] + [BUNDLED_THEMES]:
        schedule(folder, recursive=True)
    observer.start()
    return observer


# -- the command ----------------------------------------------------------------------------------

def serve(root: Path, out_dir: Path, today: dt.date | None, port: int | None = None, watch: bool = True,
          lan: bool = False) -> int:
    """`sitegen serve`: 0 after Ctrl+C, 1 if the port cannot be used."""
    root, out_dir = root.resolve(), out_dir.resolve()
    language, base_path = site_settings(root)
    state = BuildState(language)
    state.has_site = (out_dir / "index.html").is_file()
    handler = functools.partial(type("Handler", (_Handler,), {"state": state, "base_path": base_path}),
                                directory=str(out_dir))
    try:
        server = open_server("0.0.0.0" if lan else "127.0.0.1", port, handler, language)
    except PortProblem as problem:
        print(f"sitegen serve: {problem}", file=sys.stderr)
        return 1
    bound = server.server_address[1]
    builder = Builder(root, out_dir, today, state)
    observer = None
    restore = _stop_on_sigterm()
    try:
        builder.thread.start()
        if watch:
            observer = _watch(root, out_dir, builder.notify)
        print(message("serve_url", language, url=f"http://127.0.0.1:{bound}{base_path}"), flush=True)
        if lan:
            print_lan(bound, base_path, language)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if observer is not None:
            observer.stop()
        try:
            builder.stop()
        except KeyboardInterrupt:  # a second Ctrl+C: stop waiting
            builder.stopping.set()
        try:
            clean_leftovers(out_dir)
        except OSError:
            pass  # the next build tidies up
        restore()
    print(message("serve_goodbye", state.language), flush=True)
    return 0


def _stop_on_sigterm():
    """`kill` (SIGTERM) stops the preview as cleanly as Ctrl+C does. Returns the undo."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)
