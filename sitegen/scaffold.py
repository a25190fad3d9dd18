"""`sitegen new`: a working site, a story or an activity, written from commented templates.

Staff start from files that build at once and explain every field in Chinese comments, instead of
copying the example out of the code. Nothing existing is ever overwritten: a new site needs an empty
folder, a new story a free file name, and a new activity is appended as plain text to its schedule,
so the comments and layout staff wrote stay exactly as they were.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from PIL import Image, ImageDraw

from .config import CONFIG_FILE, SiteConfig, load_config
from .errors import ErrorCollector, SourceError
from .schedules import parse_schedule, read_schedules
from .sources import SCHEDULE_DIR, STORY_DIR, discover
from .stories import slugify
from .words import message
from .yamlsource import YList, YMap, load_yaml

SKELETON = Path(__file__).resolve().parent / "skeleton"  # package data: ships in the wheel
RENAMED = {"gitignore": ".gitignore"}  # dotfiles do not travel well as package data
PHOTO = "content/stories/welcome/photo.jpg"
NEW_SITE_LANGUAGE = "zh-CN"  # the skeleton is Chinese, so is what `new site` says


class ScaffoldError(Exception):
    """A reason not to write anything, already worded for staff."""


def new_site(folder: Path, today: dt.date, shown: str | None = None) -> str:
    """Copy the skeleton into ``folder`` (new or empty), dated ``today``; returns what to say."""
    shown = shown or str(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(message("new_site_not_folder", NEW_SITE_LANGUAGE, folder=shown))
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(message("new_site_not_empty", NEW_SITE_LANGUAGE, folder=shown))
    written = 0
    for source in sorted(p for p in SKELETON.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = source.relative_to(SKELETON)
        target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(source.read_text(encoding="utf-8"), today), encoding="utf-8")
        written += 1
    (folder / PHOTO).parent.mkdir(parents=True, exist_ok=True)
    draw_photo().save(folder / PHOTO, "JPEG", quality=85, optimize=True)
    return message("new_site_done", NEW_SITE_LANGUAGE, folder=_shell_word(shown), count=written + 1)


def _fill(text: str, today: dt.date) -> str:
    return text.replace("__TODAY__", today.isoformat())


def draw_photo() -> Image.Image:
    """A drawn 'photo' of a service centre: no camera, so no GPS, device or time in the file."""
    image = Image.new("RGB", (960, 640), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    for y in range(0, 504, 6):  # a sky lighter towards the horizon
        shade = 235 - y // 12
        draw.rectangle((0, y, 960, y + 6), fill=(150 + y // 10, 190 + y // 20, shade))
    draw.ellipse((780, 50, 880, 150), fill=(255, 236, 170))
    draw.rectangle((0, 500, 960, 640), fill=(120, 170, 100))
    draw.rectangle((250, 180, 710, 520), fill=(236, 228, 214), outline=(150, 120, 100), width=4)
    draw.rectangle((250, 160, 710, 200), fill=(190, 40, 40))  # the red sign band
    for row in range(3):
        for column in range(5):
            x, y = 285 + column * 85, 230 + row * 80
            draw.rectangle((x, y, x + 50, y + 45), fill=(120, 160, 200), outline=(90, 90, 90), width=2)
    draw.rectangle((440, 440, 520, 520), fill=(120, 80, 60))  # the door
    draw.line((720, 160, 720, 40), fill=(90, 90, 90), width=5)
    draw.polygon([(722, 40), (800, 60), (722, 82)], fill=(220, 30, 30))  # the flag
    for x in (120, 840):
        draw.rectangle((x - 8, 430, x + 8, 520), fill=(110, 80, 50))
        draw.ellipse((x - 60, 340, x + 60, 450), fill=(70, 140, 70))
    return image


def _shell_word(text: str) -> str:
    return f'"{text}"' if re.search(r"\s", text) else text


# ---------------------------------------------------------------- a story


def new_story(root: Path, title: str, centre: str | None, today: dt.date) -> str:
    """content/stories/<date>-<slug>.md with every front-matter field explained."""
    config, centres, unreadable = _site(root)
    language = config.language
    title = title.strip()
    if not title:
        raise ScaffoldError(message("empty_title", language))
    if centre is not None:
        _check_centre(centre, centres, language, unreadable)
    elif len(centres) == 1:
        centre = next(iter(centres))
    slug = slugify(title) or "story"
    path = root / STORY_DIR / f"{today.isoformat()}-{slug}.md"
    shown = path.relative_to(root).as_posix()
    if path.exists():
        raise ScaffoldError(message("story_exists", language, path=shown))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story_text(title, slug, centre, sorted(centres), today), encoding="utf-8")
    return message("new_story_done", language, path=shown)


def story_text(title: str, slug: str, centre: str | None, centres: list[str], today: dt.date) -> str:
    known = "、".join(centres) or "（还没有中心）"
    centre_line = f"centres: [{centre}]" if centre else f"# centres: [{centres[0] if centres else '中心id'}]"
    activity = f"{centre or (centres[0] if centres else '中心id')}/活动id"
    return f"""---
