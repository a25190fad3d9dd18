"""Build-time and memory figures (a benchmark, not a test): prints one line per site size.

    .venv/bin/python benchmarks/build_speed.py            # example site + synthetic 10/100/300 centres
    .venv/bin/python benchmarks/build_speed.py 1000       # a district-sized site

Synthetic centres each have 8 activities (weekly, monthly nth-weekday, one-offs, with changes)
and one story; each size is built twice in a fresh process-local temp dir, the best time shown.
"""
from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from sitegen.build import build

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)

ACTIVITIES = """
  - id: haircut
    title: 爱心义剪
    category: 便民服务
    time: "09:00-11:00"
    repeat: {every: week, on: tuesday}
    from: 2026-01-01
    cancel: {2026-12-29: 理发师休假}
  - id: homework
    title: 四点半课堂
    category: 教育培训
    audience: [儿童]
    time: "16:30-18:00"
    repeat: {every: week, on: mon-fri}
    from: 2026-09-01
    until: 2027-01-22
  - id: clinic
    title: 义诊
    category: 健康服务
    time: "08:30-11:30"
    repeat: {every: month, on: 2nd thursday}
    from: 2026-01-01
    move: {2026-12-10: {to: 2026-12-17, reason: 医生外出培训}}
  - id: concert
    title: 邻里音乐会
    category: 文化活动
    time: "19:00-20:30"
    repeat: {every: month, on: last saturday}
    from: 2026-01-01
  - id: dance
    title: 扇子舞
    category: 文化活动
    time: "15:00-16:30"
    repeat: {every: week, on: [mon, thu]}
    from: 2026-03-01
  - id: knitting
    title: 手工编织
    category: 文化活动
    time: "14:00-16:00"
    repeat: {every: week, on: wednesday, interval: 2}
    from: 2026-03-04
  - id: chongyang
    title: 重阳戏曲
    category: 节日活动
    date: 2026-10-18
    time: "14:30-16:30"
  - id: market
    title: 爱心集市
    category: 便民服务
    date: 2026-12-12
    end_date: 2026-12-13
"""


def synthetic_site(folder: Path, centres: int) -> Path:
    (folder / "calendars").mkdir(parents=True)
    (folder / "site.yaml").write_text("title: 基准测试\nbase_url: https://bench.example.org/\n", encoding="utf-8")
    for n in range(centres):
        (folder / "calendars" / f"c{n:04d}.yaml").write_text(
            f"centre: {{id: c{n:04d}, name: 第{n}社区党群服务中心, address: 测试路{n}号}}\nactivities:{ACTIVITIES}",
            encoding="utf-8")
        story = folder / "content" / "stories" / f"s{n:04d}"
        story.mkdir(parents=True)
        (story / "index.md").write_text(
            f"---\ntitle: 第{n}社区邻里音乐会\nslug: story-{n:04d}\ndate: 2026-10-{n % 28 + 1:02d}\n"
            f"centres: [c{n:04d}]\nactivities: [c{n:04d}/concert]\ntags: [文化活动, 社区{n % 7}]\n---\n"
            + "居民们早早来到多功能厅，合唱团和葫芦丝班轮流登台。\n\n" * 20, encoding="utf-8")
    return folder


def measure(site: Path, label: str) -> None:
    best = None
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            out = Path(tmp) / "out"
            started = time.perf_counter()
            result = build(site, out, TODAY)
            seconds = time.perf_counter() - started
            best = seconds if best is None else min(best, seconds)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<28} {result.files:>7} files {size / 1e6:>8.1f} MB  {best:>7.2f} s  peak RSS {peak_mb:>6.0f} MB")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 300]
    measure(ROOT, "example site")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            measure(synthetic_site(Path(tmp) / "site", size), f"{size} centres x 8 activities")


if __name__ == "__main__":
    main()
