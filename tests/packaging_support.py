"""The wheel, built as a user's `pip wheel` would from this repository, and a fresh environment to install it in.

The wheel is built from a copy of the files the package is made of (``pyproject.toml``, ``README.md``,
``generator/``, ``widgets/``, ``overrides/``, ``docs/assets/``), so the build leaves nothing in the checkout.
``pip wheel --no-deps --no-build-isolation`` uses the locked setuptools already installed (ADR 0010).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "generator", "widgets", "overrides", "docs/assets")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def build_wheel(base: Path) -> Path:
    source, dist = base / "source", base / "dist"
    for rel in PACKAGE_SOURCES:
        path = ROOT / rel
        if path.is_dir():
            shutil.copytree(path, source / rel, ignore=_IGNORE)
        else:
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / rel)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    str(source), "-w", str(dist)], check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = dist.glob("pathway-*.whl")
    return wheel


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def files_under(rel: str) -> list[str]:
    """A repository folder's files, as paths relative to it (what the wheel must carry)."""
    root = ROOT / rel
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)
