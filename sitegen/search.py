"""The search index: one Pagefind record per story, page, centre and activity, made from the site
model (never from the rendered HTML), written as static files into output/pagefind/.

Why not let Pagefind read the pages: its Chinese segmentation happens twice, with different
dictionaries: the index at build time (inside the extended binary), the query in the resident's
browser (Intl.Segmenter, ICU). When they disagree nothing is found: Chromium cuts 集市 into 集|市
while the index held other words, so 集市, 爱心集市 and 政务服务进集市 found no page at all.

So no dictionary decides. Every run of Chinese characters is written to the index as the suffixes
starting at each of its characters (爱心集市 → 爱心集市 心集市 集市 市), each at most
``SUFFIX_CHARS`` long. Pagefind matches every query word as the start of an index word, so any
piece of the text is found however the browser cuts the query: a substring search. The documents
are declared in a language Pagefind does not segment ("und"), so it keeps these words as they are;
the zh-CN search page still loads this index (Pagefind falls back to the only one there is).
Titles carry Pagefind's highest weight; results show the title and summary as written.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .output import OutputError
from .site import Site
from .site import _plain_text as plain_text  # the text feeds and link previews use too
from .words import WEEKDAYS, describe_schedule

SEARCH_DIR = "pagefind"
SUFFIX_CHARS = 8  # longer than any word a browser cuts from a query; site.js cuts longer runs too
TITLE_WEIGHT = 10  # Pagefind's highest; body text is 1
# Pagefind segments zh, ja and th with its own dictionary: declare the pre-cut words as undetermined
INDEX_LANGUAGE = {"zh-CN": "und", "en": "en"}
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
WORD = re.compile(r"[^\W_]+")  # letters and digits; punctuation and spaces only separate


@dataclass(frozen=True)
class SearchRecord:
    """What one result shows (title, summary, its page) and the texts it is found by."""

    url: str  # site-relative, as Site.*_url gives
    title: str
    summary: str
    texts: tuple[str, ...]


def search_records(site: Site) -> list[SearchRecord]:
    """One record per story, page, centre and activity, from the same model the pages are made of."""
    language = site.config.language
    records = []
    for story in site.stories:
        centres = [site.centre_by_id[c].name for c in story.centre_ids if c in site.centre_by_id]
        activities = [site.activity_by_key[k].title for k in story.activity_refs if k in site.activity_by_key]
        records.append(SearchRecord(site.story_url(story), story.title, _shorten(story.summary),
                                    (story.subtitle, story.summary, plain_text(story.body_html), *story.tags,
                                     *story.authors, *centres, *activities)))
    for page in site.pages:
        body = plain_text(page.body_html)
        records.append(SearchRecord(site.page_url(page), page.title, _shorten(body), (body,)))
    for centre in site.centres:
        description = plain_text(centre.description_html)
        records.append(SearchRecord(site.centre_url(centre), centre.name, _shorten(description or centre.address),
                                    (centre.address, centre.hours, centre.phone, description,
                                     *(a.title for a in centre.activities))))
    for activity in site.all_activities():
        centre = site.centre_of(activity)
        schedule = describe_schedule(activity, language, site.today)
        hosts = [f"{WEEKDAYS[language][day]} {host}" for day, host in activity.hosts]
        records.append(SearchRecord(site.activity_url(activity), activity.title,
                                    " · ".join(p for p in (centre.name, schedule, activity.location) if p),
                                    (centre.name, schedule, activity.location, activity.category,
                                     *activity.audience, *hosts, plain_text(activity.description_html),
                                     activity.signup, activity.contact)))
    return records


def index_words(text: str) -> str:
    """The words Pagefind stores for ``text``: Latin words and numbers as they are, every Chinese run
    as its suffixes (up to SUFFIX_CHARS long), so any piece of the run is the start of a word."""
    words = []
    for word in WORD.findall(text):
        start = 0
        for run in CJK_RUN.finditer(word):
            if run.start() > start:
                words.append(word[start:run.start()])
            chars = run.group()
            words += [chars[i:i + SUFFIX_CHARS] for i in range(len(chars))]
            start = run.end()
        if start < len(word):
            words.append(word[start:])
    return " ".join(words)


def record_html(record: SearchRecord, language: str) -> str:
    """The document Pagefind indexes for a record: the title weighted highest, the display title
    and summary as metadata (shown as they are written, not as index words)."""
    def attr(value: str) -> str:
        return html.escape(value, quote=True)

    body = "\n".join(f"<p>{html.escape(index_words(t))}</p>" for t in record.texts if t)
    return (f'<!DOCTYPE html><html lang="{INDEX_LANGUAGE.get(language, "und")}"><head>'
            f'<meta data-pagefind-meta="title[content]" content="{attr(record.title)}">'
            f'<meta data-pagefind-meta="summary[content]" content="{attr(record.summary)}">'
            f'</head><body><h1 data-pagefind-weight="{TITLE_WEIGHT}">{html.escape(index_words(record.title))}</h1>'
            f"\n{body}\n</body></html>")


def index_search(folder: Path, records: list[SearchRecord], language: str) -> None:
    """Write the static index for ``records`` into folder/pagefind (the site being built).

    Each record becomes a small document in a scratch folder that Pagefind's CLI indexes in one
    run (its Python API answers one record per 0.1 s, too slow for a large site); the URLs come
    from the documents' paths, which are the records' own.
    """
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as scratch:
        for record in records:
            document = Path(scratch, record.url, "index.html")
            document.parent.mkdir(parents=True, exist_ok=True)
            document.write_text(record_html(record, language), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", scratch,
                   "--output-path", str((folder / SEARCH_DIR).resolve()), "--quiet"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except FileNotFoundError as exc:  # pragma: no cover - the interpreter itself is missing
            raise OutputError(f"cannot run Pagefind for the search index: {exc}") from None
    if result.returncode != 0:
        raise OutputError("Pagefind could not build the search index (is the 'pagefind[extended]' "
                          f"package installed?): {result.stderr.strip() or result.stdout.strip()}")


def _shorten(text: str, chars: int = 80) -> str:
    return text if len(text) <= chars else text[:chars].rstrip() + "…"
