"""Markdown stories and plain pages → Story and Page (slug, summary, photos with captions)."""
from __future__ import annotations

import difflib
import html
import os
import re
import unicodedata
import xml.etree.ElementTree as etree
from pathlib import PurePosixPath

import markdown
from PIL import Image as PILImage
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pypinyin import Style, lazy_pinyin

from . import images as photos
from .config import SiteConfig
from .errors import ErrorCollector, SourceError, SourceLocation
from .model import Image, Page, Story
from .safehtml import MAX_BRACKET_DEPTH, MAX_MARKDOWN_CHARS, defuse_nesting, sanitize, svg_active_content
from .sources import outside_target
from .sources import IMAGE_DIR, Sources
from .words import message
from .yamlsource import Fields, load_yaml, split_front_matter

# Fixed, documented in docs/stories.md. 'smarty' is deliberately absent: it rewrites quotes.
MARKDOWN_EXTENSIONS = ("extra", "sane_lists")
SUMMARY_LENGTH = 120  # characters, not words: Chinese has no spaces between words
SLUG_MAX_LENGTH = 60
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
SHARED_PREFIX = "images/"  # how a story names a photo of the shared folder: images/foo.jpg
# A story's page is stories/<slug>/ (Site.story_url), so its shared photos are two folders up.
SHARED_FROM_STORY = "../../" + SHARED_PREFIX
# what the photo takes of the page width: the text column (.wrap: 48rem less 2rem of padding)
STORY_PHOTO_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"

STORY_FIELDS = (
    "title", "subtitle", "date", "slug", "author", "authors", "photographer", "photographers",
    "centres", "activities", "tags", "summary", "cover", "cover_alt", "draft",
    "publish", "expires",  # scheduled publishing: docs/stories.md
)
PAGE_FIELDS = ("title", "slug", "menu")


class _FigureProcessor(Treeprocessor):
    """A paragraph holding only an image becomes <figure> with the caption under the photo."""

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (len(children) == 1 and children[0].tag == "img"
                    and not (paragraph.text or "").strip() and not (children[0].tail or "").strip()):
                img = children[0]
                caption = img.get("title") or img.get("alt") or ""
                img.attrib.pop("title", None)
                img.tail = None
                img.set("loading", "lazy")
                paragraph.tag = "figure"
                paragraph.text = None
                if caption:
                    figcaption = etree.SubElement(paragraph, "figcaption")
                    figcaption.text = caption


class _FigureExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_FigureProcessor(md), "sitegen_figures", 5)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


def join_cjk(text: str) -> str:
    """Drop spaces between Chinese characters (left over from line breaks in the source)."""
    return _CJK_SPACE.sub("", text)


def markdown_to_html(text: str, unsafe_html: bool = False) -> str:
    """Markdown → HTML, sanitized (safehtml) unless the site opted into raw HTML. A line break inside
    a Chinese paragraph is joined first: browsers would otherwise show it as a space between two
    characters. Absurd nesting is defused first (safehtml.defuse_nesting): it would hang Markdown."""
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _FigureExtension()],
                           output_format="html")
    body = md.convert(_CJK_LINE_BREAK.sub("", defuse_nesting(text[:MAX_MARKDOWN_CHARS])))
    return body if unsafe_html else sanitize(body)


def slugify(text: str) -> str:
    """A readable ASCII slug: pinyin for Chinese, letters and digits kept, '-' between words.

    Cut at a word boundary near SLUG_MAX_LENGTH so long Chinese headlines stay shareable.
    """
    words = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    ascii_text = "-".join(words)
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX_LENGTH:
        cut = slug[:SLUG_MAX_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:SLUG_MAX_LENGTH]
    return slug.strip("-")


