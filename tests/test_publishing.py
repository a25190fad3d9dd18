"""Scheduled publishing: a story with a later date or 'publish:' day, or past its 'expires:' day,
is absent from every file of the built site (pages, lists, tags, centre and activity pages, Atom,
sitemap, the search index), and links to it become plain text with a warning."""
from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.config import SiteConfig
from sitegen.site import _linked_story_slug

SITE = Path(__file__).parent / "sites" / "scheduled"
# what gives each story away: its title, its slug (address) and a tag only it has
GALA = ("迎新年联欢晚会节目单", "ying-xin-nian-gala", "迎新年专题")       # date 2026-12-10
EMBARGO = ("表彰名单暂不公开", "honour-roll-embargo", "表彰专题")          # date 11-05, publish 12-01
WATER = ("小区临时停水通知", "water-off-notice")                          # date 11-20, expires 11-26


def output_text(folder: Path) -> dict[str, str]:
    """Every built file as text, the search index's gzip files unpacked, so grep sees them too."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            files[path.relative_to(folder).as_posix()] = data.decode("utf-8", "replace")
    return files


def files_mentioning(files: dict[str, str], words) -> list[str]:
    return sorted(name for name, text in files.items() if any(w in text for w in words))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    result = {}
    for today in ("2026-11-23", "2026-12-05", "2026-12-15"):
        out = tmp_path_factory.mktemp(today) / "out"
        warnings = build(SITE, out, dt.date.fromisoformat(today)).warnings
        result[today] = (output_text(out), [str(w) for w in warnings])
    return result


def test_a_story_dated_after_today_is_in_no_output_file(builds):
    files, _ = builds["2026-11-23"]
    assert "stories/yi-jian-fu-wu-zou-jin-xiao-qu/index.html" in files  # the build did run
    assert files_mentioning(files, GALA) == []


def test_a_story_with_a_later_publish_day_is_in_no_output_file(builds):
    assert files_mentioning(builds["2026-11-23"][0], EMBARGO) == []


def test_stories_appear_everywhere_once_today_reaches_them(builds):
    files, _ = builds["2026-12-15"]
    gala = files_mentioning(files, GALA[:1])
    for where in ("index.html", "stories/index.html", "stories/ying-xin-nian-gala/index.html",
                  "centres/town/index.html", "centres/town/haircut/index.html", "feeds/stories.xml",
                  "tags/ying-xin-nian-zhuan-ti/index.html"):
        assert where in gala, where
    assert "https://sched.example.org/town/stories/ying-xin-nian-gala/" in files["sitemap.xml"]
    assert any(name.startswith("pagefind/fragment/") for name in gala)  # the search index has it
    assert files_mentioning(files, EMBARGO[:1])


def test_publish_day_counts_not_the_date(builds):
    """Dated 11-05 but 'publish: 2026-12-01': still hidden on 11-23, online on 12-05."""
    assert files_mentioning(builds["2026-11-23"][0], EMBARGO) == []
    assert "stories/honour-roll-embargo/index.html" in builds["2026-12-05"][0]


def test_an_expired_notice_is_gone_from_its_expires_day_on(builds):
    before, _ = builds["2026-11-23"]
    after, _ = builds["2026-12-15"]
    assert "stories/water-off-notice/index.html" in before
    assert "小区临时停水通知" in before["feeds/stories.xml"]
    assert files_mentioning(after, WATER) == []


def test_expires_day_itself_is_gone(tmp_path):
    out = tmp_path / "out"
    build(SITE, out, dt.date(2026, 11, 25))
    assert (out / "stories" / "water-off-notice" / "index.html").is_file()  # last day shown
    build(SITE, out, dt.date(2026, 11, 26))
    assert not (out / "stories" / "water-off-notice").exists()


def test_links_to_an_offline_story_become_text_with_a_warning(builds):
    files, warnings = builds["2026-11-23"]
    page = files["stories/yi-jian-fu-wu-zou-jin-xiao-qu/index.html"]
    assert "详见下个月的安排和全文" in page  # link text kept, the <a> dropped
    assert "ying-xin-nian-gala" not in page
    assert ("content/stories/report/index.md:7:21: warning: 这里链接到还没上线的文章“迎新年联欢晚会节目单”"
            "（2026-12-10 上线）；在那之前链接显示为普通文字") in warnings
    later_files, later_warnings = builds["2026-12-15"]
    later = later_files["stories/yi-jian-fu-wu-zou-jin-xiao-qu/index.html"]
    assert 'href="../ying-xin-nian-gala/"' in later
    assert "以及停水说明" in later and "water-off-notice" not in later  # expired: text again
    assert any(w.startswith("content/pages/about.md: warning: 这里链接到已下线的文章“小区临时停水通知”")
               for w in later_warnings)
    assert not any("还没上线" in w for w in later_warnings)


@pytest.mark.parametrize("href, slug", [
    ("../x-y/", "x-y"), ("../x-y", "x-y"), ("../x-y/index.html", "x-y"), ("../x-y/#top", "x-y"),
    ("/town/stories/x-y/", "x-y"), ("https://sched.example.org/town/stories/x-y/?a=1", "x-y"),
    ("../../stories/x-y/", "x-y"), ("https://other.example.org/town/stories/x-y/", None),
    ("/other/stories/x-y/", None), ("../x-y/photo.jpg", None), ("mailto:a@b.c", None),
    ("../../centres/town/", None),
])
def test_which_links_point_at_a_story(href, slug):
    config = SiteConfig("t", "https://sched.example.org/town/")
    assert _linked_story_slug(href, "stories/report/", config) == slug


def write_story(site: Path, front: str) -> Path:
    shutil.copytree(SITE, site)
    path = site / "content" / "stories" / "extra" / "index.md"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: 新文章\n{front}\n---\n\n正文。\n", encoding="utf-8")
    return path


def test_expires_not_after_the_online_day_is_an_error(tmp_path, capsys):
    write_story(tmp_path / "site", "date: 2026-11-10\npublish: 2026-11-20\nexpires: 2026-11-20")
    assert main(["--site", str(tmp_path / "site"), "check", "--today", "2026-11-23"]) == 1
    assert ("content/stories/extra/index.md:5:10: error: expires: 2026-11-20 不晚于上线日 2026-11-20，"
            "这篇文章永远不会显示") in capsys.readouterr().err


def test_publish_before_date_warns_that_the_date_wins(tmp_path, capsys):
    write_story(tmp_path / "site", "date: 2026-12-20\npublish: 2026-12-01")
    assert main(["--site", str(tmp_path / "site"), "check", "--today", "2026-11-23"]) == 0
    assert ("content/stories/extra/index.md:4:10: warning: publish: 2026-12-01 早于 date: 2026-12-20；"
            "文章不会早于它的日期上线") in capsys.readouterr().err


def test_bad_publish_and_expires_dates_are_errors_with_their_line(tmp_path, capsys):
    write_story(tmp_path / "site", "date: 2026-11-10\npublish: soon\nexpirse: 2026-12-01")
    assert main(["--site", str(tmp_path / "site"), "check", "--today", "2026-11-23"]) == 1
    err = capsys.readouterr().err
    assert "content/stories/extra/index.md:4:10: error: “publish”的值“soon”不是日期" in err
    assert "content/stories/extra/index.md:5:1: error: 故事开头的字段块里没有“expirse”这个字段（是不是想写“expires”？）" in err


def test_check_lists_stories_published_on_a_schedule(capsys):
    assert main(["--site", str(SITE), "check", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "定时上线或下线的文章（3 篇）：" in out
    assert "content/stories/gala-notice/index.md  迎新年联欢晚会节目单：2026-12-10 上线" in out
    assert "content/stories/water-notice/index.md  小区临时停水通知：2026-11-26 起下线" in out


def test_the_documented_example_and_ci_files_say_what_they_do():
    """docs/stories.md: the front matter example is online 21–25 November; the CI examples are YAML
    with a daily schedule."""
    import re

    import yaml

    from sitegen.model import Story

    text = (Path(__file__).resolve().parent.parent / "docs" / "stories.md").read_text(encoding="utf-8")
    example, github, gitlab = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)[:3]
    front = yaml.safe_load(example)
    story = Story("x.md", "x", front["title"], front["date"], "", "", publish=front["publish"],
                  expires=front["expires"])
    shown = [d for d in range(19, 28) if story.online_on(dt.date(2026, 11, d))]
    assert shown == [21, 22, 23, 24, 25]
    assert yaml.safe_load(github)[True]["schedule"] == [{"cron": "10 16 * * *"}]  # 'on' is True in YAML 1.1
    assert "schedule" in yaml.safe_load(gitlab)["pages"]["rules"][0]["if"]
    cron = re.search(r"^10 0 \* \* \* .*sitegen build", text, flags=re.M)
    assert cron
