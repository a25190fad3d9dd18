"""Markdown stories and plain pages → Story and Page (slug, summary, photos with captions)."""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from pathlib import PurePosixPath

import markdown
from PIL import Image as PILImage
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pypinyin import Style, lazy_pinyin

from .config import SiteConfig
from .errors import ErrorCollector, SourceError, SourceLocation
from .model import Image, Page, Story
from .sources import Sources
from .words import message
from .yamlsource import Fields, load_yaml, split_front_matter

# Fixed, documented in docs/stories.md. 'smarty' is deliberately absent: it rewrites quotes.
MARKDOWN_EXTENSIONS = ("extra", "sane_lists")
SUMMARY_LENGTH = 120  # characters, not words: Chinese has no spaces between words
SLUG_MAX_LENGTH = 60
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")

STORY_FIELDS = (
    "title", "subtitle", "date", "slug", "author", "authors", "photographer", "photographers",
    "centres", "activities", "tags", "summary", "cover", "cover_alt", "draft",
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


def markdown_to_html(text: str) -> str:
    """Markdown → HTML. A line break inside a Chinese paragraph is joined first: browsers would
    otherwise show it as a space between two characters."""
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _FigureExtension()],
                           output_format="html")
    return md.convert(_CJK_LINE_BREAK.sub("", text))


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
            story = _read_story(sources, src_path, errors)
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
            fields, body, _ = _front_matter(text, src_path, errors, PAGE_FIELDS, "the page's front matter")
        except SourceError as exc:
            errors.add(exc)
            continue
        except UnicodeDecodeError:
            errors.error(SourceLocation(src_path, 1, 1), message("not_utf8", errors.language))
            continue
        title = fields.text("title", required=True, hint="the page's title") or src_path
        slug = _explicit_slug(fields, errors) or slugify(PurePosixPath(src_path).stem)
        pages.append(Page(src_path=src_path, slug=slug, title=title, body_html=markdown_to_html(body),
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


def _read_story(sources: Sources, src_path: str, errors: ErrorCollector) -> Story | None:
    text = sources.path(src_path).read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    fields, body, body_line = _front_matter(text, src_path, errors, STORY_FIELDS,
                                            "the story's front matter")
    if fields.boolean("draft"):
        return Story(src_path=src_path, slug="", title="", date=None, body_html="", summary="",
                     draft=True)  # type: ignore[arg-type]
    title = fields.text("title", required=True, hint="the headline") or ""
    date = fields.date("date", required=True)
    body_html = markdown_to_html(body)
    folder = PurePosixPath(src_path).parent
    images = _local_images(body_html, body, body_line, src_path, folder, sources, errors)
    body_html = _with_dimensions(body_html, images)
    cover = None
    if fields.has("cover"):
        cover_name = fields.text("cover") or ""
        cover = _image(cover_name, fields.where("cover"), folder, sources, errors)
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
    )


def _local_images(body_html, body, body_line, src_path, folder, sources, errors) -> list[Image]:
    images: list[Image] = []
    for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', body_html):
        src = html.unescape(src)
        if re.match(r"^[a-z]+:|^/|^#", src):
            continue
        image = _image(src, _line_of(src, body, body_line, src_path), folder, sources, errors)
        if image and image not in images:
            images.append(image)
    return images


def _image(name: str, loc: SourceLocation, folder: PurePosixPath, sources: Sources,
           errors: ErrorCollector) -> Image | None:
    if "/" in name or "\\" in name:
        errors.error(loc, message("photo_not_next_to_story", errors.language, name=name, folder=folder))
        return None
    if not name.lower().endswith(IMAGE_SUFFIXES):
        errors.error(loc, message("not_a_photo_file", errors.language, name=name, suffixes=", ".join(IMAGE_SUFFIXES)))
        return None
    path = folder / name
    if not _exists_exactly(sources.path(path.as_posix())):
        errors.error(loc, missing_photo(name, folder, sources, errors.language))
        return None
    width, height = _dimensions(sources.path(path.as_posix()), loc, errors)
    return Image(src_path=path.as_posix(), name=name, width=width, height=height)


def _exists_exactly(path) -> bool:
    """The file exists with this exact letter case (Windows and macOS would also find Photo.JPG
    for photo.jpg, but the published site on Linux would not)."""
    return path.is_file() and path.name in {p.name for p in path.parent.iterdir()}


def missing_photo(name: str, folder: PurePosixPath, sources: Sources, language: str) -> str:
    """Why a photo is not found, naming the file that is there: phones write IMG_0001.JPG, staff
    type img_0001.jpg, and the published site (Linux) tells the two apart."""
    base = sources.path(folder.as_posix())
    present = sorted(p.name for p in base.iterdir() if p.is_file()) if base.is_dir() else []
    same = [p for p in present if p.lower() == name.lower()]
    if same:
        return message("photo_wrong_case", language, name=name, folder=folder, actual=same[0])
    photos = [p for p in present if p.lower().endswith(IMAGE_SUFFIXES)]
    close = difflib.get_close_matches(name.lower(), [p.lower() for p in photos], n=1, cutoff=0.7)
    if close:
        actual = next(p for p in photos if p.lower() == close[0])
        return message("photo_did_you_mean", language, name=name, folder=folder, actual=actual)
    return message("photo_not_found", language, name=name, folder=folder)


def _dimensions(path, loc: SourceLocation, errors: ErrorCollector) -> tuple[int, int]:
    if path.suffix.lower() == ".svg":
        return 0, 0
    try:
        with PILImage.open(path) as picture:
            return picture.size
    except (OSError, PILImage.DecompressionBombError):
        errors.error(loc, message("photo_unreadable", errors.language, name=path.name))
        return 0, 0


def _with_dimensions(body_html: str, images: list[Image]) -> str:
    """Add width/height to the story's own photos so the page does not jump while they load."""
    sizes = {image.name: image for image in images if image.width}

    def add(match: re.Match) -> str:
        tag = match.group(0)
        src = html.unescape(re.search(r'\ssrc="([^"]+)"', tag).group(1))
        image = sizes.get(src)
        if image is None or " width=" in tag:
            return tag
        return tag[:-1].rstrip("/ ") + f' width="{image.width}" height="{image.height}">'

    return re.sub(r"<img\b[^>]*>", add, body_html)


def _line_of(name: str, body: str, body_line: int, src_path: str) -> SourceLocation:
    """Where a photo is linked: '(name' followed by the end of the link or its title."""
    pattern = re.compile(r"\(\s*<?(" + re.escape(name) + r")>?(?=[\s)\"'])")
    for offset, line in enumerate(body.splitlines()):
        match = pattern.search(line)
        if match:
            return SourceLocation(src_path, body_line + offset, match.start(1) + 1)
    return SourceLocation(src_path, body_line, 1)
