"""The search index: Pagefind's extended build, which segments Chinese into words, run over the
finished site before it is swapped in. Everything it writes stays in output/pagefind/."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .output import OutputError

SEARCH_DIR = "pagefind"


def index_search(folder: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_DIR,
               "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as exc:  # pragma: no cover - the interpreter itself is missing
        raise OutputError(f"cannot run Pagefind for the search index: {exc}") from None
    if result.returncode != 0:
        raise OutputError("Pagefind could not build the search index (is the 'pagefind[extended]' "
                          f"package installed?): {result.stderr.strip() or result.stdout.strip()}")
