"""The preview server: serves the site, rebuilds once per change, survives every mistake, shows a
banner after a failed build, stops cleanly, and explains a busy port or how to open it on a phone."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitegen import serve as serve_module
from sitegen.build import BuildResult
from sitegen.errors import BuildFailed, Problem, SourceLocation

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).parent / "sites" / "basic"
TODAY = "2026-11-23"
HEADING = "构建失败，正在显示上一次成功的网站"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def wait_for(predicate, seconds: float = 60.0):  # builds are slow on a busy machine
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def example_site(tmp_path: Path) -> Path:
    """A copy of the example site (the repository root's sources), safe to edit."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "site.yaml", site)
    for folder in ("content", "calendars"):
        shutil.copytree(ROOT / folder, site / folder)
    return site


class Preview:
    """`sitegen serve` as staff run it: a separate process, its terminal output collected."""

    def __init__(self, site: Path, *args: str):
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "--site", str(site), "serve", "--today", TODAY,
             "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
            start_new_session=True)  # its own process group, as in a terminal of its own
        self.lines: list[str] = []
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._collect, args=(stream,), daemon=True).start()

    def _collect(self, stream) -> None:
        for line in stream:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def status(self) -> dict | None:
        try:
            return json.loads(get(f"http://127.0.0.1:{self.port}" + serve_module.STATUS_PATH)[2])
        except (OSError, ValueError):
            return None

    def version(self) -> int:
        return (self.status() or {}).get("version", 0)

    def idle_at(self, version: int) -> bool:
        """Not building, and ``version`` builds done: a spurious rebuild would show as building."""
        status = self.status() or {}
        return status.get("version") == version and not status.get("building")

    def page(self, path: str = "") -> str:
        return get(f"http://127.0.0.1:{self.port}/qingshi/{path}")[2].decode("utf-8")

    def interrupt(self) -> int:
        """Ctrl+C: the terminal sends SIGINT to the whole process group (Pagefind included)."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(60)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def stays(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not predicate():
            return False
        time.sleep(0.2)
    return True


def save_like_vim(path: Path, old: str, new: str) -> None:
    """Save through vim when it is installed (swap file, 4913 probe, backup, rename), else the same steps by hand."""
    if shutil.which("vim"):
        subprocess.run(["vim", "-N", "-u", "NONE", "-i", "NONE", "-es", "-c", f"%s/{old}/{new}/", "-c", "wq",
                        str(path)], check=True, timeout=20, stdin=subprocess.DEVNULL)
        return
    text = path.read_text(encoding="utf-8").replace(old, new)
    swap = path.parent / f".{path.name}.swp"
    swap.write_bytes(b"swap")
    probe = path.parent / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    os.replace(path, path.parent / (path.name + "~"))
    path.write_text(text, encoding="utf-8")
    (path.parent / (path.name + "~")).unlink()
    swap.unlink()


def test_one_rebuild_per_change_errors_shown_first_and_a_clean_stop(tmp_path):
    site = example_site(tmp_path)
    preview = Preview(site)
    try:
        wait_for(lambda: preview.version() >= 1)
        assert preview.status()["ok"], preview.output
        assert HEADING not in preview.page()

        # one touch → exactly one rebuild, and then quiet (swapping output/ in must not trigger another)
        (site / "calendars" / "qingshi.yaml").touch()
        wait_for(lambda: preview.version() >= 2)
        assert stays(lambda: preview.idle_at(2), 4), preview.output

        # an editor's save is a burst of events (swap file, backup, rename): still one rebuild
        schedule = site / "calendars" / "chongdeyuan.yaml"
        save_like_vim(schedule, "on: tuesday", "on: tusday")
        broken = wait_for(lambda: (s := preview.status()) and not s["ok"] and s)
        assert broken["version"] == 3
        assert "calendars/chongdeyuan.yaml:" in broken["errors"] and "tusday" in broken["errors"]
        assert not list(site.glob("calendars/*~")) and not (site / "calendars" / "4913").exists()

        # the banner: above the last good site, error first, warnings folded, not in output/
        page = preview.page("centres/chongdeyuan/")
        assert "崇德苑社区党群服务中心" in page  # the last good site is still served
        banner = page[page.index('id="sitegen-build-failed"'):]
        banner = banner[:banner.index("</div>")]
        assert HEADING in banner
        assert banner.index("calendars/chongdeyuan.yaml:") < banner.index("<details")
        assert "tusday" in banner[:banner.index("<details")]
        assert "2027" in banner[banner.index("<details"):]  # the holiday warnings, folded away
        assert page.index('id="sitegen-build-failed"') < page.index("<main")  # first thing on the page
        assert HEADING in preview.page("no-such-page/")  # on every page, the 404 one too
        assert HEADING not in (site / "output" / "centres" / "chongdeyuan" / "index.html").read_text(encoding="utf-8")
        if chromium():
            errors_visible_on_a_phone(f"http://127.0.0.1:{preview.port}/qingshi/centres/chongdeyuan/")

        # the fix → one rebuild, the banner is gone
        save_like_vim(schedule, "on: tusday", "on: tuesday")
        wait_for(lambda: (s := preview.status()) and s["ok"] and s["version"] == 4)
        assert HEADING not in preview.page("centres/chongdeyuan/")
        assert stays(lambda: preview.idle_at(4), 3), preview.output

        # Ctrl+C: exit 0, a goodbye, nothing left beside output/, no traceback
        assert preview.interrupt() == 0
        time.sleep(0.2)
        assert "预览已停止" in preview.output
        assert "Traceback" not in preview.output, preview.output
        assert len(re.findall(r"已构建：", preview.output)) == 3, preview.output  # start, touch, fix
        assert sorted(p.name for p in site.iterdir()) == [".sitegen-cache", "calendars", "content", "output", "site.yaml"]  # + the photo cache
    finally:
        preview.close()


def chromium() -> bool:
    sys.path.insert(0, str(Path(__file__).parent))
    from browser import chromium_available

    return chromium_available()


def errors_visible_on_a_phone(url: str) -> None:
    """At 375 px the heading and the first error are on screen before any scrolling, without JavaScript."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False).new_page()
            page.goto(url)
            heading = page.locator("#sitegen-build-failed h2")
            first_error = page.locator("#sitegen-build-failed ol li").first
            assert heading.inner_text() == HEADING
            box = first_error.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 667
            assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
            assert not page.locator("#sitegen-build-failed details").get_attribute("open")
        finally:
            browser.close()


