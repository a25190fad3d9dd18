"""sitegen.yamlsource: one YAML loader that keeps where every key and value was written."""
from __future__ import annotations

import datetime as dt

import pytest
from sitegen.errors import ErrorCollector, SourceError, SourceLocation
from sitegen.yamlsource import (
    Fields,
    YList,
    YMap,
    date_problem,
    load_yaml,
    parse_date,
    split_front_matter,
    suggest,
)

SRC = "calendars/x.yaml"


def load(text: str, errors: ErrorCollector | None = None, **kwargs):
    return load_yaml(text, SRC, errors if errors is not None else ErrorCollector(), **kwargs)


# ---- locations ----

def test_values_and_keys_have_one_based_line_and_column():
    data = load("title: 音乐会\nrepeat:\n  every: month\n  on: last saturday\n")
    assert isinstance(data, YMap)
    assert data.where_key("title") == SourceLocation(SRC, 1, 1)
    assert data.where("title") == SourceLocation(SRC, 1, 8)
    assert data.where_key("repeat") == SourceLocation(SRC, 2, 1)
    nested = data["repeat"]
    assert nested.where_key("every") == SourceLocation(SRC, 3, 3)
    assert nested.where("every") == SourceLocation(SRC, 3, 10)
    assert nested.where("on") == SourceLocation(SRC, 4, 7)
    assert nested.loc.line == 3


def test_list_items_have_locations():
    data = load("tags:\n  - 文化\n  - 健康\ninline: [a, bb]\n")
    tags = data["tags"]
    assert isinstance(tags, YList) and tags == ["文化", "健康"]
    assert tags.item_locs == [SourceLocation(SRC, 2, 5), SourceLocation(SRC, 3, 5)]
    assert data["inline"].item_locs == [SourceLocation(SRC, 4, 10), SourceLocation(SRC, 4, 13)]


def test_where_falls_back_to_the_block_for_absent_keys():
    data = load("a: 1\nblock:\n  b: 2\n")
    assert data["block"].where("missing") == data["block"].loc
    assert data["block"].where_key("missing").line == 3


def test_location_prints_as_path_line_column():
    assert str(SourceLocation(SRC, 3, 7)) == f"{SRC}:3:7"
    assert str(SourceLocation(SRC)) == SRC


# ---- YAML 1.1 habits switched off ----

def test_on_no_yes_stay_strings_as_keys_and_values():
    data = load("on: monday\nno: 3\nanswer: yes\noff: no\nflag: true\n")
    assert set(data) == {"on", "no", "answer", "off", "flag"}
    assert data["on"] == "monday"
    assert data["no"] == 3
    assert data["answer"] == "yes"
    assert data["off"] == "no"
    assert data["flag"] is True  # real booleans still work


def test_flow_mapping_with_on_keeps_the_key_on():
    data = load("repeat: {every: week, on: tuesday}\n")
    assert data["repeat"] == {"every": "week", "on": "tuesday"}


@pytest.mark.parametrize("text", ["19:00", "9:30", "19:00-20:30", "1:00:00"])
def test_unquoted_times_stay_text(text):
    data = load(f"time: {text}\n")
    assert data["time"] == text
    assert isinstance(data["time"], str)


def test_numbers_and_null():
    data = load("n: 42\nneg: -1\nf: 1.5\nempty:\ntilde: ~\n")
    assert data == {"n": 42, "neg": -1, "f": 1.5, "empty": None, "tilde": None}


def test_dates_parse_and_impossible_dates_stay_text():
    data = load("d: 2026-01-31\nshort: 2026-1-5\nbad: 2026-13-01\nfeb: 2026-02-30\n")
    assert data["d"] == dt.date(2026, 1, 31)
    assert data["short"] == dt.date(2026, 1, 5)
    assert data["bad"] == "2026-13-01"
    assert data["feb"] == "2026-02-30"


def test_date_keys_stay_text():
    data = load("cancel:\n  2026-10-01: 国庆\n")
    assert list(data["cancel"]) == ["2026-10-01"]


# ---- duplicate keys ----

