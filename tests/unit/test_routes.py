"""The plan of output/: every built file is exactly one route, every route's address comes from
the one scheme, clashes name both sources, and a link to a route that does not exist stops the build."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import build, load
from sitegen.errors import BuildFailed, ErrorCollector, SourceLocation
from sitegen.output import inside_output
from sitegen.routes import KINDS, Claim, Route, RouteMissing, make_plan, path_for, url_of

ROOT = Path(__file__).resolve().parents[2]
BASIC = ROOT / "tests" / "sites" / "basic"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example site, planned and built once."""
    out = tmp_path_factory.mktemp("routes") / "output"
    build(ROOT, out, TODAY, cache_dir=None)
    return load(ROOT, TODAY, ErrorCollector()), out


def built_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {".sitegen-output"}


def test_every_built_file_is_exactly_one_route_and_every_route_is_built(example):
    loaded, out = example
    plan = loaded.plan
    files = built_files(out)
    folders = [r.dest_path for r in plan.routes if r.is_folder]
    assert folders == ["pagefind/"]  # Pagefind fills its folder; every other route is one file
    owners = {f: [r.dest_path for r in plan.routes if r.dest_path == f or (r.is_folder and f.startswith(r.dest_path))]
              for f in files}
    assert {f: o for f, o in owners.items() if len(o) != 1} == {}
    assert {r.dest_path for r in plan.routes if not r.is_folder} == {f for f in files if not f.startswith("pagefind/")}
    assert any(f.startswith("pagefind/") for f in files)
    assert len({r.dest_path for r in plan.routes}) == len(plan.routes)


def test_every_kind_of_route_is_in_the_example_plan_and_url_for_finds_it(example):
    plan = example[0].plan
    assert {r.kind for r in plan.routes} == set(KINDS)
    for route in plan.routes:
        assert path_for(route.kind, route.key) == route.dest_path
        assert plan.url_for(route.kind, route.key) == route.url == url_of(route.dest_path)
        assert inside_output(route.dest_path.rstrip("/"))
    # the addresses templates and feeds have always linked to
    site = example[0].site
    story, centre = site.stories[0], site.centres[0]
    activity = centre.activities[0]
    assert plan.url_for("home") == ""
    assert plan.url_for("stories") == plan.url_for("stories", 1) == "stories/"
    assert plan.url_for("story", story.slug) == f"stories/{story.slug}/" == site.story_url(story)
    assert plan.url_for("activity", activity.key) == f"centres/{centre.id}/{activity.id}/"
    assert plan.url_for("feed", f"centres/{centre.id}") == f"feeds/centres/{centre.id}.ics" == site.centre_feed_url(centre)
    assert plan.url_for("subscribe", "all") == "subscribe/" and plan.url_for("qr", "all") == "subscribe/qr.svg"
    assert plan.url_for("poster", f"centres/{centre.id}/2026-12") == f"posters/centres/{centre.id}/2026-12/"
    assert plan.url_for("poster_qr", f"centres/{centre.id}") == f"posters/centres/{centre.id}/qr.svg"
    assert plan.url_for("month", "2026-12") == "calendar/2026-12/" == site.month_url(2026, 12)
    assert plan.url_for("404") == "404.html" and plan.url_for("search_index") == "pagefind/"
    assert plan.url_for("atom") == "feeds/stories.xml" and plan.url_for("static", "site.css") == "static/site.css"
    for feed in site.feeds():
        assert plan.url_for("feed", feed.key) == feed.ics_url
        assert plan.url_for("subscribe", feed.key) == feed.subscribe_url


def test_a_route_the_plan_does_not_hold_is_an_error_not_an_address(example):
    plan = example[0].plan
    with pytest.raises(RouteMissing):
        plan.url_for("centre", "no-such-centre")
    with pytest.raises(RouteMissing):
        plan.url_for("month", "1999-01")  # the scheme can name it, the site does not make it
    assert path_for("month", "1999-01") == "calendar/1999-01/index.html"


def test_routes_declare_their_sources_and_settings(example):
    loaded = example[0]
    plan, site = loaded.plan, loaded.site
    story = next(s for s in site.stories if s.images)
    route = plan.route("story", story.slug)
    assert route.sources[0] == story.src_path
    assert {i.src_path for i in story.images} <= set(route.sources)
    assert set(loaded.sources.pages) <= set(route.sources)  # the menu lists every page
    assert "today" in route.settings and "theme" in route.settings and "title" in route.settings
    centre = site.centres[0]
    assert plan.route("feed", f"centres/{centre.id}").sources == (centre.src_path,)
    assert plan.route("robots").sources == () and plan.route("robots").settings == ("base_url",)
    for r in plan.routes:  # every declared source is a site-relative file that exists
        assert all((ROOT / s).is_file() for s in r.sources), r.dest_path


# ---- clashes: found while planning, both sources named ----

def site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    return site