def test_ctrl_c_during_a_build_leaves_nothing_behind_and_lan_prints_a_qr_code(tmp_path, monkeypatch):
    site = example_site(tmp_path)
    preview = Preview(site, "--lan", "--no-watch")
    try:
        wait_for(lambda: "Ctrl+C" in preview.output and (list(site.glob(".output.staging-*")) or preview.version()))
        assert preview.interrupt() == 0  # mid-build: it finishes or stops, then cleans up
        time.sleep(0.2)
        out = preview.output
        assert "Traceback" not in out, out
        assert not [p for p in site.iterdir() if p.name.startswith(".output.")]
        assert "同一个 Wi-Fi 里的任何人都能打开这个预览" in out
        if serve_module.lan_address():  # this machine has a network address
            url = re.search(r"http://([\d.]+):(\d+)/qingshi/", out[out.index("手机"):])
            assert url and not url.group(1).startswith("127.") and url.group(2) == str(preview.port)
            assert "▀" in out or "▄" in out
    finally:
        preview.close()


def test_a_busy_port_says_what_to_do(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "--site", str(ROOT), "serve", "--port", str(port),
             "--out", str(tmp_path / "out")],
            capture_output=True, text=True, encoding="utf-8", timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert f"端口 {port} 已被占用" in result.stderr and "sitegen serve --port " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()  # nothing was built