def test_duplicate_key_reported_with_both_lines():
    errors = ErrorCollector()
    data = load("title: a\nid: x\ntitle: b\n", errors)
    assert data["title"] == "a"  # the first is kept
    assert len(errors.errors) == 1
    problem = errors.errors[0]
    assert problem.location == SourceLocation(SRC, 3, 1)
    assert "first on line 1" in problem.message
    assert "'title'" in problem.message


def test_duplicate_key_in_nested_block():
    errors = ErrorCollector()
    load("cancel:\n  2026-10-01: 国庆\n  2026-11-01: x\n  2026-10-01: again\n", errors)
    assert [(p.location.line, p.location.column) for p in errors.errors] == [(4, 3)]
    assert "first on line 2" in errors.errors[0].message


def test_same_key_in_different_blocks_is_fine():
    errors = ErrorCollector()
    load("a:\n  id: 1\nb:\n  id: 2\n", errors)
    assert errors.problems == []


# ---- syntax errors ----

def test_syntax_error_raises_source_error_with_its_line():
    with pytest.raises(SourceError) as info:
        load("a: 1\nb: 2\nc: d: e\n")
    problem = info.value.problem
    assert problem.location.src_path == SRC
    assert problem.location.line == 3
    assert "this line has two ': '" in problem.message and "put the text after the first colon in quotes" in problem.message


def test_syntax_error_with_bad_indentation():
    with pytest.raises(SourceError) as info:
        load("centre:\n  id: a\n name: b\n")
    assert info.value.problem.location.line == 3


def test_line_offset_shifts_lines_of_values_and_errors():
    data = load("title: x\ndate: 2026-01-01\n", line_offset=1)
    assert data.where("date") == SourceLocation(SRC, 3, 7)
    with pytest.raises(SourceError) as info:
        load("a: 1\nb: c: d\n", line_offset=1)
    assert info.value.problem.location.line == 3


def test_empty_document_is_none():
    assert load("") is None
    assert load("# only a comment\n") is None


# ---- front matter ----

def test_split_front_matter_gives_body_start_line():
    text = "---\ntitle: x\ndate: 2026-01-01\n---\n正文第一段\n\n第二段\n"
    yaml_text, body, body_line = split_front_matter(text)
    assert yaml_text == "title: x\ndate: 2026-01-01\n"
    assert body == "正文第一段\n\n第二段\n"
    assert body_line == 5
    assert text.splitlines()[body_line - 1] == "正文第一段"


def test_split_front_matter_with_dots_and_crlf():
    yaml_text, body, body_line = split_front_matter("---\r\ntitle: x\r\n...\r\nbody\r\n")
    assert yaml_text is not None and "title: x" in yaml_text
    assert body == "body\r\n"
    assert body_line == 4


def test_split_front_matter_without_front_matter():
    assert split_front_matter("just text\n---\n") == (None, "just text\n---\n", 1)


def test_front_matter_and_line_offset_give_file_lines():
    text = "---\ntitle: x\nslug: Bad Slug\n---\nbody\n"
    yaml_text, _, _ = split_front_matter(text)
    data = load(yaml_text, line_offset=1)
    line = data.where("slug").line
    assert text.splitlines()[line - 1] == "slug: Bad Slug"


# ---- suggestions ----

def test_suggest():
    assert suggest("titel", ["title", "date"]) == " (did you mean 'title'?)"
    assert suggest("zzzz", ["title", "date"]) == ""


# ---- Fields ----

ALLOWED = ("title", "date", "tags", "capacity", "draft", "block")


def fields_of(text: str, errors: ErrorCollector, what: str = "the block") -> Fields:
    return Fields(load(text, errors), what, errors, ALLOWED, SourceLocation(SRC, 1, 1))


def test_unknown_key_with_did_you_mean_at_its_line():
    errors = ErrorCollector()
    fields_of("title: x\ntitel: y\n", errors)
    assert len(errors.errors) == 1
    problem = errors.errors[0]
    assert problem.location == SourceLocation(SRC, 2, 1)
    assert "unknown field 'titel'" in problem.message
    assert "did you mean 'title'?" in problem.message


def test_unknown_key_far_from_everything_lists_allowed_fields():
    errors = ErrorCollector()
    fields_of("xyzzy: 1\n", errors)
    message = errors.errors[0].message
    assert "did you mean" not in message
    assert "title, date, tags" in message


