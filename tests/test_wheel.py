"""A wheel install works on its own: build the wheel, install it into a fresh venv, start a site
with `sitegen new site` and build it, all from outside the repository and without the network.

The bundled theme and the new-site skeleton must travel inside the package; a file that only sits in
the source tree would pass every other test and fail here. The dependencies are not reinstalled
(no network): a .pth file makes this interpreter's site-packages importable after the venv's own,
so the venv's sitegen — the wheel's — is the one that runs, and the test checks that it is.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")}
    env["PIP_NO_INDEX"] = "1"  # never the network, whatever pip.conf says
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_installs_into_a_fresh_venv_and_builds_a_new_site(tmp_path):
    # 1. the wheel, from a copy of the sources (the build writes build/ and *.egg-info beside them)
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "sitegen", source / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(tmp_path / "dist"), str(source)], cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("sitegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for packaged in ("sitegen/themes/default/templates/index.html", "sitegen/themes/default/static/site.css",
                     "sitegen/skeleton/site.yaml", "sitegen/skeleton/calendars/xingfuli.yaml",
                     "sitegen/skeleton/gitignore", "sitegen/skeleton/content/stories/welcome/index.md"):
        assert packaged in names, packaged

    # 2. a fresh venv with only the wheel installed; the dependencies come from this interpreter
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
         str(wheel)], cwd=tmp_path)
    venv_packages = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             cwd=tmp_path).stdout.strip())
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (venv_packages / "zz_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")

    # 3. from a folder outside the repository, as a staff member would
    work = tmp_path / "work"
    work.mkdir()
    imported = run([str(python), "-c", "import sitegen; print(sitegen.__file__)"], cwd=work).stdout.strip()
    assert Path(imported).is_relative_to(venv_packages), imported  # the wheel's, not the repository's
    sitegen = venv / "bin" / "sitegen"  # the console script the wheel declares
    created = run([str(sitegen), "new", "site", "高仓街道", "--today", TODAY], cwd=work)
    assert "已新建网站" in created.stdout
    built = run([str(sitegen), "--site", "高仓街道", "build", "--today", TODAY], cwd=work)
    assert "warning" not in built.stderr and "error" not in built.stderr

    out = work / "高仓街道" / "output"
    assert "幸福里社区党群服务" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "static" / "site.css").stat().st_size > 1000
    assert (out / "centres" / "xingfuli" / "health-talk" / "index.html").is_file()
    assert (out / "pagefind").is_dir()  # the search index ran with the venv's interpreter
