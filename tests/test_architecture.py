"""Data flows one way: a stage imports only from stages before it (plus errors and model)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
# the pipeline, in order; a module may import the ones before it
ORDER = ["errors", "model", "words", "yamlsource", "config", "sources", "lunar", "images", "safehtml", "stories", "schedules", "holidays",
         "recurrence", "routes", "site", "plan", "vtimezone", "feeds", "subscribe", "render", "output", "search",
         "build", "report", "serve", "pdf", "scaffold", "cli", "__main__"]
PURE = ["model", "recurrence", "words", "lunar", "holidays", "vtimezone"]  # no I/O: easy to test and cache


def sitegen_imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_every_module_is_in_the_pipeline_order():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(ORDER)


def test_imports_only_point_backwards():
    for index, module in enumerate(ORDER):
        allowed = set(ORDER[:index])
        assert sitegen_imports(module) <= allowed, module


def test_pure_stages_do_no_io():
    for module in PURE:
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        for word in ("open(", "read_text", "write_text", "read_bytes", "write_bytes", "subprocess", "date.today"):
            assert word not in source, (module, word)
