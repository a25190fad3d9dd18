"""The only writer: a whole new site swapped in at once, never a half-written or foreign folder."""
from __future__ import annotations

import os

import pytest

from sitegen.model import Artifact
from sitegen.output import MARKER, OutputError, clean_leftovers, write_output


def test_writes_files_and_replaces_the_old_site_entirely(tmp_path):
    out = tmp_path / "output"
    write_output([Artifact("index.html", b"one"), Artifact("old/page.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"one" and (out / MARKER).exists()
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg")
    assert write_output([Artifact("index.html", b"two"), Artifact("a/b.jpg", copy_from=str(source))], out) == 2
    assert (out / "index.html").read_bytes() == b"two" and (out / "a/b.jpg").read_bytes() == b"jpeg"
    assert not (out / "old").exists()  # stale files from the previous build are gone
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_a_failure_midway_leaves_the_previous_site_intact(tmp_path):
    out = tmp_path / "output"
    write_output([Artifact("index.html", b"good")], out)
    with pytest.raises(FileNotFoundError):
        write_output([Artifact("index.html", b"new"), Artifact("x.jpg", copy_from=str(tmp_path / "nope"))], out)
    assert (out / "index.html").read_bytes() == b"good"
    with pytest.raises(RuntimeError):
        write_output([Artifact("index.html", b"new")], out, finish=lambda folder: (_ for _ in ()).throw(RuntimeError()))
    assert (out / "index.html").read_bytes() == b"good"


def test_refuses_foreign_folders_and_clashing_paths(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("keep")
    with pytest.raises(OutputError, match="was not built by sitegen"):
        write_output([Artifact("index.html", b"x")], mine)
    assert (mine / "letter.txt").read_text() == "keep"
    with pytest.raises(OutputError, match="two files want to be written to a.html"):
        write_output([Artifact("a.html", b"1"), Artifact("a.html", b"2")], tmp_path / "out")


def test_an_interrupted_build_is_cleaned_up_by_the_next_one(tmp_path):
    out = tmp_path / "output"
    write_output([Artifact("index.html", b"good")], out)
    dead = tmp_path / ".output.staging-999999999"  # a build killed mid-way (no such process)
    (dead / "half").mkdir(parents=True)
    mine = tmp_path / f".output.old-{os.getpid()}"
    mine.mkdir()
    alive = tmp_path / f".output.staging-{os.getppid()}"  # another build still running: left alone
    alive.mkdir()
    write_output([Artifact("index.html", b"new")], out)
    assert not dead.exists() and not mine.exists() and alive.exists()
    assert (out / "index.html").read_bytes() == b"new"


def test_a_build_killed_between_its_two_renames_gets_the_previous_site_back(tmp_path):
    out = tmp_path / "output"
    write_output([Artifact("index.html", b"good")], out)
    os.replace(out, tmp_path / ".output.old-999999999")
    clean_leftovers(out)
    assert (out / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