def test_required_missing():
    errors = ErrorCollector()
    fields = fields_of("date: 2026-01-01\n", errors, what="the story's front matter")
    assert fields.text("title", required=True, hint="the headline") is None
    assert fields.date("date", required=True) == dt.date(2026, 1, 1)
    assert [p.message for p in errors.errors] == [
        "the story's front matter has no 'title'; add 'title: the headline'"]


def test_required_empty_text():
    errors = ErrorCollector()
    fields = fields_of("title: '  '\n", errors)
    assert fields.text("title", required=True) is None
    assert errors.errors[0].location.line == 1 and "empty" in errors.errors[0].message


def test_required_date_missing():
    errors = ErrorCollector()
    assert fields_of("title: x\n", errors).date("date", required=True) is None
    assert "has no 'date'" in errors.errors[0].message


@pytest.mark.parametrize("text, key, method, fragment", [
    ("title: [a, b]\n", "title", "text", "must be text"),
    ("title: true\n", "title", "text", "put it in quotes"),
    ("date: 2026-13-01\n", "date", "date", "there is no month 13"),
    ("date: next week\n", "date", "date", "'date' must be a date such as 2026-10-01"),
    ("capacity: many\n", "capacity", "integer", "whole number"),
    ("capacity: true\n", "capacity", "integer", "whole number"),
    ("capacity: 1.5\n", "capacity", "integer", "whole number"),
    ("draft: yes\n", "draft", "boolean", "true or false"),
])
def test_wrong_types_are_errors_at_the_value(text, key, method, fragment):
    errors = ErrorCollector()
    fields = fields_of(text, errors)
    result = getattr(fields, method)(key)
    assert result in (None, False)
    assert len(errors.errors) == 1
    assert fragment in errors.errors[0].message
    assert errors.errors[0].location == fields.where(key)
    assert errors.errors[0].location.column > 1


def test_integer_bounds():
    errors = ErrorCollector()
    fields = fields_of("capacity: 0\n", errors)
    assert fields.integer("capacity", default=5, minimum=1, maximum=10) == 5
    assert "between 1 and 10" in errors.errors[0].message


def test_text_converts_numbers_and_dates():
    errors = ErrorCollector()
    fields = fields_of("title: 2026\ndate: 2026-01-02\n", errors)
    assert fields.text("title") == "2026"
    assert fields.text("date") == "2026-01-02"
    assert errors.problems == []


def test_text_list_accepts_a_single_string_or_a_list():
    errors = ErrorCollector()
    assert fields_of("tags: 文化\n", errors).text_list("tags") == ("文化",)
    assert fields_of("tags: [文化, 健康, 文化]\n", errors).text_list("tags") == ("文化", "健康")
    assert fields_of("tags:\n  - 一\n  - 2\n", errors).text_list("tags") == ("一", "2")
    assert fields_of("title: x\n", errors).text_list("tags") == ()
    assert errors.problems == []


def test_text_list_rejects_nested_entries_at_their_line():
    errors = ErrorCollector()
    result = fields_of("tags:\n  - ok\n  - [a, b]\n", errors).text_list("tags")
    assert result == ("ok",)
    assert errors.errors[0].location.line == 3


def test_not_a_mapping_is_an_error():
    errors = ErrorCollector()
    fields = Fields(load("- a\n- b\n"), "site.yaml", errors, ALLOWED, SourceLocation(SRC, 1, 1))
    assert not fields.has("title")
    assert "must be a block" in errors.errors[0].message


def test_parse_date():
    assert parse_date("2026-06-01") == dt.date(2026, 6, 1)
    assert parse_date(dt.datetime(2026, 6, 1, 10, 0)) == dt.date(2026, 6, 1)
    assert parse_date("2026-02-30") is None
    assert parse_date("06-01") is None
    assert parse_date(20260601) is None


# ---- the one date reader: the spellings staff type ----

@pytest.mark.parametrize("value", ["2026-10-01", "2026-10-1", "2026/10/1", "2026/10/01", "2026.10.1",
                                   "2026年10月1日", "2026年10月1号", "2026 年 10 月 1 日", "２０２６／１０／１",
                                   dt.date(2026, 10, 1), dt.datetime(2026, 10, 1, 9, 30)])
def test_accepted_date_spellings_are_the_same_day(value):
    assert parse_date(value) == dt.date(2026, 10, 1)


