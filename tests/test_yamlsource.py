"""The one YAML loader: locations of every value, and the YAML 1.1 traps switched off."""
from __future__ import annotations

import datetime as dt

import pytest

from sitegen.errors import ErrorCollector, SourceError, SourceLocation
from sitegen.yamlsource import Fields, load_yaml, split_front_matter


def load(text: str, errors: ErrorCollector | None = None):
    return load_yaml(text, "f.yaml", errors or ErrorCollector())


def test_on_no_and_unquoted_times_stay_what_people_wrote():
    data = load("repeat: {every: week, on: monday}\nanswer: no\ntime: 19:00\nfree: yes\nok: true\n")
    assert data["repeat"] == {"every": "week", "on": "monday"}
    assert data["answer"] == "no" and data["free"] == "yes"
    assert data["time"] == "19:00"  # YAML 1.1 would read 1140 (base 60)
    assert data["ok"] is True


def test_dates_numbers_and_date_keys():
    data = load("from: 2026-03-01\ncount: 12\ncancel:\n  2026-10-01: 国庆\n")
    assert data["from"] == dt.date(2026, 3, 1) and data["count"] == 12
    assert list(data["cancel"]) == ["2026-10-01"]  # keys stay text, parsed by their reader


def test_locations_of_keys_values_and_list_items():
    data = load("centre:\n  id: cdy\nactivities:\n  - id: a\n  - id: b\n")
    assert data["centre"].where("id") == SourceLocation("f.yaml", 2, 7)
    assert data["centre"].where_key("id") == SourceLocation("f.yaml", 2, 3)
    assert data["activities"].item_locs == [SourceLocation("f.yaml", 4, 5), SourceLocation("f.yaml", 5, 5)]


def test_duplicate_keys_are_reported_with_both_lines():
    errors = ErrorCollector()
    data = load("title: a\ntitle: b\n", errors)
    assert data == {"title": "a"}
    assert [str(p) for p in errors.problems] == [
        "f.yaml:2:1: error: 'title' is written twice in the same block (first on line 1); keep one of them"]


def test_syntax_error_names_the_line_and_how_to_fix():
    with pytest.raises(SourceError) as info:
        load("a: 1\nb: c: d\n")
    assert str(info.value) == ("f.yaml:2:5: error: this line has two ': ', so the field and its text cannot be "
                               "told apart: b: c: d; put the text after the first colon in quotes, e.g. "
                               "title: \"Talk: health\"")


def test_impossible_date_is_kept_as_text_for_its_reader():
    assert load("date: 2026-02-30\n")["date"] == "2026-02-30"


def test_front_matter_split_and_line_offset():
    text = "---\ntitle: 你好\ndate: 2026-01-01\n---\n正文第一行\n"
    yaml_text, body, body_line = split_front_matter(text)
    assert body == "正文第一行\n" and body_line == 5
    data = load_yaml(yaml_text, "s.md", ErrorCollector(), line_offset=1)
    assert data.where("date") == SourceLocation("s.md", 3, 7)
    assert split_front_matter("no front matter") == (None, "no front matter", 1)


def test_fields_report_unknown_keys_with_a_suggestion_and_wrong_types():
    errors = ErrorCollector()
    data = load("titel: x\ncapacity: many\ntags: 文化\ndraft: maybe\n", errors)
    fields = Fields(data, "the story", errors, ("title", "capacity", "tags", "draft"), data.loc)
    assert fields.text("title", required=True, hint="the headline") is None
    assert fields.integer("capacity") is None
    assert fields.text_list("tags") == ("文化",)
    assert fields.boolean("draft") is False
    # 'title' is not reported missing as well: the misspelt 'titel' already says what to do
    assert [p.message for p in errors.problems] == [
        "unknown field 'titel' in the story (did you mean 'title'?); allowed fields: title, capacity, tags, draft",
        "'capacity' must be a whole number, not 'many'",
        "'draft' must be true or false, not 'maybe'",
    ]