def test_without_port_the_next_free_one_is_used(monkeypatch, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(serve_module, "DEFAULT_PORT", port)
        try:
            server = serve_module.open_server("127.0.0.1", None, serve_module._Handler, "en")
        except serve_module.PortProblem:  # the next ports happen to be taken as well
            pytest.skip("no free port next to a random one")
        try:
            assert server.server_address[1] > port
            assert f"Port {port} is in use; using port {server.server_address[1]} instead." in capsys.readouterr().out
        finally:
            server.server_close()
    with pytest.raises(serve_module.PortProblem, match="--port"):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            serve_module.open_server("127.0.0.1", taken.getsockname()[1], serve_module._Handler, "en")


def test_lan_prints_the_address_a_qr_code_and_a_warning(monkeypatch, capsys):
    monkeypatch.setattr(serve_module, "lan_address", lambda: "192.168.1.23")
    serve_module.print_lan(8001, "/qingshi/", "zh-CN")
    out = capsys.readouterr().out
    assert "http://192.168.1.23:8001/qingshi/" in out
    assert "▀" in out and "█" in out  # the QR code, in block characters
    assert "同一个 Wi-Fi 里的任何人都能打开这个预览" in out
    monkeypatch.setattr(serve_module, "lan_address", lambda: None)
    serve_module.print_lan(8001, "/", "en")
    out = capsys.readouterr().out
    assert "Could not find this computer's address" in out and "anyone on the same Wi-Fi" in out


def test_lan_address_is_never_loopback():
    address = serve_module.lan_address()
    assert address is None or (re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address) and not address.startswith("127."))


@pytest.mark.parametrize(("path", "counts"), [
    ("site.yaml", True),
    ("calendars/qingshi.yaml", True),
    ("content/stories/2026-10-concert/index.md", True),
    ("content/stories/2026-10-concert/stage.jpg", True),
    ("themes/mine/templates/base.html", True),
    ("output/index.html", False),
    ("output", False),
    (".output.staging-123/index.html", False),
    (".output.old-123", False),
    (".sitegen-cache/photos/a.webp", False),
    ("content/.sitegen-cache/a", False),
    ("calendars/.qingshi.yaml.swp", False),
    ("calendars/qingshi.yaml~", False),
    ("calendars/4913", False),
    ("content/stories/.#index.md", False),
    ("content/stories/#index.md#", False),
    ("README.md", False),
    ("", False),  # the site folder itself: what swapping output/ in used to trigger
])
def test_only_changes_to_sources_count(tmp_path, path, counts):
    root = tmp_path / "site"
    assert serve_module.is_source_change(root / path if path else root, root, root / "output") is counts


def test_a_custom_out_folder_and_the_bundled_theme(tmp_path):
    root, out = tmp_path / "site", tmp_path / "site" / "content" / "preview"
    assert not serve_module.is_source_change(out / "index.html", root, out)
    assert not serve_module.is_source_change(root / "content" / ".preview.staging-9" / "a.html", root, out)
    assert serve_module.is_source_change(serve_module.BUNDLED_THEMES / "default" / "templates" / "base.html",
                                         root, out)


def failing_then_working(problems_or_exceptions):
    calls = iter(problems_or_exceptions)

    def fake_build(root, out_dir, today):
        outcome = next(calls)
        if isinstance(outcome, BaseException):
            raise outcome
        return BuildResult(3, 0.01, [])

    return fake_build


