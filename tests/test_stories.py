"""Stories: readable pinyin slugs, CJK-aware summaries, captioned photos, precise errors."""
from __future__ import annotations

import datetime as dt

from PIL import Image

from sitegen.config import SiteConfig
from sitegen.errors import ErrorCollector
from sitegen.sources import discover
from sitegen.stories import excerpt, markdown_to_html, read_stories, slugify


def test_slugs_are_pinyin_with_ascii_kept_and_cut_at_a_word():
    assert slugify("崇德苑邻里音乐会") == "chong-de-yuan-lin-li-yin-yue-hui"
    assert slugify("2026年 Summer 课堂") == "2026-nian-summer-ke-tang"
    long = slugify("让党群服务从中心走进群众心中打通服务群众最后一公里的生动实践")
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("rang-dang-qun")
    # pypinyin reads 朝阳 as zhao-yang: exactly why stories may set `slug:` themselves
    assert slugify("朝阳社区") == "zhao-yang-she-qu"


def test_excerpt_counts_characters_and_skips_captions():
    html = markdown_to_html("![图](a.jpg \"▲ 图片说明\")\n\n居民们早早来到多功能厅，合唱团登台演唱。\n\n第二段。")
    assert excerpt(html, 10) == "居民们早早来到多功能…"
    assert "图片说明" not in excerpt(html)
    assert excerpt(markdown_to_html("The neighbourhood concert was great fun"), 20) == "The neighbourhood…"


def test_photo_on_its_own_line_becomes_a_captioned_figure():
    html = markdown_to_html('![合唱团](a.jpg "▲ 合唱团演唱")\n\n![舞台](b.jpg)\n\n文字 ![行内](c.jpg) 文字')
    assert '<figure><img alt="合唱团" loading="lazy" src="a.jpg"><figcaption>▲ 合唱团演唱</figcaption></figure>' in html
    assert "<figcaption>舞台</figcaption>" in html  # no caption given: the description is shown
    assert "<p>文字 <img" in html  # inline images stay inline


def test_line_breaks_inside_chinese_paragraphs_do_not_become_spaces():
    assert markdown_to_html("第一行\n第二行") == "<p>第一行第二行</p>"
    assert markdown_to_html("first line\nsecond") == "<p>first line\nsecond</p>"


def write(site, path, text):
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_read_stories_orders_newest_first_drops_drafts_and_reports_errors(tmp_path):
    site = tmp_path
    write(site, "content/stories/a/index.md", "---\ntitle: 旧闻\ndate: 2026-01-01\nauthor: 李晓雯\n---\n正文。\n")
    write(site, "content/stories/b/index.md",
          "---\ntitle: 新闻\ndate: 2026-02-01\nauthors: [王, 赵]\nslug: news\ncover: c.jpg\n---\n\n"
          "正文。\n\n![照片](missing.jpg)\n")
    Image.new("RGB", (30, 20)).save(site / "content/stories/b/c.jpg")
    write(site, "content/stories/c/index.md", "---\ntitle: 草稿\ndate: 2026-03-01\ndraft: true\n---\n")
    write(site, "content/stories/d/index.md", "---\ntitle: 坏的\ndate: 2026-03-01\nslug: Bad Slug\n---\n")
    errors = ErrorCollector()
    stories = read_stories(discover(site, SiteConfig("t", "https://t.example/")), None, errors)
    assert [s.slug for s in stories] == ["huai-de", "news", "jiu-wen"]
    news = stories[1]
    assert news.authors == ("王", "赵") and stories[2].authors == ("李晓雯",)
    assert news.cover.width == 30 and news.cover.height == 20
    assert news.date == dt.date(2026, 2, 1)
    assert [str(p) for p in errors.sorted()] == [
        "content/stories/b/index.md:6:8: warning: the cover has no 'cover_alt'; describe the photo for blind readers",
        "content/stories/b/index.md:11:7: error: photo 'missing.jpg' not found in content/stories/b/; check the "
        "file name or copy the photo there",
        "content/stories/d/index.md:4:7: error: slug 'Bad Slug' may only use lower-case letters a-z, digits and "
        "single '-' between words, e.g. chao-yang-concert",
    ]
