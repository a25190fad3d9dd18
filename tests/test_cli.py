"""Each user mistake, one small site per case under tests/sites/invalid/<case>/.

A case folder is laid over tests/sites/invalid/_base/ (a valid site) and holds `expected.txt`:
the exact error lines `sitegen build` must print. Every case must exit 1 and leave a previously
built output/ byte-for-byte intact.
"""
from __future__ import annotations

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
    assert f"{len(expected)} error(s)" in err
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
    assert "content/stories/hello/index.md:3:8: warning: the cover has no 'cover_alt'" in captured.err
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
    assert "site.yaml: error: no site.yaml in" in capsys.readouterr().err
