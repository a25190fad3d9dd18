"""The import direction of the pipeline: each module imports only modules before it.

The intended order (errors, model, words, yamlsource, config, sources, stories, schedules,
recurrence, site, feeds, render, output, build, serve, cli) is kept; modules that order does not name
(lunar, vtimezone, holidays, images, routes, plan, subscribe, search, report, pdf, __main__) are placed where their imports
put them. ``cli`` and ``serve`` are the outer shells: they may import only a few modules.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sitegen

PACKAGE = Path(sitegen.__file__).resolve().parent

# words comes right after the model: every stage words its error messages in the site's language
INTENDED = ["errors", "model", "words", "yamlsource", "config", "sources", "stories", "schedules",
            "recurrence", "site", "feeds", "render", "output", "build", "serve", "cli"]
ORDER = [
    "errors", "model", "words",
    "lunar",        # not in the intended list: no sitegen imports; used by schedules and recurrence
    "vtimezone",    # not in the intended list: no sitegen imports; used by feeds
    "yamlsource", "config",
    "holidays",     # not in the intended list: imports config; used by recurrence
    "sources",
    "images",       # not in the intended list: imports model and sources; used by stories and render
    "safehtml",     # not in the intended list: no sitegen imports; used by stories (sanitizing, bounds)
    "stories", "schedules", "recurrence",
    "routes",       # not in the intended list: the address scheme and the plan's types; used by site and after
    "site",
    "plan",         # not in the intended list: the plan stage, site → every output file as a route
    "subscribe",    # not in the intended list: imports site; used by render and build
    "feeds", "render", "output",
    "search",       # not in the intended list: imports output; used by build
    "build",
    "report",       # not in the intended list: imports schedules and recurrence; used by cli
    "pdf",          # not in the intended list: imports build; used by cli
    "serve",
    "scaffold",     # not in the intended list: imports the reading stages; used by cli ('sitegen new')
    "cli",
    "__main__",     # runs cli
]
ANYONE = {"errors", "model"}
# The intended rule is serve → {build, errors, output} and cli → {build, serve, output, errors}.
# The code goes further; these extras are known violations, listed so that any *new* one fails:
SERVE_EXTRA = {"sources", "config",  # serve imports them inside functions (watched folders, site.yaml)
               "words"}  # its messages to staff (banner, busy port, --lan) in the site's language
CLI_EXTRA = {"pdf", "scaffold", "report"}  # 'sitegen posters --pdf', 'sitegen new', 'sitegen report'
RESTRICTED = {
    "serve": {"build", "errors", "output"} | SERVE_EXTRA,
    "cli": {"build", "serve", "output", "errors"} | CLI_EXTRA,
}


def sitegen_imports(module: str) -> set[str]:
    """Every sitegen module ``module`` imports, at the top or inside functions."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .x import y / from . import x
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name.split(".")[0] for alias in node.names)
            elif node.level == 0 and node.module and node.module.split(".")[0] == "sitegen":
                parts = node.module.split(".")
                if len(parts) > 1:
                    found.add(parts[1])
                else:
                    found.update(alias.name for alias in node.names)
            elif node.level > 1:
                found.add("<outside the package>")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "sitegen":
                    found.add(parts[1] if len(parts) > 1 else "<the package>")
    return found


def test_the_parser_sees_every_import_form():
    tree_modules = sitegen_imports("recurrence")
    assert {"lunar", "errors", "holidays", "model"} <= tree_modules  # 'from . import lunar' included
    assert {"build", "serve"} <= sitegen_imports("cli")  # imports inside functions included


def test_every_module_has_a_place_in_the_order():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(ORDER)
    assert len(ORDER) == len(set(ORDER))


def test_the_order_keeps_the_intended_sequence():
    assert [m for m in ORDER if m in INTENDED] == INTENDED


@pytest.mark.parametrize("module", ORDER)
def test_imports_point_only_backwards(module):
    index = ORDER.index(module)
    allowed = set(ORDER[:index]) | (ANYONE - {module})
    forward = sitegen_imports(module) - allowed
    assert forward == set(), f"{module} imports {sorted(forward)}, which come after it"


@pytest.mark.parametrize("module", sorted(RESTRICTED))
def test_outer_shells_import_only_their_few_modules(module):
    extra = sitegen_imports(module) - RESTRICTED[module]
    assert extra == set(), f"{module} imports {sorted(extra)}"


def test_errors_imports_nothing_and_model_only_errors():
    assert sitegen_imports("errors") == set()
    assert sitegen_imports("model") <= {"errors"}


def test_the_package_init_imports_nothing_heavy():
    assert sitegen_imports("__init__") == set()


PURE = ["model", "recurrence", "words", "lunar", "holidays", "vtimezone"]  # no I/O: easy to test and cache


@pytest.mark.parametrize("module", PURE)
def test_pure_stages_do_no_io(module):
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    for word in ("open(", "read_text", "write_text", "read_bytes", "write_bytes", "subprocess", "date.today"):
        assert word not in source, f"{module} uses {word}"
