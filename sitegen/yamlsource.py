"""One YAML loader for site.yaml, front matter and schedules, keeping line/column of every value.

Two YAML 1.1 habits hurt non-programmers and are switched off here: ``on``/``no``/``yes`` as
booleans (``repeat: {on: monday}`` would get the key ``True``) and base-60 numbers (unquoted
``19:00`` would become the integer 1140). Duplicate keys, which PyYAML silently overwrites, are
reported as errors.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Iterable

import yaml
from yaml.resolver import BaseResolver

from .errors import ErrorCollector, SourceError, SourceLocation

try:  # the C parser is much faster; fall back to pure Python where libyaml is missing
    from yaml import CParser as _Parser

    class _ParserBase(_Parser):
        pass

    _USES_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _USES_LIBYAML = False


class _Resolver(BaseResolver):
    """Implicit types close to YAML 1.2's core schema, plus dates."""


_Resolver.yaml_implicit_resolvers = {}
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    ),
    list("0123456789"),
)

if _USES_LIBYAML:

    class _Loader(_ParserBase, yaml.constructor.SafeConstructor, _Resolver):
        def __init__(self, stream):
            _ParserBase.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)

else:  # pragma: no cover

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.constructor.SafeConstructor,
        _Resolver,
    ):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)


_EventLoader = yaml.CSafeLoader if _USES_LIBYAML else yaml.SafeLoader


class YMap(dict):
    """A mapping that remembers where it and each of its keys and values were written."""

    loc: SourceLocation
    key_locs: dict[str, SourceLocation]
    value_locs: dict[str, SourceLocation]

    def where(self, key: str) -> SourceLocation:
        return self.value_locs.get(key, self.loc)

    def where_key(self, key: str) -> SourceLocation:
        return self.key_locs.get(key, self.loc)


class YList(list):
    """A sequence that remembers where it and each item were written."""

    loc: SourceLocation
    item_locs: list[SourceLocation]


def _location(src_path: str, node: yaml.Node, line_offset: int) -> SourceLocation:
    mark = node.start_mark
    return SourceLocation(src_path, mark.line + 1 + line_offset, mark.column + 1)


