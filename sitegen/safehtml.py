"""Safe HTML from staff-written Markdown: an allow-list sanitizer (nh3, the Rust ammonia library).

Staff paste from WeChat articles and Word, and an account can be hijacked: raw HTML in a story, a
page or a description must not become a script on the site. Whatever is not on the lists below is
dropped (scripts, event handlers, forms, iframes, object/embed, `javascript:`/`data:` URLs, style
expressions). A site may opt out with `unsafe_html: true` in site.yaml (docs/site.md, docs/safety.md).

It runs on the HTML Markdown makes, *before* sitegen adds its own <picture> markup for photos.
"""
from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q",
    "code", "pre", "kbd", "samp", "var", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption", "picture", "source",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "details", "summary", "time",
}
# Their content goes too, not just the tag: a script's text shown on the page would only confuse.
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
                        "form", "textarea", "select", "button"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "th": {"colspan", "rowspan", "align", "scope"}, "td": {"colspan", "rowspan", "align"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "time": {"datetime"}, "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # everything else (javascript:, data:, vbscript:) goes
# What pasted text may keep of its look (Markdown tables align columns with style="text-align: …").
STYLE_PROPERTIES = {"text-align", "color", "background-color", "font-weight", "font-style", "text-decoration"}
_STYLE_TRICKS = re.compile(r"expression|url\s*\(|\\|javascript|behavior|binding|@import", re.I)
_EXTERNAL_LINK = re.compile(r'<a\b([^>]*?)\shref="((?:https?:)?//[^"]*)"([^>]*)>', re.I)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style" and _STYLE_TRICKS.search(value):
        return None
    return value


def sanitize(html: str) -> str:
    """Only allowed tags, attributes and URL schemes survive; links to other sites get
    rel="noopener noreferrer" (the page they open cannot reach back into ours)."""
    clean = nh3.clean(html, tags=TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                      filter_style_properties=STYLE_PROPERTIES, attribute_filter=_attribute_filter)
    return _EXTERNAL_LINK.sub(lambda m: f'<a{m.group(1)} href="{m.group(2)}" rel="noopener noreferrer"{m.group(3)}>',
                              clean)


# SVG photos: served only through <img> (where browsers never run their scripts), and refused when
# they hold anything active, because a reader may still open the file itself.
_SVG_ACTIVE = re.compile(rb"<\s*script|<\s*foreignObject|<\s*iframe|<\s*embed|<\s*object|\son[a-z]+\s*=|"
                         rb"javascript\s*:|<!ENTITY|xlink:href\s*=\s*[\"']?\s*(?!#)|\shref\s*=\s*[\"']?\s*(?!#)", re.I)


def svg_active_content(data: bytes) -> str | None:
    """The first scripted or outside-linking part of an SVG file (None: a plain drawing)."""
    match = _SVG_ACTIVE.search(data)
    return match.group(0).decode("utf-8", "replace").strip() if match else None


# Python-Markdown's cost grows much faster than the text with nesting: 2,000 open '[' take seconds,
# 5,000 nested pairs half a minute, 20,000 hang. Real stories nest a link or two, lists a few levels.
MAX_MARKDOWN_CHARS = 50_000  # a long story is 10,000 characters; beyond this, rendering cost is unbounded
MAX_BRACKET_DEPTH = 32
MAX_INDENT = 48  # columns of leading space (a tab is 4): 12 list levels
MAX_QUOTE_DEPTH = 16
MAX_TAG_DEPTH = 64
MAX_FOOTNOTES = 200  # Markdown's footnotes cost grows with their square: thousands take many seconds
_BLOCKS = re.compile(r"(\n[ \t]*\n)")
_QUOTES = re.compile(r"^((?:[ \t]*>){%d,})" % (MAX_QUOTE_DEPTH + 1), re.M)
_INDENT = re.compile(r"^[ \t]+", re.M)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_VOID = {"br", "hr", "img", "source", "col", "wbr", "input", "meta", "link", "area", "base", "embed", "param",
         "track"}


def defuse_nesting(text: str) -> str:
    """Markdown with absurd nesting made flat enough to render in bounded time: brackets nested
    deeper than MAX_BRACKET_DEPTH in a paragraph become plain characters, quotes and indents are
    capped, and raw tags nested deeper than MAX_TAG_DEPTH are shown as text. Ordinary text is
    returned unchanged (``is``-identical), so callers can warn when something was changed."""
    changed = False
    parts = _BLOCKS.split(text)
    for i in range(0, len(parts), 2):
        block = parts[i]
        if _too_deep(block, "[", "]", MAX_BRACKET_DEPTH) or _too_deep(block, "(", ")", MAX_BRACKET_DEPTH * 4):
            parts[i] = "<p>" + html.escape(block.strip(), quote=False) + "</p>"  # raw HTML: no inline parsing
            changed = True
    result = "".join(parts) if changed else text
    if _QUOTES.search(result):
        result = _QUOTES.sub(">" * MAX_QUOTE_DEPTH + " ", result)
    if any(len(m.group(0).expandtabs(4)) > MAX_INDENT for m in _INDENT.finditer(result)):
        result = _INDENT.sub(lambda m: m.group(0) if len(m.group(0).expandtabs(4)) <= MAX_INDENT
                             else " " * MAX_INDENT, result)
    if result.count("[^") > MAX_FOOTNOTES:
        result = result.replace("[^", "[\\^")
    if result.count("<") > MAX_TAG_DEPTH and _tag_depth(result) > MAX_TAG_DEPTH:
        result = result.replace("<", "&lt;")
    return result if result != text else text


def _too_deep(block: str, opening: str, closing: str, limit: int) -> bool:
    if block.count(opening) <= limit:
        return False
    depth = deepest = 0
    for char in block:
        if char == opening:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return True
        elif char == closing and depth:
            depth -= 1
    return False


def _tag_depth(text: str) -> int:
    depth = deepest = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest
