"""Nothing from outside the site (symlinks, theme paths, writer destinations) and no hangs."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from sitegen.cli import main
from sitegen.model import Artifact
from sitegen.output import OutputError, write_output

BASIC = Path(__file__).parent / "sites" / "basic"
ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-OUTSIDE-THE-SITE"


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(BASIC, folder)
    (tmp_path / "outside").mkdir()
    return folder


def _build(site: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["--site", str(site), "build", "--today", "2026-11-23", "--out", str(out)])
    return code, capsys.readouterr().err


def _tree_text(out: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file())


def _outside_file(site: Path, name: str, text: str) -> Path:
    path = site.parent / "outside" / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("link, content", [
    ("content/stories/leak/index.md", f"---\ntitle: 泄露\ndate: 2026-11-01\n---\n{SECRET}\n"),
    ("content/pages/leak.md", f"---\ntitle: 泄露\n---\n{SECRET}\n"),
    ("calendars/leak.yaml", f"centre:\n  id: leak\n  name: {SECRET}\n  address: x\nactivities: []\n"),
])
def test_a_source_linking_out_of_the_site_is_an_error_naming_it(site, capsys, link, content):
    out = site.parent / "out"
    assert _build(site, out, capsys)[0] == 0
    before = _tree_text(out)
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(_outside_file(site, "x", content), site / link)
    code, err = _build(site, out, capsys)
    assert code == 1
    assert f"{link}: error:" in err and "网站文件夹以外" in err
    assert SECRET not in _tree_text(out) and _tree_text(out) == before  # previous site untouched


def test_site_yaml_linking_out_is_an_error(site, capsys):
    outside = _outside_file(site, "site.yaml", (site / "site.yaml").read_text(encoding="utf-8"))
    (site / "site.yaml").unlink()
    os.symlink(outside, site / "site.yaml")
    code, err = _build(site, site.parent / "out", capsys)
    assert code == 1 and "site.yaml: error:" in err and "网站文件夹以外" in err


def test_a_photo_linking_out_is_an_error_and_never_copied(site, capsys):
    outside = site.parent / "outside" / "secret.jpg"
    Image.new("RGB", (40, 30), "blue").save(outside)
    os.symlink(outside, site / "content/stories/first/photo.jpg")
    story = site / "content/stories/first/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\n![照片](photo.jpg)\n", encoding="utf-8")
    code, err = _build(site, site.parent / "out", capsys)
    assert code == 1 and "content/stories/first/index.md:" in err and "photo.jpg" in err
    assert "网站文件夹以外" in err and not (site.parent / "out").exists()


def test_a_theme_file_linking_out_is_an_error(site, capsys):
    static = site / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    os.symlink(_outside_file(site, "x.css", SECRET), static / "extra.css")
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("theme: mine\n")
    code, err = _build(site, site.parent / "out", capsys)
    assert code == 1 and "themes/mine/static/extra.css: error:" in err
    assert not (site.parent / "out").exists()


@pytest.mark.parametrize("theme", ["/etc", "../x", "a/b", "..", "~root"])
def test_theme_is_a_name_not_a_path(site, capsys, theme):
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(f"theme: '{theme}'\n")
    code, err = _build(site, site.parent / "out", capsys)
    assert code == 1 and "site.yaml:" in err and "不能是路径" in err


@pytest.mark.parametrize("dest", ["../escape.html", "/tmp/abs.html", "a/../../b.html", "a\0b", "", "a//b",
                                  "C:/x", "a\\..\\b"])
def test_the_writer_refuses_destinations_outside_out(tmp_path, dest):
    with pytest.raises(OutputError, match="不在输出文件夹里"):
        write_output([Artifact("index.html", b"ok"), Artifact(dest, b"x")], tmp_path / "out")
    assert not (tmp_path / "out").exists() and not (tmp_path / "escape.html").exists()


def test_an_svg_photo_with_script_is_refused_a_plain_one_kept(site, capsys):
    story = site / "content/stories/first/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\n![图](map.svg)\n", encoding="utf-8")
    svg = site / "content/stories/first/map.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    code, err = _build(site, site.parent / "out", capsys)
    assert code == 1 and "map.svg" in err and "脚本" in err
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    assert _build(site, site.parent / "out", capsys)[0] == 1
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>',
                   encoding="utf-8")
    assert _build(site, site.parent / "out", capsys)[0] == 0
    page = next(p for p in (site.parent / "out" / "stories").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<img src="' in page and "map" in page and "<svg" not in page  # only ever as <img>


# --- no hangs: each pathological input finishes (or fails with its place) well under 10 s ---

def _timed_check(site: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sitegen", "--site", str(site), "check", "--today", "2026-11-23"],
                            capture_output=True, text=True, timeout=10, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    return result, time.perf_counter() - started


@pytest.mark.parametrize("body, expect", [
    ("[" * 20000, "嵌套得太深"),
    ("[" * 5000 + "]" * 5000, "嵌套得太深"),
    ("[(" * 10000, "嵌套得太深"),
    (">" * 20000 + " 引", "嵌套得太深"),
    ("".join("    " * i + "- 项\n" for i in range(120)), "嵌套得太深"),
    ("<div>" * 9000, "嵌套得太深"),
    ("".join(f"脚注[^{i}]\n\n[^{i}]: 注\n\n" for i in range(3000)), "超过了"),
    ("字" * 200_000, "超过了"),
])
def test_pathological_markdown_is_bounded(site, body, expect):
    story = site / "content/stories/first/index.md"
    story.write_text("---\ntitle: 病态\ndate: 2026-11-01\n---\n" + body + "\n", encoding="utf-8")
    result, seconds = _timed_check(site)
    assert "Traceback" not in result.stderr
    assert "content/stories/first/index.md:5:1:" in result.stderr and expect in result.stderr, result.stderr[-500:]
    assert seconds < 10


@pytest.mark.parametrize("yaml_text, expect", [
    ("centre: " + "[" * 20000 + "]" * 20000 + "\n", "nested more than"),
    ('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
     + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)),
     "expand to more than"),
])
def test_yaml_bombs_are_located_errors(site, yaml_text, expect):
    (site / "calendars" / "bomb.yaml").write_text(yaml_text, encoding="utf-8")
    result, seconds = _timed_check(site)
    assert result.returncode == 1 and "calendars/bomb.yaml:" in result.stderr and expect in result.stderr
    assert "Traceback" not in result.stderr and seconds < 10
