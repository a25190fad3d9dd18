"""The preview server: serves the site, rebuilds on change, tells open pages to reload."""
from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitegen import serve as serve_module

SITE = Path(__file__).parent / "sites" / "basic"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


def wait_for(predicate, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    import datetime as dt

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

    first = wait_for(status)
    assert first["errors"] == ""
    code, content_type, body = get(base + "/centres/cdy/concert/")
    assert code == 200 and content_type.startswith("text/html")
    assert serve_module.STATUS_PATH.encode() in body  # reload script injected on the fly ...
    assert serve_module.STATUS_PATH.encode() not in (out / "centres/cdy/concert/index.html").read_bytes()  # ... not written
    _, ics_type, _ = get(base + "/feeds/all.ics")
    assert ics_type == "text/calendar; charset=utf-8"
    assert get(f"http://127.0.0.1:{port}/")[0] == 200  # redirected to /sub/
    try:
        get(base + "/no-such-page/")
        raise AssertionError("a missing page must be a 404")
    except urllib.error.HTTPError as error:
        assert error.code == 404 and "页面没找到".encode() in error.read()

    schedule = site / "calendars" / "cdy.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("邻里音乐会", "邻里新春音乐会"), encoding="utf-8")
    wait_for(lambda: (status() or {}).get("version", 0) > first["version"])
    assert "邻里新春音乐会" in get(base + "/centres/cdy/concert/")[2].decode()

    schedule.write_text(schedule.read_text(encoding="utf-8").replace("on: last saturday", "on: last satday"),
                        encoding="utf-8")
    broken = wait_for(lambda: (s := status()) and s["errors"] and s)
    assert "calendars/cdy.yaml:" in broken["errors"] and "last satday" in broken["errors"]
    assert "邻里新春音乐会" in get(base + "/centres/cdy/concert/")[2].decode()  # last good site still served
