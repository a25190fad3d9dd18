"""The benchmark corpus (benchmarks/corpus.py) is what vs_peers.py promises: the same seed gives the
same bytes, so two machines measure the same site, and its stories build with sitegen as they are."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import corpus  # noqa: E402
import vs_peers  # noqa: E402

from sitegen.build import build  # noqa: E402


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_another_seed_other_stories(tmp_path):
    first = tree(corpus.make_corpus(tmp_path / "a", 3, seed=7))
    assert first == tree(corpus.make_corpus(tmp_path / "b", 3, seed=7))
    other = tree(corpus.make_corpus(tmp_path / "c", 3, seed=8))
    story = "content/stories/story-000000/index.md"
    assert other[story] != first[story]


def test_stories_are_long_chinese_with_one_or_two_photos_and_some_tags():
    for number in range(20):
        item = corpus.story(number)
        assert len(item["body"]) >= corpus.TARGET_CHARS
        assert 1 <= len(item["photos"]) <= 2 and 1 <= len(item["fields"]["tags"]) <= 3
        assert all(data[:3] == b"\xff\xd8\xff" for data in item["photos"].values())  # JPEG


def test_front_matter_reads_back_as_written_for_the_peers():
    """Pelican's copy is made by reading the front matter back: it must give the same fields."""
    for number in range(20):
        fields = corpus.story(number)["fields"]
        read, body = vs_peers.split_front_matter(corpus.front_matter(fields) + "正文\n")
        assert read == fields and body == "正文\n"


def test_the_corpus_builds_with_sitegen_and_every_story_has_its_page(tmp_path):
    site = corpus.make_corpus(tmp_path / "site", 2)
    out = tmp_path / "out"
    result = build(site, out, dt.date(2026, 11, 23), cache_dir=None)
    assert all(p.severity != "error" for p in result.warnings)
    for number in range(2):
        item = corpus.story(number)
        page = (out / "stories" / item["fields"]["slug"] / "index.html").read_text(encoding="utf-8")
        assert item["fields"]["title"] in page
