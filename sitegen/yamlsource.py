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
import unicodedata
from typing import Any, Iterable

import yaml
from yaml.resolver import BaseResolver

from .errors import ErrorCollector, SourceError, SourceLocation
from .words import label, message

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

    ``line_offset`` shifts reported lines, for YAML embedded in a file (front matter). A syntax
    error is reworded for staff (see ``_syntax_problem``): PyYAML's own words ("while scanning a
    simple key") name neither the cause nor the fix, and often point at the line after it.
    """
    _check_size(text, src_path, line_offset)
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, src_path, errors, line_offset)
    except yaml.reader.ReaderError as exc:  # a control character (NUL, form feed…) copied in from elsewhere
        position = exc.position if isinstance(exc.position, int) else 0
        line = text[:position].count("\n") + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        raise SourceError(SourceLocation(src_path, line + line_offset, column),
                          message("yaml_bad_char", errors.language, code=f"{exc.character:04X}"
                                  if isinstance(exc.character, int) else exc.character)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column, words = _syntax_problem(text, exc, mark, errors.language)
        raise SourceError(SourceLocation(src_path, line + line_offset if line else 0, column), words) from None
    except RecursionError:  # hundreds of nested brackets: no schedule needs that
        raise SourceError(SourceLocation(src_path, 1 + line_offset, 1),
                          message("yaml_too_deep", errors.language)) from None
    finally:
        if loader is not None:
            loader.dispose()


_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"{}\[\],][^:#'\"]*?)\s*：")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _in_block_text(lines: list[str], number: int) -> bool:
    """Whether line ``number`` is text of a ``|`` or ``>`` block (where '：' is just text): the first
    less-indented line above it decides."""
    indent = _indent(lines[number])
    for above in range(number - 1, -1, -1):
        if lines[above].strip() and _indent(lines[above]) < indent:
            return bool(re.search(r"[|>][-+0-9]*\s*$", lines[above]))
    return False


def _open_columns(lines: list[str], content: list[int]) -> set[int]:
    """Columns a new line may start at: those of the line above and of each enclosing block (a
    '- key:' item also opens its key's column)."""
    columns: set[int] = set()
    lowest = None
    for number in content:
        indent = _indent(lines[number])
        if lowest is None or indent <= lowest:
            columns.add(indent)
            if lines[number].strip().startswith("- "):
                columns.add(indent + 2)
            lowest = indent
    return columns


def _syntax_problem(text: str, exc: yaml.YAMLError, mark, language: str) -> tuple[int, int, str]:
    """(1-based line, column, message) for a YAML syntax error, naming the likely cause.

    Checked in order, on the line PyYAML stopped at and the two above it: a tab in the indentation, a
    full-width colon after a key (``location：调解室``), then the indentation of the line against
    the line above. Anything else keeps PyYAML's words behind a plain explanation.
    """
    lines = text.splitlines()
    stop = mark.line if mark else len(lines) - 1  # 0-based
    stop = min(max(stop, 0), max(len(lines) - 1, 0))
    near = range(stop, max(stop - 3, -1), -1)  # PyYAML stops on the line of the mistake or soon after
    for number in near:
        line = lines[number] if lines else ""
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading:
            return number + 1, leading.index("\t") + 1, message("yaml_tab", language)
    for number in near:
        line = lines[number] if lines else ""
        match = _FULLWIDTH_COLON.match(line)
        if match and not line.strip().startswith("#") and not _in_block_text(lines, number):
            key = match.group(2).strip()
            return number + 1, match.end(), message("yaml_fullwidth_colon", language, key=key,
                                                    line=line.strip(), fixed=line.strip().replace("：", ": ", 1))
    if "\t" in (getattr(exc, "problem", "") or ""):  # a tab inside a line, not in the indentation
        return stop + 1, (mark.column + 1) if mark else 1, message("yaml_tab", language)
    if mark and lines and lines[stop].strip():
        line = lines[stop]
        content = [n for n in range(stop - 1, -1, -1) if lines[n].strip()
                   and not lines[n].strip().startswith("#") and not _in_block_text(lines, n)]
        if content:
            above, prev = content[0], lines[content[0]]
            opens_block = prev.rstrip().endswith((":", "|", ">", "-")) or prev.strip().startswith("- ")
            if _indent(line) not in _open_columns(lines, content) and not (opens_block and _indent(line) > _indent(prev)):
                return stop + 1, _indent(line) + 1, message(
                    "yaml_indent", language, line=stop + 1, text=line.strip(), spaces=_indent(line),
                    above=above + 1, above_text=prev.strip(), above_spaces=_indent(prev))
        if line.count(": ") + line.count(":\t") > 1 and not re.search(r"[\[{]", line):
            return stop + 1, mark.column + 1, message("yaml_quote", language, text=line.strip())
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if context:
        problem = f"{context}, {problem}"
    if "flow" in problem:  # an unclosed or stray [ ] { }
        return ((stop + 1) if mark else 0, (mark.column + 1) if mark else 0, message("yaml_brackets", language))
    return ((stop + 1) if mark else 0, (mark.column + 1) if mark else 0,
            message("yaml_syntax", language, problem=problem))


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
                errors.error(key_loc, message("key_not_word", errors.language))
                continue
            key = _key_text(key_node, loader)
            if key in result:
                first = result.key_locs[key]
                errors.error(key_loc, message("key_twice", errors.language, key=key, line=first.line))
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


def suggest(word: str, choices: Iterable[str], language: str = "en") -> str:
    """' (did you mean 'x'?)' (or '（是不是想写 'x'？）') for a near miss, else ''."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:  # the same word in other letter case: Base for base
        close = [c for c in choices if c.lower() == str(word).lower()][:1]
    return message("did_you_mean", language, word=close[0]) if close else ""


class Fields:
    """Typed, located access to one YAML mapping, reporting every mistake to ``errors``.

    ``what`` names the block in messages ("site.yaml", "activity 'concert'"; ``words.label``
    translates it). Unknown keys are reported at construction, with a spelling suggestion from
    ``allowed``; a required field that was misspelt is then not reported missing as well.
    """

    def __init__(self, data: Any, what: str, errors: ErrorCollector, allowed: Iterable[str],
                 loc: SourceLocation):
        self.what = what
        self.errors = errors
        self.allowed = tuple(allowed)
        self.misspelt: dict[str, str] = {}  # allowed field → the unknown key that looks like it
        if isinstance(data, YMap):
            self.data = data
        elif isinstance(data, dict):  # built in code (defaults), not read from a file
            self.data = YMap(data)
            self.data.loc, self.data.key_locs, self.data.value_locs = loc, {}, {}
        else:
            self.data = YMap()
            self.data.loc, self.data.key_locs, self.data.value_locs = loc, {}, {}
            match = _FULLWIDTH_COLON.match(data) if isinstance(data, str) else None
            if match:  # 'title：你好' alone reads as one line of text, not as a field
                line = data.strip().splitlines()[0]
                self.errors.error(loc, message("yaml_fullwidth_colon", self.language, key=match.group(2).strip(),
                                               fixed=line.replace("：", ": ", 1)))
            elif data is not None:
                self._say(loc, "not_a_block", value=_short(data))
        for key in self.data:
            if key not in self.allowed:
                close = difflib.get_close_matches(key, self.allowed, n=1, cutoff=0.6)
                if close:
                    self.misspelt.setdefault(close[0], key)
                self._say(self.data.where_key(key), "unknown_field", key=key,
                          suggestion=suggest(key, self.allowed, self.language),
                          allowed=("、" if self.language.startswith("zh") else ", ").join(self.allowed))

    @property
    def language(self) -> str:
        return self.errors.language

    def _say(self, loc: SourceLocation, key: str, /, **values: Any) -> None:
        self.errors.error(loc, message(key, self.language, what=label(self.what, self.language), **values))

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
        if key in self.misspelt:  # already reported as an unknown field with 'did you mean'
            return
        if key in self.data:  # written, but with nothing after the colon
            self._say(self.where(key), "field_empty", key=key, hint=label(hint, self.language))
            return
        self._say(self.loc, "field_missing", key=key, hint=label(hint, self.language))

    def text(self, key: str, *, required: bool = False, default: str | None = None,
             hint: str = "...") -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, hint)
            return default
        if isinstance(value, (YMap, YList)):
            self._say(self.where(key), "text_not_block", key=key)
            return default
        if isinstance(value, bool):
            self._say(self.where(key), "text_quote", key=key)
            return default
        text = str(value).strip()
        if required and not text:
            self._say(self.where(key), "field_empty", key=key, hint=label(hint, self.language))
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
                self._say(loc, "list_entry", key=key)
                continue
            text = str(item).strip()
            if text and text not in result:
                result.append(text)
        return tuple(result)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required and key in self.data:  # 'date:' with nothing after it
                self.errors.error(self.where(key), date_problem("", self.language, key))
            elif required:
                self._missing(key, "YYYY-MM-DD")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.errors.error(self.where(key), date_problem(value, self.language, key))
        return parsed

    def integer(self, key: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._say(self.where(key), "not_whole_number", key=key, value=_short(value))
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if maximum is not None:
                self._say(self.where(key), "number_between", key=key, minimum=minimum, maximum=maximum,
                          value=_short(value))
            else:
                self._say(self.where(key), "number_at_least", key=key, minimum=minimum, value=_short(value))
            return default
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._say(self.where(key), "not_true_false", key=key, value=_short(value))
            return default
        return value


def _short(value: Any, limit: int = 40) -> str:
    """A value as staff wrote it, cut short: a message quoting a whole block helps nobody."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


# The date spellings staff type, after NFKC (full-width digits and ／．－ become ASCII).
_DATE_SPELLINGS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
)


