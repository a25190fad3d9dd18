"""Errors that carry a source location, collected across a whole build.

A build reports every mistake at once, so stages append to an ``ErrorCollector`` instead of
raising on the first problem; ``BuildFailed`` carries the full list to the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where a value came from: a site-relative '/'-separated path, 1-based line and column."""

    src_path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.src_path
        return f"{self.src_path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: SourceLocation
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        # one problem, one line: a line break or other invisible character quoted from the source
        # (a key "\r", a right-to-left mark) is shown escaped
        message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.message)
        return f"{self.location}: {self.severity}: {message}"


class SourceError(Exception):
    """One mistake in one source file; raised where continuing makes no sense for that file."""

    def __init__(self, location: SourceLocation, message: str):
        super().__init__(f"{location}: error: {message}")
        self.problem = Problem(location, message)


class BuildFailed(Exception):
    """The build found errors; ``problems`` lists all of them (warnings included), ``language``
    is the site's, for the summary line."""

    def __init__(self, problems: list[Problem], language: str = "en"):
        self.problems = problems
        self.language = language
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s)")


@dataclass
class ErrorCollector:
    """Accumulates problems from every stage; ``raise_if_errors`` ends the build if any."""

    problems: list[Problem] = field(default_factory=list)
    # files that could not be read at all: checks that depend on their content are skipped,
    # so one YAML typo does not cascade into a dozen follow-up errors
    unreadable: set[str] = field(default_factory=set)
    # centre ids and 'centre/activity' keys whose definition had an error: references to them
    # from stories are not reported again as "unknown"
    failed: set[str] = field(default_factory=set)
    # the language messages are worded in; load_config sets the site's language before the first
    # message about site.yaml ("en" only for code that runs a stage without a site, e.g. tests)
    language: str = "en"

    def error(self, location: SourceLocation, message: str) -> None:
        self.problems.append(Problem(location, message, "error"))

    def warning(self, location: SourceLocation, message: str) -> None:
        self.problems.append(Problem(location, message, "warning"))

    def add(self, exc: SourceError, unreadable: bool = False) -> None:
        self.problems.append(exc.problem)
        if unreadable:
            self.unreadable.add(exc.problem.location.src_path)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.location, p.message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildFailed(self.sorted(), self.language)