# 两行 --- 之间是这篇故事的信息，每项的含义写在它的上一行；以 # 开头的行是说明，不影响网站。
# 想用哪一项，就删掉它行首的 # 和空格。完整说明见 sitegen 的 docs/stories.md。

# 标题（必填）
title: {_yaml_text(title)}
# 副标题（可选）
# subtitle: 一句话补充
# 日期（必填），写成 年-月-日
date: {today.isoformat()}
# 通讯员（署名），几个人写成 [张三, 李四]
# authors: [姓名]
# 摄影（可选）
# photographers: [姓名]
# 这篇故事讲的是哪个中心，可以写几个；已有的中心：{known}
{centre_line}
# 相关的活动（可选）：中心id/活动id，见 calendars/ 里的日程文件
# activities: [{activity}]
# 标签，每个标签有自己的页面
# tags: [社区动态]
# 列表里显示的一句话简介（可选）；不写就用正文开头
# summary: 一句话简介
# 封面照片：和这个文件放在同一个文件夹（content/stories/）里的照片，再用一句话描述它
# cover: 照片.jpg
# cover_alt: 照片里是什么
# 正文里插入照片：照片也放在这个文件旁边，在正文中单独占一行，写成
#   ![照片里是什么](照片.jpg "▲ 照片下面的说明。")
# 网址：stories/{slug}/，由标题的拼音生成；发布以后不要再改，否则别人分享的链接会失效
slug: {slug}
# 写成 true 就暂时不发布这篇故事
# draft: true
---

在这里写正文。空一行就是新的一段。
"""


def _yaml_text(text: str) -> str:
    """A title as one YAML value: quoted when it holds characters YAML would read otherwise."""
    if (re.search(r"[:#\[\]{}&*!|>'\"%@`,]|^[-?\s]|\s$", text) or re.fullmatch(r"[\d.+-]+", text)
            or text.lower() in ("true", "false", "null", "~")):  # a number or a date stays text
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


# ---------------------------------------------------------------- an activity


def new_activity(root: Path, centre: str, today: dt.date) -> str:
    """Append a commented activity with a free id to the end of ``centre``'s schedule file."""
    config, centres, unreadable = _site(root)
    _check_centre(centre, centres, config.language, unreadable)
    src_path = centres[centre]
    path = root / src_path
    written = path.read_bytes().decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in written else "\n"  # the file's own line endings are kept
    text = written.replace("\r\n", "\n")
    before, after = ErrorCollector(), ErrorCollector()
    data = _schedule_data(text, src_path, before)
    if data is None:
        raise ScaffoldError(message("schedule_unreadable", config.language, path=src_path))
    ids = {str(item.get("id")) for item in (data.get("activities") or []) if isinstance(item, YMap)}
    activity_id, number = "new-activity", 2
    while activity_id in ids:
        activity_id, number = f"new-activity-{number}", number + 1
    addition = ("" if not text or text.endswith("\n") else "\n") + activity_block(
        text, activity_id, today, config.language)
    new_text = text + addition
    new_data = _schedule_data(new_text, src_path, after)
    # the template must come out as the file's last activity, adding no mistake: else write nothing
    parse_schedule(data, src_path, config, before)
    items = new_data.get("activities") if new_data is not None else None
    if new_data is not None:
        parse_schedule(new_data, src_path, config, after)
    if (not isinstance(items, YList) or not isinstance(items[-1] if items else None, YMap)
            or items[-1].get("id") != activity_id or len(after.errors) != len(before.errors)):
        raise ScaffoldError(message("activity_not_appendable", config.language, path=src_path))
    with path.open("ab") as handle:  # plain append: every byte already there stays as it was
        handle.write(addition.replace("\n", newline).encode("utf-8"))
    line = new_text[: new_text.index(f"id: {activity_id}\n", len(text))].count("\n") + 1
    return message("new_activity_done", config.language, path=src_path, id=activity_id, line=line)


def _schedule_data(text: str, src_path: str, errors: ErrorCollector) -> YMap | None:
    try:
        data = load_yaml(text, src_path, errors)
    except SourceError:  # not readable as YAML at all
        return None
    return data if isinstance(data, YMap) else None