def problems_of(site: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        load(site, TODAY, ErrorCollector())
    return [str(p) for p in failure.value.problems if p.severity == "error"]


def test_two_stories_with_one_slug_name_each_other(tmp_path):
    site = site_copy(tmp_path)
    story = site / "content/stories/first/index.md"
    (site / "content/stories/second").mkdir()
    (site / "content/stories/second/index.md").write_text(story.read_text(encoding="utf-8"), encoding="utf-8")
    (site / "content/stories/third").mkdir()
    (site / "content/stories/third/index.md").write_text(
        story.read_text(encoding="utf-8").replace("title:", "slug: lin-li-yin-yue-hui-chang-xiang-jin-qiu\ntitle:", 1),
        encoding="utf-8")
    second, third = problems_of(site)  # the same title, so the same slug; then the same slug: written
    assert second.startswith("content/stories/second/index.md:1:1: error:")
    assert "stories/lin-li-yin-yue-hui-chang-xiang-jin-qiu/" in second
    assert "content/stories/first/index.md:1:1" in second
    assert third.startswith("content/stories/third/index.md:2:7: error:") and "content/stories/first/index.md:1:1" in third


def test_a_page_on_an_address_sitegen_makes_is_named_with_it(tmp_path):
    site = site_copy(tmp_path)
    for name in ("tags", "feeds", "index", "404"):
        (site / f"content/pages/{name}.md").write_text(f"---\ntitle: {name}\n---\n\ntext\n", encoding="utf-8")
    problems = problems_of(site)
    assert len(problems) == 4
    for name, other in (("tags", "tags/"), ("feeds", "feeds/"), ("index", "index.html"), ("404", "404.html")):
        (line,) = [p for p in problems if p.startswith(f"content/pages/{name}.md:1:1: error:")]
        assert "sitegen" in line and other in line


def test_a_story_online_later_keeps_its_address_today(tmp_path):
    """A clash with a scheduled story is found now, not at midnight on the day it goes online."""
    site = site_copy(tmp_path)
    story = site / "content/stories/first/index.md"
    (site / "content/stories/later").mkdir()
    (site / "content/stories/later/index.md").write_text(
        story.read_text(encoding="utf-8").replace("date: 2026-10-31", "date: 2026-10-31\npublish: 2027-01-01"),
        encoding="utf-8")
    (problem,) = problems_of(site)
    assert "content/stories/later/index.md" in problem and "content/stories/first/index.md" in problem


def test_clash_messages_are_in_the_sites_language(tmp_path):
    site = site_copy(tmp_path)
    (site / "content/pages/tags.md").write_text("---\ntitle: 标签\n---\n\n正文\n", encoding="utf-8")
    (problem,) = problems_of(site)
    assert "sitegen 自己生成的" in problem


def test_a_template_link_to_a_missing_route_stops_the_build_at_its_line(tmp_path):
    site = site_copy(tmp_path)
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    bundled = (ROOT / "sitegen/themes/default/templates/page.html").read_text(encoding="utf-8")
    (templates / "page.html").write_text(
        bundled.replace("{% block main %}", "{% block main %}\n<a href=\"{{ url_for('centre', 'nowhere') }}\">x</a>", 1),
        encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(BuildFailed) as failure:
        build(site, out, TODAY, cache_dir=None)
    (problem,) = [str(p) for p in failure.value.problems]
    line = next(n for n, text in enumerate((templates / "page.html").read_text().splitlines(), 1) if "nowhere" in text)
    assert problem.startswith(f"themes/default/templates/page.html:{line}:")
    assert "centre" in problem and "nowhere" in problem and "url_for" in problem
    assert not out.exists()


# ---- the clash check itself, on any set of routes ----

DESTS = st.sampled_from(["a/index.html", "b/index.html", "c.ics", "d/e.svg"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DESTS, st.integers(1, 9)), max_size=12))
def test_every_second_claimant_of_a_file_is_reported_once_naming_the_first(wanted):
    routes = [Route(dest, "story", str(i), "page", origin=SourceLocation(f"s{i}.md", line, 1))
              for i, (dest, line) in enumerate(wanted)]
    errors = ErrorCollector()
    plan = make_plan(routes, [], errors)
    assert len(errors.errors) == len(routes) - len({r.dest_path for r in routes})
    assert [r.dest_path for r in plan.routes] == sorted({r.dest_path for r in routes})
    for problem in errors.errors:
        dest = next(r.dest_path for r in routes if r.origin == problem.location)
        first = min(r.origin for r in routes if r.dest_path == dest)
        assert problem.location != first and str(first) in problem.message


def test_a_claim_without_a_route_still_clashes():
    errors = ErrorCollector()
    route = Route("stories/x/index.html", "story", "x", "page", origin=SourceLocation("b.md", 2, 1))
    make_plan([route], [Claim("stories/x/index.html", SourceLocation("a.md", 3, 1))], errors)
    (problem,) = errors.errors
    assert problem.location == SourceLocation("b.md", 2, 1) and "a.md:3:1" in problem.message
