"""The only writer: artifacts → output/, built in a temporary folder and swapped in whole.

If anything fails before the swap, the previous output/ is untouched (Lektor-style atomic
artifacts, at the granularity of the whole site).
"""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from .model import Artifact
from .words import message

MARKER = ".sitegen-output"


class OutputError(Exception):
    pass


def write_output(artifacts: list[Artifact], out_dir: Path, finish=None) -> int:
    """Write every artifact; returns the number of files written.

    ``finish(folder)`` runs on the complete new site before it is swapped in (the search index).
    """
    out_dir = out_dir.resolve()
    _refuse_foreign_folder(out_dir)
    seen: set[str] = set()
    for artifact in artifacts:
        if not inside_output(artifact.dest_path):
            raise OutputError(message("output_outside", "zh-CN", dest=artifact.dest_path))
        if artifact.dest_path in seen:
            raise OutputError(f"two files want to be written to {artifact.dest_path}")
        seen.add(artifact.dest_path)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        (staging / MARKER).write_text("built by sitegen; this whole folder is replaced on every build\n")
        for artifact in artifacts:
            target = staging / artifact.dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            if artifact.copy_from is not None:
                shutil.copyfile(artifact.copy_from, target)
            else:
                target.write_bytes(artifact.content or b"")
        if finish is not None:
            finish(staging)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(artifacts)


def inside_output(dest: str) -> bool:
    """Is this a plain relative path that stays inside --out? ('..', absolute, drive, NUL: no.)"""
    if not dest or "\0" in dest or "\\" in dest or dest.startswith("/") or re.match(r"^[A-Za-z]:", dest):
        return False
    return all(part not in ("", ".", "..") for part in dest.split("/"))


STALE_SECONDS = 3600  # no build takes an hour: older leftovers are stale even if their PID is reused


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove the staging and old folders a killed or interrupted build left beside output/.

    A folder whose process still runs is another build in progress and is left alone. If a build
    died between its two renames (output/ moved aside, the new one not yet in place), the
    previous site is put back instead of deleted. Returns the folders removed or restored.
    """
    out_dir = out_dir.resolve()
    if not out_dir.parent.is_dir():
        return []
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}\.(staging|old)-(\d+)")
    found = []
    for folder in sorted(out_dir.parent.iterdir()):
        match = pattern.fullmatch(folder.name)
        if not match or not folder.is_dir() or not _is_stale(folder, int(match.group(2))):
            continue
        try:
            if match.group(1) == "old" and not out_dir.exists() and (folder / MARKER).exists():
                os.replace(folder, out_dir)  # the previous site comes back
            else:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # tidying up must never stop a build; the next one tries again
        found.append(folder)
    return found


def _is_stale(folder: Path, pid: int) -> bool:
    if pid == os.getpid():
        return True  # ours, from an earlier build of this process that was interrupted
    try:
        if time.time() - folder.stat().st_mtime > STALE_SECONDS:
            return True
    except OSError:
        return False
    if os.name != "posix":
        return False  # no cheap, safe way to ask whether the process lives; wait for STALE_SECONDS
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, owned by someone else
    return False


def _refuse_foreign_folder(out_dir: Path) -> None:
    """Never delete a folder sitegen did not make (say `--out ~` by mistake)."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise OutputError(f"{out_dir} exists and was not built by sitegen; choose an empty or new "
                          "folder with --out, or delete it yourself")


def _swap(staging: Path, out_dir: Path) -> None:
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