def activity_block(text: str, activity_id: str, today: dt.date, language: str) -> str:
    """The template, indented like the file's own activities (or starting 'activities:')."""
    has_list = re.search(r"^activities:[ \t]*(?:#.*)?$", text, re.M)
    dash, gap = "  ", " "  # '  - id:' unless the file does it differently
    if has_list:
        item = re.search(r"^([ \t]*)-([ \t]+)\S", text[has_list.end():], re.M)
        if item:
            dash, gap = item.group(1), item.group(2)
    key = dash + " " + gap  # the fields line up under 'id'
    cancel_day = _next_weekday(today + dt.timedelta(days=28), 2)  # a Wednesday, like the template
    title = "新活动（请改成活动名称）" if language.startswith("zh") else "New activity (change this title)"
    head = [
        f"# ── 新活动，由 sitegen new activity 于 {today.isoformat()} 添加。请修改下面各项；"
        "可选的项目删掉行首的 # 就会生效 ──",
        "# 活动的 id：小写字母、数字和 -，同一中心内不能重复；发布以后不要再改（它是网址和日历订阅的一部分）",
    ]
    fields = [
        "# 活动名称，显示在网站上，也是居民手机日历里的标题",
        f"title: {title}",
        "# 类别，例如 文化活动、便民服务、健康服务、教育培训、党建活动；每个类别可以单独订阅",
        "category: 文化活动",
        "# 开始和结束时间，写在英文引号里；全天的活动就删掉这一行",
        'time: "14:30-16:00"',
        "# 重复规则：每周三。每周一、三、五：{every: week, on: [mon, wed, fri]}；每月第二个周四：",
        "# {every: month, on: 2nd thursday}；只办一次：删掉 repeat 和 from，改写 date: 年-月-日",
        "repeat: {every: week, on: wednesday}",
        "# 从哪一天开始（年-月-日）",
        f"from: {today.isoformat()}",
        "# 到哪一天结束（含这一天，可选）；长期活动就不写",
        f"# until: {today.year + 1}-06-30",
        "# 地点（房间）",
        "# location: 二楼活动室",
        "# 对象（可选），可以写几个：老年人、儿童、青少年、全体居民",
        "# audience: [全体居民]",
        "# 法定节假日暂停（需要 sitegen 知道当年的节假日，见 site.yaml 里的 holidays）",
        "# skip: holidays",
        "# 取消某一次：“日期: 原因”，日期必须是活动本来要办的那一天",
        "# cancel:",
        f"#   {cancel_day.isoformat()}: 场地检修，暂停一次",
        "# 把某一次改到别的日子：“原来的日期: {to: 新日期, reason: 原因}”",
        "# move:",
        f"#   {(cancel_day + dt.timedelta(days=7)).isoformat()}: "
        f"{{to: {(cancel_day + dt.timedelta(days=8)).isoformat()}, reason: 与街道活动冲突}}",
        "# 活动介绍、怎样报名、联系人、名额（整数），都是可选的",
        "# description: 一两句话介绍活动内容。",
        "# signup: 无需报名",
        "# contact: 王老师 138xxxx0000",
        "# capacity: 30",
    ]
    lines = [dash + line for line in head] + [f"{dash}-{gap}id: {activity_id}"] + [key + line for line in fields]
    return ("" if has_list else "\nactivities:\n") + "\n" + "\n".join(lines) + "\n"


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


# ---------------------------------------------------------------- the site it acts on


def _site(root: Path) -> tuple[SiteConfig, dict[str, str], list[str]]:
    """The site's settings, its centres (id → schedule file) and the schedules that cannot be read;
    a missing site.yaml stops here."""
    if not (root / CONFIG_FILE).is_file():
        raise ScaffoldError(message("no_site", NEW_SITE_LANGUAGE, folder=root))
    errors = ErrorCollector()  # mistakes elsewhere in the site are for `sitegen check`, not here
    config = load_config(root, errors)
    centres = read_schedules(discover(root, config), config, errors)
    unreadable = sorted(p for p in errors.unreadable if p.startswith(SCHEDULE_DIR + "/"))
    return config, {c.id: c.src_path for c in centres}, unreadable


def _check_centre(centre: str, centres: dict[str, str], language: str, unreadable: list[str]) -> None:
    if centre in centres:
        return
    if unreadable:  # the centre may well be in a file that cannot be read: say that, not "no such centre"
        raise ScaffoldError(message("schedules_unreadable", language, paths=("、" if language.startswith("zh") else ", ").join(unreadable)))
    if not centres:
        raise ScaffoldError(message("no_centres", language))
    known = ", ".join(sorted(centres))
    close = difflib.get_close_matches(centre, sorted(centres), n=1, cutoff=0.6)
    if close:
        raise ScaffoldError(message("unknown_centre_suggest", language, centre=centre, suggestion=close[0],
                                    centres=known))
    raise ScaffoldError(message("new_unknown_centre", language, centre=centre, centres=known))