def _date_numbers(value: Any) -> tuple[int, int, int] | None:
    """(year, month, day) as written in one of the accepted spellings, not yet checked."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    for pattern in _DATE_SPELLINGS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = map(int, match.groups())
            return year, month, day
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML: already a date, or text in an accepted spelling (keys stay text).

    The one date reader of sitegen: story dates, schedule dates and date keys (cancel, move, add,
    holidays) all accept 2026-10-01, 2026-10-1, 2026/10/1, 2026.10.1 and 2026年10月1日.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    numbers = _date_numbers(value)
    if numbers:
        try:
            return dt.date(*numbers)
        except ValueError:
            return None
    return None


def date_problem(value: Any, language: str, key: str | None = None) -> str:
    """Why ``value`` is not a date, in words, with the spelling to use instead."""
    shown = _short(value)
    numbers = _date_numbers(value)
    if numbers:
        year, month, day = numbers
        if not 1 <= month <= 12:
            return message("date_no_month", language, value=shown, month=month)
        if year < 1:
            return _not_a_date(shown, key, language)
        days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return message("date_no_day", language, value=shown, year=year, month=month, days=days)
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", unicodedata.normalize("NFKC", str(value)).strip())
    if compact and not isinstance(value, (bool, float)):
        fixed = "-".join(compact.groups())
        return message("date_compact", language, value=shown, fixed=fixed)
    if isinstance(value, str) and not value.strip():
        return message("date_empty", language, field=_field(key, language))
    return _not_a_date(shown, key, language)


def _not_a_date(shown: str, key: str | None, language: str) -> str:
    if key is None:  # a date key of 'cancel:' or 'holidays:', which has no name of its own
        return message("date_not_a_date", language, value=shown)
    return message("date_invalid", language, value=shown, field=_field(key, language))


def _field(key: str | None, language: str) -> str:
    if language == "en":
        return f"'{key}'" if key else "a date"
    return f"“{key}”" if key else "日期"