def test_any_exception_in_a_rebuild_keeps_the_preview_alive(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(serve_module, "build", failing_then_working([
        TypeError("'<' not supported between instances of 'NoneType' and 'datetime.date'"),
        BuildFailed([Problem(SourceLocation("calendars/a.yaml", 4, 5), "unknown weekday 'tusday'"),
                     Problem(SourceLocation("calendars/a.yaml", 2, 1), "no 2027 holidays", "warning")]),
        None,
    ]))
    (tmp_path / "site.yaml").write_text("title: t\nbase_url: https://example.org/\nlanguage: en\n")
    state = serve_module.BuildState()
    builder = serve_module.Builder(tmp_path, tmp_path / "output", dt.date(2026, 11, 23), state)
    builder.thread.start()
    try:
        wait_for(lambda: state.version == 1, 5)
        assert builder.thread.is_alive()
        assert "TypeError" in state.snapshot()["errors"] and "internal problem" in state.snapshot()["errors"]
        assert "Traceback" not in capsys.readouterr().err
        (tmp_path / "site.yaml").write_text("title: t2\nbase_url: https://example.org/\nlanguage: en\n")
        builder.notify()
        wait_for(lambda: state.version == 2, 5)
        assert state.snapshot()["errors"] == "calendars/a.yaml:4:5: unknown weekday 'tusday'"
        page = serve_module.inject(b"<html><body><main>site</main></body></html>", state)
        assert b"The build failed; there is no site to show yet" in page
        assert page.index(b"unknown weekday") < page.index(b"<details") < page.index(b"no 2027 holidays")
        (tmp_path / "site.yaml").write_text("title: t3\nbase_url: https://example.org/\nlanguage: en\n")
        builder.notify()
        wait_for(lambda: state.version == 3, 5)
        assert state.snapshot()["ok"] and b"sitegen-build-failed" not in serve_module.inject(b"<body></body>", state)
        builder.notify()  # an event without a change (say a folder's time): no build
        time.sleep(serve_module.QUIET_SECONDS + 0.8)
        assert state.version == 3
    finally:
        builder.stop()


def test_in_process_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    out = site / "output"
    port = free_port()
    thread = threading.Thread(target=serve_module.serve, args=(site, out, dt.date(2026, 11, 23), port),
                              daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}/sub"  # served under base_url's sub-path, as on the real host

    def status():
        try:
            return json.loads(get(f"http://127.0.0.1:{port}" + serve_module.STATUS_PATH)[2])
        except OSError:
            return None

    first = wait_for(lambda: (s := status()) and s["version"] >= 1 and s)
    assert first["errors"] == ""
    code, content_type, body = get(base + "/centres/cdy/concert/")
    assert code == 200 and content_type.startswith("text/html")
    assert serve_module.RELOAD_PATH.encode() in body  # reload script injected on the fly ...
    assert serve_module.RELOAD_PATH.encode() not in (out / "centres/cdy/concert/index.html").read_bytes()  # ... not written
    assert b"<script>" not in body  # an external script: the theme's CSP forbids inline script
    code, js_type, js = get(f"http://127.0.0.1:{port}" + serve_module.RELOAD_PATH)
    assert code == 200 and js_type.startswith("text/javascript") and serve_module.STATUS_PATH.encode() in js
    _, ics_type, _ = get(base + "/feeds/all.ics")
    assert ics_type == "text/calendar; charset=utf-8"
    assert get(f"http://127.0.0.1:{port}/")[0] == 200  # redirected to /sub/
    code, _, body = get(base + "/no-such-page/")
    assert code == 404 and "页面没找到".encode() in body

    schedule = site / "calendars" / "cdy.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("邻里音乐会", "邻里新春音乐会"), encoding="utf-8")
    wait_for(lambda: (status() or {}).get("version", 0) > first["version"])
    assert "邻里新春音乐会" in get(base + "/centres/cdy/concert/")[2].decode()

    schedule.write_text(schedule.read_text(encoding="utf-8").replace("on: last saturday", "on: last satday"),
                        encoding="utf-8")
    broken = wait_for(lambda: (s := status()) and s["errors"] and s)
    assert "calendars/cdy.yaml:" in broken["errors"] and "last satday" in broken["errors"]
    page = get(base + "/centres/cdy/concert/")[2].decode()
    assert "邻里新春音乐会" in page and HEADING in page  # last good site still served, under the banner
