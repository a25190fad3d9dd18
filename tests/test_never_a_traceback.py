"""Never a traceback, for any input: hostile story front matter and schedules (Hypothesis).

Each example writes random text, random bytes or randomly typed YAML into a copy of
tests/sites/invalid/_base and runs `sitegen check`. It must end with exit 0 or 1, raise nothing,
and every error line must name a file of the site.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from sitegen.cli import main
from sitegen.schedules import ACTIVITY_FIELDS, REPEAT_FIELDS
from sitegen.stories import STORY_FIELDS

BASE = Path(__file__).parent / "sites" / "invalid" / "_base"
STORY = "content/stories/hello/index.md"
SCHEDULE = "calendars/base.yaml"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["2026/10/1", "2026年10月1日", "20261020", "2026-11-31", "9点半", "25:00-26:00",
                     "19:00-20:30", "on", "yes", "周二", "last saturday", "重阳", "holidays", "∞", "\u202e",
                     "0000-00-00", "9999-12-31", "-1", "１９：００-２０：３０"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
keys = st.one_of(st.sampled_from(ACTIVITY_FIELDS + REPEAT_FIELDS + STORY_FIELDS), st.text(max_size=8))
activity = st.dictionaries(keys, values, max_size=8)
hostile_text = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=1, max_value=3000).map(lambda n: "a: " + "[" * n),
    st.integers(min_value=1, max_value=400).map(lambda n: "".join(f"{'  ' * i}k{i}:\n" for i in range(n))),
)


def check(files: dict[str, str | bytes]) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(BASE, site)
        for path, content in files.items():
            target = site / path
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", errors="surrogatepass")
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            status = main(["--site", str(site), "check", "--today", "2026-11-23"])
        names = {p.relative_to(site).as_posix() for p in site.rglob("*")} | {"site.yaml"}
    stderr = err.getvalue()
    assert status in (0, 1)
    assert "Traceback" not in stderr
    for line in stderr.splitlines():
        match = re.match(r"(.+?)(?::\d+:\d+)?: (error|warning): ", line)
        if match:
            assert match.group(1) in names, line
        else:
            assert line.startswith("sitegen check"), line  # the summary line
    return status, stderr


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)


def story(front: str) -> str:
    return f"---\n{front}\n---\n正文。\n"


@SETTINGS
@given(hostile_text)
def test_any_text_as_front_matter_or_schedule(text):
    check({STORY: story(text)})
    check({SCHEDULE: text})


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes(data):
    check({STORY: b"---\n" + data + b"\n---\n", SCHEDULE: data})


@SETTINGS
@given(st.dictionaries(keys, values, max_size=8), st.lists(activity, max_size=3))
def test_wrongly_typed_fields(front, activities):
    base = {"id": "base", "name": "基础中心"}
    check({STORY: story(dump(front) if front else ""),
           SCHEDULE: dump({"centre": base, "activities": activities})})
