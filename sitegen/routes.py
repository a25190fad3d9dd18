"""The address scheme and the plan of the built site: every file of output/ is one ``Route``.

A route says where a file goes (``dest_path``), what it is (``kind`` and ``key``), which producer
makes it, and what it depends on (site-relative source files, and settings: site.yaml keys,
``theme``, ``today``). Addresses are made here and only here (``path_for``), so a link is never
built by hand in a template, and a link to something the plan does not hold fails the build
instead of leaving a dead link. Two routes that want one file are found while planning, before
anything is produced, with both sources named (as Zola's ``find_path_collisions``).

This module knows no Site: it is the vocabulary; ``plan.py`` fills the plan from the site.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .errors import ErrorCollector, SourceLocation
from .words import message

INDEX = "index.html"


def _folder(prefix: str):
    return lambda key: f"{prefix}{key}/{INDEX}"


# kind → the file it is written to, from its key. A page's address is its folder ('stories/x/').
_PATHS = {
    "home": lambda key: INDEX,
    "stories": lambda key: f"stories/{INDEX}" if key == "1" else f"stories/page/{key}/{INDEX}",  # key: the page number
    "story": _folder("stories/"),
    "tags": lambda key: f"tags/{INDEX}",
    "tag": _folder("tags/"),
    "centres": lambda key: f"centres/{INDEX}",
    "centre": _folder("centres/"),
    "activity": _folder("centres/"),  # key: 'centre-id/activity-id'
    "upcoming": lambda key: f"upcoming/{key}/{INDEX}" if key else f"upcoming/{INDEX}",  # '', 'categories/s', 'audiences/s'
    "calendar": lambda key: f"calendar/{INDEX}",
    "month": _folder("calendar/"),  # key: 'YYYY-MM'
    "page": _folder(""),
    "subscribe": lambda key: f"subscribe/{INDEX}" if key == "all" else f"subscribe/{key}/{INDEX}",  # key: a feed key
    "qr": lambda key: ("subscribe/" if key == "all" else f"subscribe/{key}/") + "qr.svg",
    "poster": _folder("posters/"),  # key: 'centres/<id>/YYYY-MM' or 'audiences/<slug>/YYYY-MM'
    "poster_qr": lambda key: f"posters/{key}/qr.svg",  # key: 'centres/<id>' or 'audiences/<slug>'
    "search": lambda key: f"search/{INDEX}",
    "404": lambda key: "404.html",
    "feed": lambda key: f"feeds/{key}.ics",  # 'all', 'centres/<id>', 'categories/<s>', 'audiences/<s>', 'activities/<c>/<a>'
    "atom": lambda key: "feeds/stories.xml",
    "event": lambda key: f"feeds/events/{key}.ics",  # key: 'centre-id/activity-id/YYYYMMDD'
    "photo": lambda key: key,  # key: the published file, beside its story or under images/
    "static": lambda key: f"static/{key}",  # key: the file under the theme's static/
    "sitemap": lambda key: "sitemap.xml",
    "robots": lambda key: "robots.txt",
    "search_index": lambda key: "pagefind/",  # a folder: Pagefind writes its files into it
}
KINDS = tuple(_PATHS)
_FIRST = {"stories": "1"}  # the key a kind's route has when none is given: the first list page
HTML_KINDS = ("home", "stories", "story", "tags", "tag", "centres", "centre", "activity", "upcoming",
              "calendar", "month", "page", "subscribe", "poster", "search", "404")


def path_for(kind: str, key: str = "") -> str:
    """The file (relative to output/) of the route ``kind``/``key``: the one place addresses are made."""
    return _PATHS[kind](_key(kind, key))


def _key(kind: str, key) -> str:
    return str(key) or _FIRST.get(kind, "")


def url_of(dest_path: str) -> str:
    """The site-relative address that links to a file: a page's folder, any other file itself."""
    return dest_path[: -len(INDEX)] if dest_path == INDEX or dest_path.endswith("/" + INDEX) else dest_path


def url(kind: str, key: str = "") -> str:
    """The site-relative address of ``kind``/``key`` by the scheme alone (not checked against a plan)."""
    return url_of(path_for(kind, key))


class RouteMissing(LookupError):
    """A link to a route the plan does not hold: a dead link, stopped at build time."""

    def __init__(self, kind: str, key: str):
        super().__init__(f"no route {kind!r} {key!r} in the plan")
        self.kind, self.key = kind, key


