"""`sitegen new site|story|activity`: what staff get builds at once, explains itself in Chinese,
and never overwrites or reformats a file they wrote."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.cli import main, make_parser
from sitegen.schedules import ACTIVITY_FIELDS

TODAY = "2026-11-23"
CJK = re.compile(r"[\u4e00-\u9fff]")
INVALID_BASE = Path(__file__).parent / "sites" / "invalid" / "_base"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("new") / "高仓街道"
    assert main(["new", "site", str(site), "--today", TODAY]) == 0
    return site


def build(capsys, site: Path, out: Path) -> str:
    status, _, err = run(capsys, "--site", str(site), "build", "--today", TODAY, "--out", str(out))
    assert status == 0, err
    return err


def test_a_new_site_builds_at_once_without_errors_or_warnings(new_site, tmp_path, capsys):
    err = build(capsys, new_site, tmp_path / "out")
    assert "warning" not in err and "error" not in err
    out = tmp_path / "out"
    assert (out / "index.html").is_file() and (out / "static" / "site.css").is_file()
    for page in ("centres/xingfuli", "centres/xingfuli/haircut", "centres/xingfuli/health-talk",
                 "stories/welcome", "about"):
        assert (out / page / "index.html").is_file(), page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "爱心义剪" in home  # the weekly activity is on the home page's next seven days
    monthly = (out / "centres/xingfuli/health-talk/index.html").read_text(encoding="utf-8")
    assert "每月第二个周四" in monthly and "12月10日" in monthly  # the second Thursday after --today
    story = (out / "stories/welcome/index.html").read_text(encoding="utf-8")
    assert "幸福里社区党群服务中心的大楼" in story
    published = re.findall(r'src="([^"]*photo-\d+\.[0-9a-f]+\.jpg)"', story)  # the resized, metadata-free copy
    assert published and all((out / "stories/welcome" / src).is_file() for src in published)


def test_the_new_sites_files_are_the_promised_ones(new_site):
    files = sorted(p.relative_to(new_site).as_posix() for p in new_site.rglob("*")
                   if p.is_file() and ".sitegen-cache" not in p.parts)  # the photo cache, git-ignored
    assert files == [".gitignore", "README.md", "calendars/xingfuli.yaml", "content/pages/about.md",
                     "content/stories/welcome/index.md", "content/stories/welcome/photo.jpg", "site.yaml"]
    gitignore = (new_site / ".gitignore").read_text(encoding="utf-8").split()
    assert "output/" in gitignore and ".sitegen-cache/" in gitignore
    readme = (new_site / "README.md").read_text(encoding="utf-8")
    assert "sitegen new story" in readme and "sitegen new activity xingfuli" in readme and "预览" in readme
    schedule = (new_site / "calendars/xingfuli.yaml").read_text(encoding="utf-8")
    assert f"updated: {TODAY}" in schedule and "{every: week, on: tuesday}" in schedule
    assert "{every: month, on: 2nd thursday}" in schedule
    assert f"date: {TODAY}" in (new_site / "content/stories/welcome/index.md").read_text(encoding="utf-8")


def test_the_photo_is_a_small_jpeg_without_camera_metadata(new_site):
    path = new_site / "content/stories/welcome/photo.jpg"
    with Image.open(path) as photo:
        assert photo.format == "JPEG" and photo.size == (960, 640)
        assert len(photo.getexif()) == 0  # no GPS, device or time
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize("name", ["site.yaml", "calendars/xingfuli.yaml", "content/stories/welcome/index.md",
                                  "content/pages/about.md"])
def test_every_field_is_explained_in_a_chinese_comment_before_its_first_use(new_site, name):
    lines = (new_site / name).read_text(encoding="utf-8").splitlines()
    if name.endswith(".md"):
        lines = lines[1:lines.index("---", 1)]  # the front matter
    explained_before: set[str] = set()
    comment_seen = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            comment_seen = comment_seen or bool(CJK.search(stripped))
            for key in re.findall(r"#\s*([a-z_]+):", stripped):  # '# until: ...' documents 'until'
                explained_before.add(key)
            continue
        match = re.match(r"\s*(?:-\s+)?([a-z_]+):", line)
        if not match or match.group(1) in explained_before:
            comment_seen = False
            continue
        assert comment_seen, f"{name}: '{match.group(1)}' has no Chinese comment above it"
        explained_before.add(match.group(1))
        comment_seen = False


def test_a_new_site_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    status, out, err = run(capsys, "new", "site", str(folder))
    assert status == 1 and out == ""
    assert "已经存在而且不是空的" in err and "不会覆盖" in err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_new_site_refuses_a_file_and_accepts_an_empty_folder(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    status, _, err = run(capsys, "new", "site", str(tmp_path / "file"))
    assert status == 1 and "是一个文件，不是文件夹" in err
    (tmp_path / "empty").mkdir()
    status, out, _ = run(capsys, "new", "site", str(tmp_path / "empty"), "--today", TODAY)
    assert status == 0 and "已新建网站" in out and (tmp_path / "empty" / "site.yaml").is_file()
    assert f"sitegen --site {tmp_path / 'empty'} serve" in out


@pytest.fixture
def site(new_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(new_site, copy)
    return copy


def test_a_new_story_builds_and_shows_on_the_story_list(site, tmp_path, capsys):
    status, out, _ = run(capsys, "--site", str(site), "new", "story", "社区义诊进小区", "--today", TODAY)
    path = site / "content/stories" / f"{TODAY}-she-qu-yi-zhen-jin-xiao-qu.md"
    assert status == 0 and path.relative_to(site).as_posix() in out
    text = path.read_text(encoding="utf-8")
    assert "title: 社区义诊进小区\n" in text and f"date: {TODAY}\n" in text
    assert "centres: [xingfuli]\n" in text  # the site's only centre
    assert "# authors: [姓名]" in text and "通讯员" in text and "# photographers:" in text and "摄影" in text
    assert "slug: she-qu-yi-zhen-jin-xiao-qu\n" in text
    err = build(capsys, site, tmp_path / "out")
    assert "warning" not in err
    listing = (tmp_path / "out/stories/index.html").read_text(encoding="utf-8")
    assert "社区义诊进小区" in listing and 'stories/she-qu-yi-zhen-jin-xiao-qu/"' in listing
    assert "在这里写正文" in (tmp_path / "out/stories/she-qu-yi-zhen-jin-xiao-qu/index.html").read_text(encoding="utf-8")


def test_a_new_story_refuses_an_existing_file(site, capsys):
    assert run(capsys, "--site", str(site), "new", "story", "冬至包饺子", "--today", TODAY)[0] == 0
    path = site / "content/stories" / f"{TODAY}-dong-zhi-bao-jiao-zi.md"
    path.write_text(path.read_text(encoding="utf-8") + "我写的正文。\n", encoding="utf-8")
    before = path.read_bytes()
    status, _, err = run(capsys, "--site", str(site), "new", "story", "冬至包饺子", "--today", TODAY)
    assert status == 1 and "已经存在" in err and "不会覆盖" in err
    assert path.read_bytes() == before


def test_a_title_yaml_would_misread_is_quoted(site, tmp_path, capsys):
    for title in ("通知: 周六 #停水 [重要]", "2026-12-01", "12345"):
        assert run(capsys, "--site", str(site), "new", "story", title, "--today", TODAY)[0] == 0
    build(capsys, site, tmp_path / "out")
    listing = (tmp_path / "out/stories/index.html").read_text(encoding="utf-8")
    assert "通知: 周六 #停水 [重要]" in listing and ">2026-12-01<" in listing and ">12345<" in listing


def test_new_story_checks_the_centre_with_a_did_you_mean(site, capsys):
    status, out, err = run(capsys, "--site", str(site), "new", "story", "标题", "--centre", "xingfu")
    assert status == 1 and out == ""
    assert "没有 id 为“xingfu”的中心，是不是要写 xingfuli？" in err
    assert not list((site / "content/stories").glob("*.md"))


def test_new_story_speaks_the_sites_language_and_lists_centres_when_there_are_several(site, capsys):
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: zh-CN", "language: en"), encoding="utf-8")
    (site / "calendars/second.yaml").write_text("centre: {id: second, name: 第二中心}\n", encoding="utf-8")
    status, _, err = run(capsys, "--site", str(site), "new", "story", "Title", "--centre", "secnd")
    assert status == 1 and "there is no centre 'secnd' (did you mean second?); centres: second, xingfuli" in err
    status, out, _ = run(capsys, "--site", str(site), "new", "story", "Open day", "--today", TODAY)
    assert status == 0 and out.startswith("New story: content/stories/2026-11-23-open-day.md")
    text = (site / "content/stories/2026-11-23-open-day.md").read_text(encoding="utf-8")
    assert "# centres: [second]" in text and "已有的中心：second、xingfuli" in text


def test_new_commands_outside_a_site_say_so(tmp_path, capsys):
    status, _, err = run(capsys, "--site", str(tmp_path), "new", "activity", "liuan")
    assert status == 1 and "没有 site.yaml" in err and "--site" in err


def test_a_new_activity_is_appended_and_gets_its_own_page(site, tmp_path, capsys):
    schedule = site / "calendars/xingfuli.yaml"
    before = schedule.read_bytes()
    status, out, _ = run(capsys, "--site", str(site), "new", "activity", "xingfuli", "--today", TODAY)
    assert status == 0 and "new-activity" in out and "calendars/xingfuli.yaml" in out
    after = schedule.read_bytes()
    assert after.startswith(before)  # every comment and line staff wrote is still there, untouched
    added = after[len(before):].decode("utf-8")
    assert "\n  - id: new-activity\n" in added and "\n    title: 新活动" in added and "# 活动的 id" in added
    line = int(re.search(r"第 (\d+) 行", out).group(1))
    assert schedule.read_text(encoding="utf-8").splitlines()[line - 1] == "  - id: new-activity"
    assert run(capsys, "--site", str(site), "new", "activity", "xingfuli", "--today", TODAY)[0] == 0
    assert "  - id: new-activity-2\n" in schedule.read_text(encoding="utf-8")
    err = build(capsys, site, tmp_path / "out")
    assert "warning" not in err
    for activity in ("new-activity", "new-activity-2", "haircut"):
        assert (tmp_path / "out/centres/xingfuli" / activity / "index.html").is_file()
    page = (tmp_path / "out/centres/xingfuli/new-activity/index.html").read_text(encoding="utf-8")
    assert "新活动（请改成活动名称）" in page and "每周三" in page


def test_the_activity_templates_optional_fields_are_valid_once_uncommented(site, tmp_path, capsys):
    schedule = site / "calendars/xingfuli.yaml"
    start = len(schedule.read_text(encoding="utf-8"))
    assert run(capsys, "--site", str(site), "new", "activity", "xingfuli", "--today", TODAY)[0] == 0
    text = schedule.read_text(encoding="utf-8")
    fields = "|".join(ACTIVITY_FIELDS)
    template = re.sub(rf"^(\s*)# ((?:{fields}):.*|  \d{{4}}-\d\d-\d\d: .*)$", r"\1\2", text[start:], flags=re.M)
    uncommented = set(re.findall(r"^    ([a-z_]+):", template, re.M))
    assert {"until", "location", "audience", "skip", "cancel", "move", "description", "signup", "contact",
            "capacity"} <= uncommented
    schedule.write_text(text[:start] + template, encoding="utf-8")
    status, _, err = run(capsys, "--site", str(site), "check", "--today", TODAY)
    assert status == 0, err
    assert ": error:" not in err


def test_new_activity_keeps_the_files_own_indentation_and_line_endings(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(INVALID_BASE, site)
    schedule = site / "calendars/base.yaml"
    original = ("# 我们中心的日程\r\ncentre: {id: base, name: 基础中心}\r\nactivities:\r\n"
                "- id: haircut    # 每周二\r\n  title: 爱心义剪\r\n  category: 便民服务\r\n"
                "  repeat: {every: week, on: tuesday}\r\n  from: 2026-09-01").encode("utf-8")
    schedule.write_bytes(original)
    assert run(capsys, "--site", str(site), "new", "activity", "base", "--today", TODAY)[0] == 0
    after = schedule.read_bytes()
    assert after.startswith(original)
    assert b"\r\n- id: new-activity\r\n" in after and b"\r\n  title: " in after[len(original):] and b"\n" not in after.replace(b"\r\n", b"")
    status, _, err = run(capsys, "--site", str(site), "check", "--today", TODAY)
    assert status == 0, err


def test_new_activity_adds_the_list_when_a_centre_has_none(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(INVALID_BASE, site)
    (site / "content/stories/hello/index.md").write_text("---\ntitle: 你好\ndate: 2026-10-01\n---\n正文。\n",
                                                         encoding="utf-8")
    (site / "calendars/base.yaml").write_text("centre:\n  id: base\n  name: 基础中心\n", encoding="utf-8")
    assert run(capsys, "--site", str(site), "new", "activity", "base", "--today", TODAY)[0] == 0
    assert "\nactivities:\n" in (site / "calendars/base.yaml").read_text(encoding="utf-8")
    assert run(capsys, "--site", str(site), "check", "--today", TODAY)[0] == 0


def test_new_activity_writes_nothing_where_appending_would_break_the_file(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(INVALID_BASE, site)
    schedule = site / "calendars/base.yaml"
    text = ("activities:\n  - id: haircut\n    title: 爱心义剪\n    category: 便民服务\n    date: 2026-12-01\n"
            "centre: {id: base, name: 基础中心}\n")
    schedule.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "--site", str(site), "new", "activity", "base", "--today", TODAY)
    assert status == 1 and "无法自动把活动加到 calendars/base.yaml" in err and "docs/schedules.md" in err
    assert schedule.read_text(encoding="utf-8") == text


def test_a_schedule_with_a_yaml_mistake_is_named_rather_than_its_centre_called_unknown(site, capsys):
    schedule = site / "calendars/xingfuli.yaml"
    broken = schedule.read_text(encoding="utf-8").replace("    location: 一楼便民服务大厅", "    location：一楼便民服务大厅")
    schedule.write_text(broken, encoding="utf-8")
    status, _, err = run(capsys, "--site", str(site), "new", "activity", "xingfuli")
    assert status == 1 and "calendars/xingfuli.yaml 现在有错误" in err and "sitegen check" in err
    assert schedule.read_text(encoding="utf-8") == broken


def test_new_activity_checks_the_centre_with_a_did_you_mean(site, capsys):
    before = (site / "calendars/xingfuli.yaml").read_bytes()
    status, _, err = run(capsys, "--site", str(site), "new", "activity", "xingfuly")
    assert status == 1 and "是不是要写 xingfuli？" in err
    assert (site / "calendars/xingfuli.yaml").read_bytes() == before


def test_every_sitegen_new_command_in_the_docs_is_a_real_command():
    root = Path(__file__).resolve().parent.parent
    shown = []
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md")), root / "sitegen/skeleton/README.md"]:
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S):
            shown += [line.split("#")[0].split() for line in block.splitlines() if "sitegen new" in line]
    assert {words[2] for words in shown} == {"site", "story", "activity"}
    for words in shown:
        make_parser().parse_args(words[1:])  # exits (fails the test) on an unknown command or option
