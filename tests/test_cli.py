"""Each user mistake, one small site per case under tests/sites/invalid/<case>/.

A case folder is laid over tests/sites/invalid/_base/ (a valid site) and holds `expected.txt`:
the exact error lines `sitegen build` must print. Every case must exit 1 and leave a previously
built output/ byte-for-byte intact.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.cli import main

INVALID = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))
TODAY = "2026-11-23"


def make_site(tmp_path: Path, case: str | None) -> Path:
    site = tmp_path / "site"
    shutil.copytree(INVALID / "_base", site)
    if case:
        shutil.copytree(INVALID / case, site, dirs_exist_ok=True)
        (site / "expected.txt").unlink()
    return site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_base_site_is_valid(tmp_path, capsys):
    site = make_site(tmp_path, None)
    assert main(["--site", str(site), "build", "--today", TODAY, "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "centres" / "base" / "haircut" / "index.html").is_file()


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_every_error_and_keeps_old_output(case, tmp_path, capsys):
    out = tmp_path / "out"
    good = make_site(tmp_path / "good", None)
    assert main(["--site", str(good), "build", "--today", TODAY, "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()

    site = make_site(tmp_path, case)
    status = main(["--site", str(site), "build", "--today", TODAY, "--out", str(out)])

    err = capsys.readouterr().err
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    reported = [line for line in err.splitlines() if ": error: " in line]
    assert status == 1
    assert reported == expected
    assert f"sitegen build：共 {len(expected)} 个错误；什么都没有写入，上一次生成的网站保持不变。" in err
    assert snapshot(out) == before


@pytest.mark.parametrize("case", CASES)
def test_check_reports_the_same_errors(case, tmp_path, capsys):
    site = make_site(tmp_path, case)
    assert main(["--site", str(site), "check", "--today", TODAY]) == 1
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in capsys.readouterr().err.splitlines() if ": error: " in line] == expected
    assert not (site / "output").exists()


def test_check_prints_warnings_and_succeeds(tmp_path, capsys):
    site = make_site(tmp_path, None)
    story = site / "content" / "stories" / "hello"
    Image.new("RGB", (40, 30), "white").save(story / "cover.jpg")
    text = (story / "index.md").read_text(encoding="utf-8").replace("date:", "cover: cover.jpg\ndate:")
    (story / "index.md").write_text(text, encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", TODAY]) == 0
    captured = capsys.readouterr()
    assert "content/stories/hello/index.md:3:8: warning: 封面照片没有“cover_alt”" in captured.err
    assert "no errors, 1 warning(s)" in captured.out


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path, capsys):
    site = make_site(tmp_path, None)
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    assert main(["--site", str(site), "build", "--today", TODAY, "--out", str(precious)]) == 1
    assert "was not built by sitegen" in capsys.readouterr().err
    assert (precious / "letter.txt").read_text() == "keep me"


def test_bad_today_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--site", str(tmp_path), "build", "--today", "23/11/2026"])
    assert exit_info.value.code == 2
    assert "'23/11/2026' is not a date; write YYYY-MM-DD" in capsys.readouterr().err


def test_missing_site_yaml_names_the_fix(tmp_path, capsys):
    assert main(["--site", str(tmp_path), "build", "--today", TODAY, "--out", str(tmp_path / "o")]) == 1
    assert f"site.yaml: error: {tmp_path} 里没有 site.yaml；请在网站文件夹里运行 sitegen" in capsys.readouterr().err


COMMON_MISTAKES = ["indentation", "fullwidth-colon", "story-date", "time-of-day", "front-matter", "photo-wrong-case",
                   "centre-id", "unquoted-on", "tab", "duplicate-id"]


@pytest.mark.parametrize("case", COMMON_MISTAKES)
def test_messages_follow_the_sites_language(case, tmp_path, capsys):
    """The fixtures are a zh-CN site (the default): Chinese messages. With 'language: en' the same
    mistakes are reported in English, with no Chinese punctuation."""
    site = make_site(tmp_path, case)
    assert main(["--site", str(site), "check", "--today", TODAY]) == 1
    chinese = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert chinese and all(re.search("[；。（）“”]", line) for line in chinese), chinese

    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", TODAY]) == 1
    english = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in english] == [line.split(": error: ")[0] for line in chinese]
    assert all(not re.search("[；。（）“”]", line.split(": error: ")[1]) for line in english), english


def test_a_syntax_error_in_site_yaml_is_worded_in_the_language_it_names(tmp_path, capsys):
    site = make_site(tmp_path, None)
    (site / "site.yaml").write_text("title: t\nlanguage: en\nbase_url: https://t.example/\n\tdescription: x\n",
                                    encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", TODAY]) == 1
    assert "site.yaml:4:1: error: this line is indented with a Tab" in capsys.readouterr().err


def test_missing_holiday_data_is_one_warning_per_year(tmp_path, capsys):
    site = make_site(tmp_path, None)
    schedule = site / "calendars" / "base.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8") + "    skip: holidays\n"
                        "  - {id: chess, title: 象棋, category: 文化, repeat: {every: month, on: 15}, "
                        "from: 2026-09-01, skip: holidays}\n", encoding="utf-8")
    assert main(["--site", str(site), "check", "--today", "2026-12-02"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    # the window ends 2028-01-06: both activities run into 2027 and 2028, one line per year
    assert [w.split("：")[0] for w in warnings] == ["site.yaml: warning: 2027 年的法定节假日数据缺失",
                                                   "site.yaml: warning: 2028 年的法定节假日数据缺失"]
    assert all("2 项活动受影响（base/haircut、base/chess）" in w for w in warnings)