@pytest.mark.parametrize("value", ["20261001", "2026-11-31", "2026/13/1", "", "next week", "10/1/2026",
                                   "2026-10", 20261001, 2026.1, True, None, "0000-01-01"])
def test_other_values_are_not_dates(value):
    assert parse_date(value) is None


@pytest.mark.parametrize("value, language, expected", [
    ("20261020", "zh-CN", "“20261020”缺少分隔符；请写成 2026-10-20（也可以写 2026/10/1 或 2026年10月1日）。"),
    (20261020, "en", "'20261020' has no separators; write 2026-10-20 (or 2026/10/1)"),
    ("2026-11-31", "zh-CN", "“2026-11-31”这一天不存在：2026 年 11 月只有 30 天；请检查日期。"),
    ("2027/2/29", "en", "'2027/2/29' is not a real day: month 2 of 2027 has 28 days; check the date"),
    ("2026年13月1日", "zh-CN", "“2026年13月1日”不是日期：没有 13 月；请写成 2026-10-01 这样的年-月-日。"),
    ("下周一", "zh-CN", "“date”的值“下周一”不是日期；请写成 2026-10-01（也可以写 2026/10/1、2026.10.1 或 2026年10月1日）。"),
    ("soon", "en", "'date' must be a date such as 2026-10-01 (2026/10/1, 2026.10.1 and 2026年10月1日 work too), not 'soon'"),
    ("", "zh-CN", "“date”是空的；请在冒号后面写上日期，例如 2026-10-01。"),
])
def test_a_bad_date_is_explained_with_the_spelling_to_use(value, language, expected):
    assert date_problem(value, language, "date") == expected


def test_a_date_key_that_is_not_a_date_is_named_without_a_field():
    assert date_problem("next week", "en") == ("'next week' is not a date; write 2026-10-01 (2026/10/1, "
                                               "2026.10.1 and 2026年10月1日 work too)")


def test_empty_required_date_says_empty_at_the_value_not_missing():
    errors = ErrorCollector(language="zh-CN")
    fields = fields_of("title: t\ndate:\n", errors)
    assert fields.date("date", required=True) is None
    assert [(p.location.line, p.message) for p in errors.errors] == [
        (2, "“date”是空的；请在冒号后面写上日期，例如 2026-10-01。")]


# ---- syntax errors in plain words ----

@pytest.mark.parametrize("text, line, column, fragment", [
    ("a:\n  b: 1\n  location：调解室\n  c: 2\n", 3, 11, "“location”后面是中文冒号“：”"),
    ("a:\n  b: 1\n\tc: 2\n", 3, 1, "Tab"),
    ("a:\n  b: 1\n   c: 2\n", 3, 4, "第 3 行“c: 2”前有 3 个空格，上面第 2 行“b: 1”前有 2 个空格"),
    ("repeat: {every: week, on: [mon, tue}\n", 1, 36, "方括号 [ ] 或花括号 { } 没有配对"),
    # a '：' inside a | block is text, and a dedent back to an open column is not an indentation mistake
    ("d: |\n  地点：二楼\n  b\nx: [\n", 4, 1, "没有配对"),
])
def test_syntax_errors_name_the_cause_at_its_line(text, line, column, fragment):
    errors = ErrorCollector(language="zh-CN")
    with pytest.raises(SourceError) as info:
        load_yaml(text, SRC, errors)
    problem = info.value.problem
    assert (problem.location.line, problem.location.column) == (line, column)
    assert fragment in problem.message
    assert "YAML：" not in problem.message  # no parser jargon when the cause is known


def test_hostile_yaml_is_a_source_error_not_a_crash():
    errors = ErrorCollector()
    for text in ["[" * 5000, "a: \x00\n", "a: &x [*x]\n", "? [a, b]\n: c\n"]:
        try:
            load_yaml(text, SRC, errors)
        except SourceError as exc:
            assert exc.problem.location.src_path == SRC


def test_a_field_with_a_fullwidth_colon_alone_is_named_not_called_text():
    errors = ErrorCollector(language="zh-CN")
    fields_of("title：你好\n", errors)
    assert [p.message for p in errors.errors] == ["“title”后面是中文冒号“：”，要换成英文冒号加空格“: ”，即“title: 你好”。"]
