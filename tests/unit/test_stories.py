"""sitegen.stories: slugs, excerpts, figures, and reading stories from a site."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from pypinyin import lazy_pinyin
from sitegen.config import load_config
from sitegen.errors import ErrorCollector, SourceLocation
from sitegen.sources import discover
from sitegen.stories import (
    SLUG_MAX_LENGTH,
    excerpt,
    markdown_to_html,
    read_stories,
    slugify,
)

# ---- slugify ----

def test_slugify_gives_pinyin_words():
    assert slugify("崇德苑邻里音乐会") == "chong-de-yuan-lin-li-yin-yue-hui"


def test_slugify_keeps_ascii_letters_and_digits():
    assert slugify("2026 Spring Concert!") == "2026-spring-concert"
    assert slugify("2026年春节联欢会") == "2026-nian-chun-jie-lian-huan-hui"
    assert slugify("Hello世界") == "hello-shi-jie"
    assert slugify("《邻里》音乐会：第1场") == "lin-li-yin-yue-hui-di-1-chang"


def test_slugify_pinyin_gets_zhaoyang_wrong():
    # pypinyin reads 朝阳 as zhao-yang (morning sun), not the district Chao-yang: this is why
    # stories may set 'slug:' themselves (see test_explicit_slug_wins below)
    assert slugify("朝阳社区音乐会") == "zhao-yang-she-qu-yin-yue-hui"


def test_slugify_cuts_long_titles_at_a_word_boundary():
    title = "崇德苑邻里音乐会唱响金秋居民自编自演百余位邻居到场共同欢度美好夜晚"
    full = "-".join(lazy_pinyin(title))
    slug = slugify(title)
    assert len(full) > SLUG_MAX_LENGTH
    assert len(slug) <= SLUG_MAX_LENGTH
    assert full.startswith(slug) and full[len(slug)] == "-"  # whole pinyin words only
    assert len(slug) > SLUG_MAX_LENGTH - 10  # not cut much shorter than needed
    assert slug == "chong-de-yuan-lin-li-yin-yue-hui-chang-xiang-jin-qiu-ju-min"


def test_slugify_never_exceeds_the_cap_even_without_word_boundaries():
    # BUG: with no '-' in the first 61 characters, slug[:61].rsplit('-', 1)[0] keeps all 61
    slug = slugify("a" * 80)
    assert len(slug) <= SLUG_MAX_LENGTH


def test_slugify_of_only_punctuation_is_empty():
    assert slugify("！！！") == ""


# ---- excerpt ----

def test_excerpt_counts_chinese_characters():
    text = "字" * 200
    result = excerpt(f"<p>{text}</p>")
    assert result == "字" * 120 + "…"
    assert excerpt("<p>短短一段。</p>") == "短短一段。"


def test_excerpt_does_not_split_latin_words():
    result = excerpt("<p>" + "neighbourhood " * 20 + "</p>")
    assert result.endswith("neighbourhood…")
    assert len(result) <= 121
    assert all(word == "neighbourhood" for word in result[:-1].split())


def test_excerpt_strips_trailing_punctuation_before_the_ellipsis():
    result = excerpt("<p>" + "好" * 119 + "，后面还有很多字。" + "</p>")
    assert result == "好" * 119 + "…"


def test_excerpt_skips_captions_and_headings_and_joins_paragraphs():
    html = markdown_to_html("第一段。\n\n![描述](a.jpg \"图注文字\")\n\n## 小标题\n\n第二段 &amp; more。")
    assert excerpt(html) == "第一段。 第二段 & more。"


def test_excerpt_keeps_the_chinese_text_before_a_latin_word_at_the_cut():
    # BUG: when the cut falls inside a Latin word, excerpt goes back to the last space of the
    # whole text; in Chinese text that space may be 100 characters back, so the summary of
    # this paragraph becomes 'A…'. Expected: cut just before the Latin word.
    text = "A " + "中" * 117 + "Python3 课程"
    result = excerpt(f"<p>{text}</p>")
    assert result.startswith("A " + "中" * 117)
    assert "Pyt" not in result or "Python3" in result


# ---- figures ----

def test_photo_on_its_own_line_becomes_a_figure_with_the_title_as_caption():
    html = markdown_to_html('![合唱团成员在舞台上演唱](choir.jpg "▲ 社区合唱团演唱《我和我的祖国》。")')
    assert html.startswith("<figure>") and html.endswith("</figure>")
    assert 'alt="合唱团成员在舞台上演唱"' in html
    assert "<figcaption>▲ 社区合唱团演唱《我和我的祖国》。</figcaption>" in html
    assert "title=" not in html
    assert 'loading="lazy"' in html


def test_figure_caption_falls_back_to_the_alt_text():
    html = markdown_to_html("![只有描述](b.jpg)")
    assert "<figcaption>只有描述</figcaption>" in html


def test_inline_photo_stays_in_its_paragraph():
    html = markdown_to_html("文字 ![图](c.jpg) 文字")
    assert "<figure>" not in html and html.startswith("<p>")


def test_line_breaks_inside_chinese_paragraphs_are_joined():
    assert markdown_to_html("第一行\n第二行") == "<p>第一行第二行</p>"
    assert markdown_to_html("first\nsecond") == "<p>first\nsecond</p>"


# ---- read_stories on a site ----

def make_site(tmp_path: Path, stories: dict[str, str], photos: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text("title: t\nbase_url: https://example.org/\n", encoding="utf-8")
    for rel, text in stories.items():
        path = root / "content" / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel in photos:
        path = root / "content" / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (40, 30), "white").save(path)
    return root


def read(root: Path):
    errors = ErrorCollector()
    config = load_config(root, errors)
    stories = read_stories(discover(root, config), config, errors)
    return stories, errors


def story(title="标题", date="2026-01-01", extra="", body="正文。\n") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}"


def test_reads_fields_and_sorts_newest_first(tmp_path):
    root = make_site(tmp_path, {
        "a/index.md": story("旧的", "2026-01-05"),
        "b/index.md": story("新的", "2026-03-01"),
        "c.md": story("中间", "2026-02-01"),
    })
    stories, errors = read(root)
    assert errors.problems == []
    assert [s.title for s in stories] == ["新的", "中间", "旧的"]
    assert stories[0].date == dt.date(2026, 3, 1)
    assert stories[1].src_path == "content/stories/c.md"


def test_same_date_sorted_by_slug_descending(tmp_path):
    root = make_site(tmp_path, {
        "a/index.md": story("a", "2026-01-05", "slug: aaa\n"),
        "b/index.md": story("b", "2026-01-05", "slug: bbb\n"),
    })
    stories, _ = read(root)
    assert [s.slug for s in stories] == ["bbb", "aaa"]


def test_draft_is_left_out(tmp_path):
    root = make_site(tmp_path, {
        "a/index.md": story("发布", "2026-01-05"),
        "b/index.md": story("草稿", "2026-03-01", "draft: true\n"),
    })
    stories, errors = read(root)
    assert [s.title for s in stories] == ["发布"]
    assert errors.problems == []


def test_authors_and_author_both_accepted(tmp_path):
    root = make_site(tmp_path, {
        "a/index.md": story("一", "2026-01-01", "authors: [李晓雯, 王强]\nphotographer: 赵鹏\n"),
        "b/index.md": story("二", "2026-01-02", "author: 李晓雯\nphotographers: [赵鹏, 钱明]\n"),
    })
    stories, errors = read(root)
    assert errors.problems == []
    by_title = {s.title: s for s in stories}
    assert by_title["一"].authors == ("李晓雯", "王强")
    assert by_title["一"].photographers == ("赵鹏",)
    assert by_title["二"].authors == ("李晓雯",)
    assert by_title["二"].photographers == ("赵鹏", "钱明")


def test_list_fields_and_summary(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(
        "一", "2026-01-01",
        "centres: chongdeyuan\nactivities: [chongdeyuan/concert]\ntags: [文化活动, 邻里]\nsummary: 一句话简介\n")})
    [s], errors = read(root)
    assert errors.problems == []
    assert s.centre_ids == ("chongdeyuan",) and s.activity_refs == ("chongdeyuan/concert",)
    assert s.tags == ("文化活动", "邻里") and s.summary == "一句话简介"


def test_summary_defaults_to_the_excerpt(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(body="第一段。\n\n第二段。\n")})
    [s], _ = read(root)
    assert s.summary == "第一段。 第二段。"


def test_slug_from_title_and_explicit_slug_wins(tmp_path):
    root = make_site(tmp_path, {
        "a/index.md": story("朝阳社区音乐会", "2026-01-01"),
        "b/index.md": story("朝阳社区音乐会", "2026-01-02", "slug: chao-yang-concert\n"),
    })
    stories, errors = read(root)
    assert errors.problems == []
    assert {s.slug for s in stories} == {"zhao-yang-she-qu-yin-yue-hui", "chao-yang-concert"}


@pytest.mark.parametrize("slug", ["Chao-Yang", "chao_yang", "chao--yang", "-chao", "朝阳"])
def test_bad_slug_is_an_error_at_its_line(tmp_path, slug):
    root = make_site(tmp_path, {"a/index.md": story("朝阳", "2026-01-01", f"slug: {slug}\n")})
    stories, errors = read(root)
    assert len(errors.errors) == 1
    assert errors.errors[0].location == SourceLocation("content/stories/a/index.md", 4, 7)
    assert "只能用小写字母" in errors.errors[0].message
    assert stories[0].slug == "zhao-yang"  # falls back to the title's pinyin


def test_missing_photo_names_the_line_of_the_image(tmp_path):
    body = "第一段。\n\n![合唱团](choir.jpg \"图注\")\n\n第二段。\n\n![舞台](stage.jpg)\n"
    root = make_site(tmp_path, {"a/index.md": story(body=body)}, photos=("a/stage.jpg",))
    [s], errors = read(root)
    # front matter: lines 1-4, a blank line 5, 第一段 on 6, the choir photo on line 8, column 8
    assert [str(p.location) for p in errors.errors] == ["content/stories/a/index.md:8:8"]
    # both places looked are named: beside the story, and the shared folder
    assert "找不到照片“choir.jpg”：content/stories/a/ 和 content/images/ 里都没有" in errors.errors[0].message
    assert [i.name for i in s.images] == ["stage.jpg"]
    assert (s.images[0].width, s.images[0].height) == (40, 30)
    assert 'width="40" height="30"' in s.body_html


def test_missing_photo_line_is_not_confused_by_a_longer_name_containing_it(tmp_path):
    # BUG: _line_of finds the first line *containing* 'a.jpg', which is the 'data.jpg' line
    body = "![图表](data.jpg)\n\n文字。\n\n![照片](a.jpg)\n"
    root = make_site(tmp_path, {"s/index.md": story(body=body)}, photos=("s/data.jpg",))
    _, errors = read(root)
    assert [p.location.line for p in errors.errors] == [10]


def test_photo_in_another_folder_is_an_error(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(body="![x](../b/x.jpg)\n")}, photos=("b/x.jpg",))
    _, errors = read(root)
    assert len(errors.errors) == 1 and "要放在故事旁边（content/stories/a/）" in errors.errors[0].message
    assert errors.errors[0].location.line == 6


def test_cover_without_alt_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(extra="cover: stage.jpg\n")}, photos=("a/stage.jpg",))
    [s], errors = read(root)
    assert errors.errors == []
    assert [str(p.location) for p in errors.warnings] == ["content/stories/a/index.md:4:8"]
    assert "cover_alt" in errors.warnings[0].message
    assert s.cover is not None and s.cover.name == "stage.jpg"
    assert s.images == (s.cover,)


def test_cover_with_alt_is_fine(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(extra="cover: stage.jpg\ncover_alt: 舞台\n")},
                     photos=("a/stage.jpg",))
    [s], errors = read(root)
    assert errors.problems == [] and s.cover_alt == "舞台"


def test_missing_cover_is_an_error_at_the_cover_line(tmp_path):
    root = make_site(tmp_path, {"a/index.md": story(extra="cover: nope.jpg\ncover_alt: x\n")})
    _, errors = read(root)
    assert [p.location.line for p in errors.errors] == [4]


def test_front_matter_mistakes_name_file_lines(tmp_path):
    root = make_site(tmp_path, {"a/index.md": "---\ntitel: 标题\ndate: 2026-02-30\n---\n正文\n"})
    _, errors = read(root)
    found = {(p.location.line, p.message.split("；")[0]) for p in errors.errors}
    assert (2, "故事开头的字段块里没有“titel”这个字段（是不是想写“title”？）") in found
    assert (3, "“2026-02-30”这一天不存在：2026 年 2 月只有 28 天") in found
    # the misspelt 'titel' is not reported a second time as a missing 'title'
    assert not any("缺少“title”" in p.message for p in errors.errors)


def test_no_front_matter_is_an_error(tmp_path):
    root = make_site(tmp_path, {"a/index.md": "# 标题\n\n正文\n"})
    stories, errors = read(root)
    assert stories == []
    assert str(errors.errors[0].location) == "content/stories/a/index.md:1:1"
    assert "文件开头没有字段块" in errors.errors[0].message


def test_story_saved_with_a_byte_order_mark_is_read(tmp_path):
    # BUG: Windows Notepad saves UTF-8 with a BOM; read_text(encoding='utf-8') keeps '\ufeff',
    # so split_front_matter does not see the leading '---' and reports 'no front matter'.
    root = make_site(tmp_path, {"a/index.md": "\ufeff" + story("记事本", "2026-01-01")})
    stories, errors = read(root)
    assert errors.problems == []
    assert [s.title for s in stories] == ["记事本"]


@pytest.mark.parametrize("written, fragment", [
    ("Photo.JPG", "但有 content/stories/a/photo.jpg：请按文件的实际写法改"),
    ("grop.jpg", "是不是 content/stories/a/group.jpg？"),
    ("nothing-like-it.jpg", "content/stories/a/ 和 content/images/ 里都没有"),
])
def test_a_missing_photo_names_the_file_that_is_there(tmp_path, written, fragment):
    root = make_site(tmp_path, {"a/index.md": story(body=f"![x]({written})\n")},
                     photos=("a/photo.jpg", "a/group.jpg"))
    _, errors = read(root)
    assert len(errors.errors) == 1 and fragment in errors.errors[0].message


@pytest.mark.parametrize("date", ["2026/10/1", "2026年10月1日", "2026.10.1", "2026-10-1"])
def test_story_dates_in_the_spellings_staff_type(tmp_path, date):
    root = make_site(tmp_path, {"a/index.md": story(date=date), "b/index.md": story("另一篇", "2026-09-01")})
    stories, errors = read(root)
    assert errors.problems == []
    assert [s.date for s in stories] == [dt.date(2026, 10, 1), dt.date(2026, 9, 1)]


@pytest.mark.parametrize("date", ["20261020", "2026-11-31", "", "下周"])
def test_a_bad_story_date_is_an_error_not_a_crash(tmp_path, date):
    root = make_site(tmp_path, {"a/index.md": story(date=date), "b/index.md": story("另一篇", "2026-09-01")})
    stories, errors = read(root)
    assert [str(p.location) for p in errors.errors] == ["content/stories/a/index.md:3:" + ("6" if not date else "7")]
    assert [s.title for s in stories] == ["另一篇"]  # the dateless story is left out, the others are read
