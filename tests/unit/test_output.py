"""sitegen.output: the only writer; the new site replaces the old one whole, or not at all."""
from __future__ import annotations

from pathlib import Path

import pytest
from sitegen.model import Artifact
from sitegen.output import MARKER, OutputError, write_output


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_writes_bytes_and_copies_files(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8jpeg")
    out = tmp_path / "out"
    count = write_output([
        Artifact("index.html", "<p>你好</p>".encode()),
        Artifact("stories/a/index.html", b"story"),
        Artifact("stories/a/photo.jpg", copy_from=str(source)),
        Artifact("empty.txt"),
    ], out)
    assert count == 4
    assert files_in(out) == {
        "index.html": "<p>你好</p>".encode(),
        "stories/a/index.html": b"story",
        "stories/a/photo.jpg": b"\xff\xd8jpeg",
        "empty.txt": b"",
        MARKER: (out / MARKER).read_bytes(),
    }
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_replaces_the_old_folder_entirely(tmp_path):
    out = tmp_path / "out"
    write_output([Artifact("old.html", b"old"), Artifact("stale/page.html", b"x"), Artifact("keep.html", b"1")], out)
    write_output([Artifact("keep.html", b"2"), Artifact("new.html", b"new")], out)
    assert sorted(files_in(out)) == sorted([MARKER, "keep.html", "new.html"])
    assert (out / "keep.html").read_bytes() == b"2"
    assert not (out / "stale").exists()


def test_refuses_a_non_empty_folder_it_did_not_make(tmp_path):
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match="not built by sitegen"):
        write_output([Artifact("index.html", b"x")], out)
    assert files_in(out) == {"thesis.docx": b"precious"}


def test_an_empty_existing_folder_is_fine(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_output([Artifact("index.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"x" and (out / MARKER).is_file()


def test_failure_mid_write_leaves_the_old_output_intact(tmp_path):
    out = tmp_path / "out"
    write_output([Artifact("index.html", b"old"), Artifact("a.html", b"a")], out)
    before = files_in(out)
    with pytest.raises(FileNotFoundError):
        write_output([Artifact("index.html", b"new"),
                      Artifact("photo.jpg", copy_from=str(tmp_path / "missing.jpg")),
                      Artifact("later.html", b"later")], out)
    assert files_in(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # staging cleaned up


def test_failure_in_finish_leaves_the_old_output_intact(tmp_path):
    out = tmp_path / "out"
    write_output([Artifact("index.html", b"old")], out)
    seen = []

    def finish(folder: Path):
        seen.append(files_in(folder))
        raise RuntimeError("search index failed")

    with pytest.raises(RuntimeError):
        write_output([Artifact("index.html", b"new")], out, finish=finish)
    assert seen and seen[0]["index.html"] == b"new"  # finish saw the complete new site
    assert (out / "index.html").read_bytes() == b"old"


def test_duplicate_destinations_are_rejected_before_writing(tmp_path):
    out = tmp_path / "out"
    write_output([Artifact("index.html", b"old")], out)
    with pytest.raises(OutputError, match="feeds/all.ics"):
        write_output([Artifact("feeds/all.ics", b"1"), Artifact("index.html", b"new"),
                      Artifact("feeds/all.ics", b"2")], out)
    assert (out / "index.html").read_bytes() == b"old"


@pytest.mark.parametrize("dest", ["/etc/passwd", "../outside.html"])
def test_destinations_outside_the_folder_are_rejected(tmp_path, dest):
    with pytest.raises(OutputError):
        write_output([Artifact(dest, b"x")], tmp_path / "out")
    assert not (tmp_path / "outside.html").exists()