@dataclass(frozen=True)
class Route:
    """One file of output/ (or, for ``search_index``, one folder a producer fills)."""

    dest_path: str  # relative to output/, '/'-separated; a folder ends with '/'
    kind: str  # one of KINDS
    key: str  # what it is within its kind: a slug, an id, 'YYYY-MM', a feed key (see _PATHS)
    producer: str  # "page", "feed", "atom", "event", "qr", "photo", "copy", "sitemap", "robots", "search_index"
    sources: tuple[str, ...] = ()  # site-relative source files whose change changes this file
    settings: tuple[str, ...] = ()  # site.yaml keys, and "theme" / "today", it depends on
    template: str = ""  # the theme template of an HTML page
    origin: SourceLocation | None = field(default=None, compare=False)  # who asked for it (clash messages)

    @property
    def url(self) -> str:
        return url_of(self.dest_path)

    @property
    def is_folder(self) -> bool:
        return self.dest_path.endswith("/")


@dataclass(frozen=True)
class Claim:
    """An address a source holds without a route today (a story scheduled for later): kept for it,
    so a clash is found now and not on the day it goes online."""

    dest_path: str
    origin: SourceLocation


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]  # every file of output/, sorted by dest_path, each once

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Route]:
        return {(r.kind, r.key): r for r in self.routes}

    def route(self, kind: str, key: str = "") -> Route:
        try:
            return self._by_key[(kind, _key(kind, key))]
        except KeyError:
            raise RouteMissing(kind, str(key)) from None

    def url_for(self, kind: str, key: str = "") -> str:
        """The site-relative address of a route the plan holds; RouteMissing if there is none."""
        return self.route(kind, key).url

    def has(self, kind: str, key: str = "") -> bool:
        return (kind, _key(kind, key)) in self._by_key

    def of_kind(self, *kinds: str) -> list[Route]:
        return [r for r in self.routes if r.kind in kinds]

    def by_producer(self, producer: str) -> list[Route]:
        return [r for r in self.routes if r.producer == producer]


def make_plan(routes: list[Route], claims: list[Claim], errors: ErrorCollector) -> Plan:
    """The plan of ``routes``, after reporting every clash (see ``find_clashes``) to ``errors``;
    of two routes that want one file, the first is kept."""
    kept: dict[str, Route] = {}
    for route in routes:
        kept.setdefault(route.dest_path, route)
    find_clashes(routes, claims, errors)
    return Plan(tuple(kept[d] for d in sorted(kept)))


def _name(route_or_claim) -> str:
    origin = route_or_claim.origin
    return str(origin) if origin is not None else ""


def find_clashes(routes: list[Route], claims: list[Claim], errors: ErrorCollector) -> None:
    """Every pair of sources that want the same file, each reported once at the later source with
    the earlier one named: two stories with one slug, a page on an address sitegen makes (tags/),
    a file where a folder of sitegen's is (a page 'feeds' beside feeds/*.ics)."""
    language = errors.language
    owner: dict[str, Route | Claim] = {}
    for item in sorted([*routes, *claims], key=lambda i: (i.dest_path, i.origin is not None, i.origin or SourceLocation(""))):
        first = owner.setdefault(item.dest_path, item)
        if first is not item:
            _report(item, first, item.dest_path, errors, language)
    # a page's top folder, or its name + '.html', already used for sitegen's own files
    made = [r for r in routes if r.kind != "page"]
    folders: dict[str, Route] = {}
    for route in made:
        top = route.dest_path.split("/", 1)[0]
        folders.setdefault(top if "/" in route.dest_path else top.removesuffix(".html"), route)
    for route in routes:
        if route.kind == "page":
            top = route.dest_path.split("/", 1)[0]
            other = folders.get(top)
            if other is not None and owner.get(route.dest_path) is route:
                _report(route, other, route.dest_path, errors, language)


def _report(item, first, dest: str, errors: ErrorCollector, language: str) -> None:
    where = item.origin or first.origin or SourceLocation("site.yaml")
    address = url_of(dest)
    kind = getattr(item, "kind", "story")
    if kind == "story" and getattr(first, "kind", "story") == "story":
        errors.error(where, message("route_story_clash", language, url=address, other=_name(first)))
    elif first.origin is None:
        errors.error(where, message("route_reserved", language, url=address,
                                                   other=url_of(first.dest_path) or first.dest_path))
    else:
        errors.error(where, message("route_clash", language, url=address, other=_name(first)))
