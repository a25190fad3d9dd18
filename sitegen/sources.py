"""Find a site's source files: which files are stories, pages, schedules and theme assets.

Only paths are gathered here (sorted, so every later stage sees the same order on every
machine); the readers of each kind open the files themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import BUNDLED_THEMES, SiteConfig
from .errors import ErrorCollector, SourceLocation
from .words import message
STORY_DIR = "content/stories"
PAGE_DIR = "content/pages"
IMAGE_DIR = "content/images"  # photos any story may show (looked up after the story's own folder)
SCHEDULE_DIR = "calendars"


@dataclass(frozen=True)
class Sources:
    root: Path
    stories: tuple[str, ...]  # site-relative src_paths
    pages: tuple[str, ...]
    schedules: tuple[str, ...]
    theme_dirs: tuple[Path, ...]  # the site's own theme first, then the bundled one

    def path(self, src_path: str) -> Path:
        return self.root / src_path


def discover(root: Path, config: SiteConfig, errors: ErrorCollector | None = None) -> Sources:
    """The site's files. Any that resolve outside the site (a symlink out, a theme folder linked in
    from elsewhere) are left out, and reported to ``errors`` when given: never read, never copied."""
    sources = _discover(root, config)
    outside = [src for src in sources.stories + sources.pages + sources.schedules
               if outside_target(root, root / src) is not None]
    for src in outside:
        if errors is not None:
            errors.error(SourceLocation(src), message("outside_site", config.language, name=src,
                                                      target=outside_target(root, root / src)))
    own_theme = root / "themes" / config.theme
    if errors is not None and own_theme in sources.theme_dirs:
        for path in sorted([own_theme, *own_theme.rglob("*")]):
            target = outside_target(root, path)
            if target is not None:
                errors.error(SourceLocation(path.relative_to(root).as_posix()),
                             message("outside_site", config.language, name=path.relative_to(root).as_posix(),
                                     target=target))
    if not outside:
        return sources
    keep = lambda files: tuple(f for f in files if f not in outside)  # noqa: E731
    return replace(sources, stories=keep(sources.stories), pages=keep(sources.pages),
                   schedules=keep(sources.schedules))


def outside_target(root: Path, path: Path) -> str | None:
    """Where ``path`` really is, if that is outside the site folder and the bundled themes (None: inside)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return str(path)
    for base in (root.resolve(), BUNDLED_THEMES):
        if real == base or base in real.parents:
            return None
    return str(real)


def _discover(root: Path, config: SiteConfig) -> Sources:
    return Sources(
        root=root,
        stories=_relative_files(root, STORY_DIR, "*.md"),
        pages=_relative_files(root, PAGE_DIR, "*.md"),
        schedules=tuple(sorted(
            _relative_files(root, SCHEDULE_DIR, "*.yaml") + _relative_files(root, SCHEDULE_DIR, "*.yml")
        )),
        theme_dirs=theme_dirs(root, config.theme),
    )


def theme_dirs(root: Path, name: str) -> tuple[Path, ...]:
    """Templates and assets are looked up in the site's themes/<name>/ first, then the bundled one."""
    candidates = [root / "themes" / name, BUNDLED_THEMES / name, BUNDLED_THEMES / "default"]
    unique: list[Path] = []
    for candidate in candidates:
        if candidate.is_dir() and candidate.resolve() not in [u.resolve() for u in unique]:
            unique.append(candidate)
    return tuple(unique)


def _relative_files(root: Path, folder: str, pattern: str) -> tuple[str, ...]:
    base = root / folder
    if not base.is_dir():
        return ()
    return tuple(sorted(
        p.relative_to(root).as_posix() for p in base.rglob(pattern)
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ))