_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def excerpt(body_html: str, length: int = SUMMARY_LENGTH) -> str:
    """Plain text of the first paragraphs, cut after ``length`` characters (CJK-aware).

    Captions and headings are skipped: a list of stories should read like the story's opening.
    """
    paragraphs = re.findall(r"<p>(.*?)</p>", body_html, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= length:
        return text
    cut = text[:length]
    # do not split a Latin word or number in two; Chinese may be cut between any characters
    if _is_latin(text[length]):
        start = len(cut)
        while start > 0 and _is_latin(cut[start - 1]):
            start -= 1
        if start > 0:
            cut = cut[:start]
    return cut.rstrip("，。、；：,.;: ") + "…"


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def read_stories(sources: Sources, config: SiteConfig, errors: ErrorCollector) -> list[Story]:
    stories = []
    for src_path in sources.stories:
        try:
            story = _read_story(sources, src_path, errors, config)
        except SourceError as exc:
            errors.add(exc)
            continue
        except UnicodeDecodeError:
            errors.error(SourceLocation(src_path, 1, 1), message("not_utf8", errors.language))
            continue
        if story is not None and not story.draft:
            stories.append(story)
    return sorted(stories, key=lambda s: (s.date, s.slug), reverse=True)


def read_pages(sources: Sources, config: SiteConfig, errors: ErrorCollector) -> list[Page]:
    pages = []
    for src_path in sources.pages:
        try:
            text = sources.path(src_path).read_text(encoding="utf-8-sig")
            fields, body, body_line = _front_matter(text, src_path, errors, PAGE_FIELDS,
                                                    "the page's front matter")
        except SourceError as exc:
            errors.add(exc)
            continue
        except UnicodeDecodeError:
            errors.error(SourceLocation(src_path, 1, 1), message("not_utf8", errors.language))
            continue
        title = fields.text("title", required=True, hint="the page's title") or src_path
        _check_bounds(body, body_line, src_path, errors, config.language)
        slug = _explicit_slug(fields, errors) or slugify(PurePosixPath(src_path).stem)
        pages.append(Page(src_path=src_path, slug=slug, title=title, body_html=markdown_to_html(body, config.unsafe_html),
                          menu=fields.integer("menu")))
    return sorted(pages, key=lambda p: (p.menu is None, p.menu or 0, p.slug))


def _front_matter(text: str, src_path: str, errors: ErrorCollector, allowed, what: str):
    yaml_text, body, _body_line = split_front_matter(text)
    if yaml_text is None:
        raise SourceError(SourceLocation(src_path, 1, 1), message("no_front_matter", errors.language))
    data = load_yaml(yaml_text, src_path, errors, line_offset=1)
    return Fields(data, what, errors, allowed, SourceLocation(src_path, 1, 1)), body, _body_line


def _explicit_slug(fields: Fields, errors: ErrorCollector) -> str | None:
    slug = fields.text("slug")
    if slug is not None and not _SLUG_RE.match(slug):
        errors.error(fields.where("slug"), message("slug_invalid", errors.language, slug=slug))
        return None
    return slug


def _read_story(sources: Sources, src_path: str, errors: ErrorCollector,
                config: SiteConfig | None = None) -> Story | None:
    language = config.language if config else "zh-CN"
    text = sources.path(src_path).read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    fields, body, body_line = _front_matter(text, src_path, errors, STORY_FIELDS,
                                            "the story's front matter")
    if fields.boolean("draft"):
        return Story(src_path=src_path, slug="", title="", date=None, body_html="", summary="",
                     draft=True)  # type: ignore[arg-type]
    title = fields.text("title", required=True, hint="the headline") or ""
    date = fields.date("date", required=True)
    _check_bounds(body, body_line, src_path, errors, language)
    body_html = markdown_to_html(body, bool(config and config.unsafe_html))
    folder = PurePosixPath(src_path).parent
    images = _local_images(body_html, body, body_line, src_path, folder, sources, errors, language)
    body_html = _with_pictures(body_html, images)
    cover = None
    if fields.has("cover"):
        cover_name = fields.text("cover") or ""
        cover = _image(cover_name, fields.where("cover"), folder, sources, errors, language)
        if cover and not fields.text("cover_alt"):
            errors.warning(fields.where("cover"), message("cover_no_alt", errors.language))
    summary = fields.text("summary") or excerpt(body_html)
    if date is None:  # reported above; a story without a date cannot be sorted or dated
        return None
    return Story(
        src_path=src_path,
        slug=_explicit_slug(fields, errors) or slugify(title) or PurePosixPath(src_path).parent.name,
        title=title,
        subtitle=fields.text("subtitle", default=""),
        date=date,
        body_html=body_html,
        summary=summary,
        authors=fields.text_list("authors") + fields.text_list("author"),
        photographers=fields.text_list("photographers") + fields.text_list("photographer"),
        centre_ids=fields.text_list("centres"),
        activity_refs=fields.text_list("activities"),
        tags=fields.text_list("tags"),
        cover=cover,
        cover_alt=fields.text("cover_alt", default=""),
        images=tuple(images) + ((cover,) if cover and cover not in images else ()),
        field_locs={key: fields.where(key) for key in fields.data},
        **_publishing_fields(fields, date, config, errors, body_html, body, body_line, src_path),
    )


def _publishing_fields(fields: Fields, date, config: SiteConfig, errors: ErrorCollector,
                       body_html: str, body: str, body_line: int, src_path: str) -> dict:
    """'publish:' and 'expires:' (scheduled publishing; a story that could never be online is an
    error), and the line of each link, to name it if it points at a story that is not online."""
    publish, expires = fields.date("publish"), fields.date("expires")
    language = config.language if config else "en"
    if publish and date and publish < date:
        errors.warning(fields.where("publish"), message("publish_before_date", language,
                                                        publish=publish, date=date))
    online = max(d for d in (date, publish) if d) if (date or publish) else None
    if expires and online and expires <= online:
        errors.error(fields.where("expires"), message("expires_before_online", language,
                                                      expires=expires, online=online))
        expires = None
    links = {html.unescape(href) for href in re.findall(r'<a\b[^>]*\shref="([^"]+)"', body_html)}
    link_locs = {href: _line_of(href, body, body_line, src_path) for href in sorted(links)}
    return {"publish": publish, "expires": expires, "link_locs": link_locs}


def _local_images(body_html, body, body_line, src_path, folder, sources, errors, language) -> list[Image]:
    images: list[Image] = []
    for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', body_html):
        src = html.unescape(src)
        if re.match(r"^[a-z]+:|^/|^#", src):
            continue
        image = _image(src, _line_of(src, body, body_line, src_path), folder, sources, errors, language)
        if image and image not in images:
            images.append(image)
    return images


def _image(name: str, loc: SourceLocation, folder: PurePosixPath, sources: Sources,
           errors: ErrorCollector, language: str = "zh-CN") -> Image | None:
    """The photo beside the story, else in content/images/ ('images/x.jpg' looks only there)."""
    shared_only = name.startswith(SHARED_PREFIX)
    inner = name[len(SHARED_PREFIX):] if shared_only else name
    if "\\" in name or (not shared_only and "/" in name) or ".." in inner.split("/") or inner.startswith("/"):
        errors.error(loc, message("photo_wrong_folder", language, name=name, folder=f"{folder}/",
                                  shared=f"{IMAGE_DIR}/"))
        return None
    if not name.lower().endswith(IMAGE_SUFFIXES):
        errors.error(loc, message("not_a_photo_file", errors.language, name=name, suffixes=", ".join(IMAGE_SUFFIXES)))
        return None
    places = ([] if shared_only else [folder]) + [PurePosixPath(IMAGE_DIR)]
    found = next((place for place in places if _exists_exactly(sources, place / inner)), None)
    if found is None:
        near = [hint for place in places if (hint := _other_case(sources, place / inner))]
        close = [hint for place in places if (hint := _close_name(sources, place / inner))]
        if near:
            errors.error(loc, message("photo_wrong_case", language, name=name, near=near[0]))
        elif close:
            errors.error(loc, message("photo_did_you_mean", language, name=name, near=close[0]))
        else:
            errors.error(loc, message("photo_not_found_shared" if shared_only else "photo_not_found", language,
                                      name=name, folder=f"{folder}/", shared=f"{IMAGE_DIR}/"))
        return None
    path = found / inner
    target = outside_target(sources.root, sources.path(path.as_posix()))
    if target is not None:
        errors.error(loc, message("outside_site", language, name=name, target=target))
        return None
    data = sources.path(path.as_posix()).read_bytes()
    if path.suffix.lower() == ".svg" and (part := svg_active_content(data)):
        errors.error(loc, message("svg_active", language, name=name, part=part[:40]))
        return None
    if len(data) > photos.LARGE_BYTES:
        errors.warning(loc, message("photo_too_large", language, name=name, mb=f"{len(data) / 1024 / 1024:.0f}",
                                    limit=photos.LARGE_BYTES // 1024 // 1024))
    width, height = _dimensions(path, data, loc, errors)
    return Image(src_path=path.as_posix(), name=name, width=width, height=height,
                 digest=photos.digest(data), shared=found != folder)


def _exists_exactly(sources: Sources, path: PurePosixPath) -> bool:
    """Is the file there with exactly this spelling? (Windows and macOS would also accept
    'Choir.JPG' for choir.jpg, and the site would then break on the Linux web server.)"""
    folder = sources.path(path.parent.as_posix())
    if not folder.is_dir():
        return False
    names = {unicodedata.normalize("NFC", name) for name in os.listdir(folder)}  # macOS lists NFD
    return unicodedata.normalize("NFC", path.name) in names and (folder / path.name).is_file()


def _other_case(sources: Sources, path: PurePosixPath) -> str | None:
    folder = sources.path(path.parent.as_posix())
    if not folder.is_dir():
        return None
    return next((f"{path.parent}/{other}" for other in sorted(os.listdir(folder))
                 if other.lower() == path.name.lower()), None)


def _close_name(sources: Sources, path: PurePosixPath) -> str | None:
    """A photo in that folder whose name is one slip away (grop.jpg for group.jpg)."""
    folder = sources.path(path.parent.as_posix())
    if not folder.is_dir():
        return None
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_SUFFIXES))
    close = difflib.get_close_matches(path.name.lower(), [n.lower() for n in names], n=1, cutoff=0.7)
    return next((f"{path.parent}/{n}" for n in names if close and n.lower() == close[0]), None)


def _dimensions(path: PurePosixPath, data: bytes, loc: SourceLocation, errors: ErrorCollector) -> tuple[int, int]:
    if path.suffix.lower() == ".svg":
        return 0, 0
    try:
        return photos.probe(data)
    except (OSError, PILImage.DecompressionBombError, SyntaxError, ValueError):
        errors.error(loc, message("photo_unreadable", errors.language, name=path.name))
        return 0, 0


def _with_pictures(body_html: str, images: list[Image]) -> str:
    """The story's own photos as <picture> with resized WebP and JPEG variants, width and height
    (so the page does not jump while they load); other attributes (title, class) are kept."""
    by_name = {image.name: image for image in images}

    def picture(match: re.Match) -> str:
        tag = match.group(0)
        attrs = {key: html.unescape(value) for key, value in re.findall(r'\s([a-zA-Z-]+)="([^"]*)"', tag)}
        image = by_name.get(attrs.get("src", ""))
        if image is None:
            return tag
        alt = attrs.get("alt", "")
        extra = {key: value for key, value in attrs.items()
                 if key not in ("src", "alt", "width", "height", "loading", "decoding")}
        base = SHARED_FROM_STORY if image.shared else ""
        return photos.picture_html(image, lambda file: base + file, STORY_PHOTO_SIZES, alt, attrs=extra)

    return re.sub(r"<img\b[^>]*>", picture, body_html)


def _check_bounds(body: str, body_line: int, src_path: str, errors: ErrorCollector, language: str) -> None:
    """Text Markdown cannot render in bounded time: too long is an error, absurd nesting a warning
    (markdown_to_html flattens it; see safehtml.defuse_nesting)."""
    loc = SourceLocation(src_path, body_line, 1)
    if len(body) > MAX_MARKDOWN_CHARS:
        errors.error(loc, message("markdown_too_long", language, n=len(body), limit=MAX_MARKDOWN_CHARS))
    elif defuse_nesting(body) is not body:
        errors.warning(loc, message("nesting_defused", language, depth=MAX_BRACKET_DEPTH))


def _line_of(name: str, body: str, body_line: int, src_path: str) -> SourceLocation:
    """Where a photo is linked: '(name' followed by the end of the link or its title."""
    pattern = re.compile(r"\(\s*<?(" + re.escape(name) + r")>?(?=[\s)\"'])")
    for offset, line in enumerate(body.splitlines()):
        match = pattern.search(line)
        if match:
            return SourceLocation(src_path, body_line + offset, match.start(1) + 1)
    return SourceLocation(src_path, body_line, 1)