def load_yaml(
    text: str, src_path: str, errors: ErrorCollector, line_offset: int = 0
) -> Any:
    """Parse one YAML document; returns YMap/YList/scalars, or raises SourceError on bad syntax.

    ``line_offset`` shifts reported lines, for YAML embedded in a file (front matter).
    """
    _check_size(text, src_path, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, src_path, errors, line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        column = (mark.column + 1) if mark else 0
        problem = exc.problem or "cannot read this"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise SourceError(
            SourceLocation(src_path, line, column),
            f"YAML syntax: {problem}. Check the indentation here and on the line above, "
            "and put quotes around text that contains ': ' or starts with a special character.",
        ) from None
    finally:
        loader.dispose()


MAX_YAML_DEPTH = 64  # blocks inside blocks; a schedule needs about 5
MAX_YAML_VALUES = 200_000  # values after aliases are expanded: an "alias bomb" makes billions


def _check_size(text: str, src_path: str, line_offset: int) -> None:
    """Refuse nesting and alias expansion that would take unbounded time or memory, before any
    node is built (streamed events: no recursion). Raises SourceError at the place it happens."""
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # [values so far, anchor] per open block
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([1, event.anchor])
                if len(stack) > MAX_YAML_DEPTH:
                    _too_big(event, src_path, line_offset, f"blocks are nested more than {MAX_YAML_DEPTH} deep")
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                size, anchor = stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                size, anchor = sizes.get(event.anchor, 1), None
            elif isinstance(event, yaml.ScalarEvent):
                size, anchor = 1, event.anchor
            else:
                continue
            if anchor:
                sizes[anchor] = size
            stack[-1][0] += size
            if stack[-1][0] > MAX_YAML_VALUES or size > MAX_YAML_VALUES:
                _too_big(event, src_path, line_offset,
                         f"aliases (*name) expand to more than {MAX_YAML_VALUES} values")
    except yaml.YAMLError:
        return  # the real parse below reports the syntax error with its place


def _too_big(event, src_path: str, line_offset: int, why: str) -> None:
    mark = event.start_mark
    raise SourceError(SourceLocation(src_path, mark.line + 1 + line_offset, mark.column + 1),
                      f"YAML: {why}; write the values out plainly")


def _convert(node, loader, src_path, errors, line_offset):
    if isinstance(node, yaml.MappingNode):
        result = YMap()
        result.loc = _location(src_path, node, line_offset)
        result.key_locs, result.value_locs = {}, {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key_loc = _location(src_path, key_node, line_offset)
            if not isinstance(key_node, yaml.ScalarNode):
                errors.error(key_loc, "a key must be a plain word, not a list or mapping")
                continue
            key = _key_text(key_node, loader)
            if key in result:
                first = result.key_locs[key]
                errors.error(
                    key_loc,
                    f"'{key}' is written twice in the same block (first on line {first.line}); "
                    "keep one of them",
                )
                continue
            result.key_locs[key] = key_loc
            result.value_locs[key] = _location(src_path, value_node, line_offset)
            result[key] = _convert(value_node, loader, src_path, errors, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YList(
            _convert(item, loader, src_path, errors, line_offset) for item in node.value
        )
        result.loc = _location(src_path, node, line_offset)
        result.item_locs = [_location(src_path, item, line_offset) for item in node.value]
        return result
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # looks like a date but is not one (2026-13-01): keep the text, let the reader say why
        return node.value


def _key_text(key_node: yaml.ScalarNode, loader) -> str:
    """Keys are text as written (a date key such as ``2026-01-31:`` is parsed by its reader)."""
    return key_node.value


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---``-delimited front matter from a Markdown body.

    Returns (front matter text or None, body, line number where the body starts, 1-based).
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    yaml_text = match.group(1)
    body_start_line = text[: match.end()].count("\n") + 1
    return yaml_text, text[match.end():], body_start_line


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Fields:
    """Typed, located access to one YAML mapping, reporting every mistake to ``errors``.

    ``what`` names the block in messages ("site.yaml", "activity 'concert'"). Unknown keys are
    reported at construction, with a spelling suggestion from ``allowed``.
    """

    def __init__(self, data: Any, what: str, errors: ErrorCollector, allowed: Iterable[str],
                 loc: SourceLocation):
        self.what = what
        self.errors = errors
        self.allowed = tuple(allowed)
        if isinstance(data, YMap):
            self.data = data
        elif isinstance(data, dict):  # built in code (defaults), not read from a file
            self.data = YMap(data)
            self.data.loc, self.data.key_locs, self.data.value_locs = loc, {}, {}
        else:
            self.data = YMap()
            self.data.loc, self.data.key_locs, self.data.value_locs = loc, {}, {}
            if data is not None:
                errors.error(loc, f"{what} must be a block of 'key: value' lines")
        for key in self.data:
            if key not in self.allowed:
                errors.error(
                    self.data.where_key(key),
                    f"unknown field '{key}' in {what}{suggest(key, self.allowed)}; "
                    f"allowed fields: {', '.join(self.allowed)}",
                )

    @property
    def loc(self) -> SourceLocation:
        return self.data.loc

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def where(self, key: str) -> SourceLocation:
        return self.data.where(key)

    def raw(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def _missing(self, key: str, hint: str) -> None:
        self.errors.error(self.loc, f"{self.what} has no '{key}'; add '{key}: {hint}'")

    def text(self, key: str, *, required: bool = False, default: str | None = None,
             hint: str = "...") -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, hint)
            return default
        if isinstance(value, (YMap, YList)):
            self.errors.error(self.where(key), f"'{key}' must be text, not a list or block")
            return default
        if isinstance(value, bool):
            self.errors.error(self.where(key), f"'{key}' must be text; put it in quotes")
            return default
        text = str(value).strip()
        if required and not text:
            self.errors.error(self.where(key), f"'{key}' is empty; write {hint}")
            return default
        return text

    def text_list(self, key: str) -> tuple[str, ...]:
        """A single text or a list of texts (``tags: 文化`` and ``tags: [文化, 健康]`` both work)."""
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, YList) else [value]
        locs = value.item_locs if isinstance(value, YList) else [self.where(key)]
        result = []
        for item, loc in zip(items, locs):
            if isinstance(item, (YMap, YList)) or item is None or isinstance(item, bool):
                self.errors.error(loc, f"each entry of '{key}' must be a plain word or name")
                continue
            text = str(item).strip()
            if text and text not in result:
                result.append(text)
        return tuple(result)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, "YYYY-MM-DD")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.errors.error(
                self.where(key),
                f"'{key}' must be a real date written YYYY-MM-DD (for example 2026-06-01), not '{value}'",
            )
        return parsed

    def integer(self, key: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors.error(self.where(key), f"'{key}' must be a whole number, not '{value}'")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.errors.error(self.where(key), f"'{key}' must be {bounds}, not {value}")
            return default
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.errors.error(self.where(key), f"'{key}' must be true or false, not '{value}'")
            return default
        return value


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML: already a date, or text YYYY-MM-DD (keys stay text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    return None
