"""The in-browser Python runtime, self-hosted: Pyodide's core files and the widgets zip.

Pyodide comes from the npm package (exact version, lock file committed) and
is copied into the site: no CDN, no micropip, nothing fetched at run time
from anywhere but this site.  The pure-Python ``widgets`` package is zipped
deterministically (fixed timestamps, sorted names) so an unchanged package
produces byte-identical output and is not rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import widgets

from . import stdlib
from .project import Project, find, pyodide_dir

# Where this command's Pyodide is: set by locate() from the project (docs/decisions/0012-pyodide-location.md).
PYODIDE_DIR: Path | None = None
# The files loadPyodide() fetches for a stdlib-only program; nothing else is shipped. The first three go
# as they are; the standard library and the lock file are trimmed to what the widgets use (generator/stdlib.py).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
WIDGETS_DIR = Path(widgets.__file__).resolve().parent
# The browser side of the runtime, as the site ships it (the project's copy or the engine's; see
# docs/decisions/0008-widget-runtime.md): set by locate().
BROWSER_NAMES = ("bridge.js", "worker.js", "widgets.css")
BROWSER_FILES: tuple[Path, ...] = ()
_INSTALL_HINT = "run `npm ci` in the project (or `make setup`) to install it, or name its folder with --runtime DIR"
# Build-time-only modules that import third-party packages stay out of the browser zip.
BUILD_ONLY = {"build_calendar.py"}


def locate(project: Project, runtime: Path | None = None) -> None:
    """Use this project's Pyodide (or ``runtime``) and its browser files for what follows in this process."""
    global PYODIDE_DIR, BROWSER_FILES, _INSTALL_HINT
    PYODIDE_DIR = pyodide_dir(project, runtime)
    BROWSER_FILES = tuple(project.asset(f"widgets/{name}") for name in BROWSER_NAMES)
    _INSTALL_HINT = (f"run `npm install` in {project.root} (`make setup` in Pathway's own repository) to install it, "
                     "or name its folder with --runtime DIR or PATHWAY_PYODIDE")


@contextlib.contextmanager
def located(project: Project, runtime: Path | None = None) -> Iterator[None]:
    """``locate()`` for one generation only: a later one in the same process (serve, tests) starts afresh."""
    global PYODIDE_DIR, BROWSER_FILES, _INSTALL_HINT
    before = PYODIDE_DIR, BROWSER_FILES, _INSTALL_HINT
    locate(project, runtime)
    try:
        yield
    finally:
        PYODIDE_DIR, BROWSER_FILES, _INSTALL_HINT = before


class RuntimeMissing(Exception):
    """Pyodide is not installed: run `npm ci` (the Makefile does).

    The command line prints it as one line, never a traceback: it is a setup step, not a bug.
    """


def pyodide_folder() -> Path:
    """Pyodide's folder; when no command located it (a test, a benchmark), the project of the current folder's."""
    if PYODIDE_DIR is None:
        locate(find())
    assert PYODIDE_DIR is not None
    return PYODIDE_DIR


def _package() -> dict[str, Any]:
    """Pyodide's own ``package.json`` (its version, licence and repository); RuntimeMissing when absent."""
    package = pyodide_folder() / "package.json"
    if not package.is_file():
        raise RuntimeMissing(
            f"the widgets' Python runtime (Pyodide) is not installed: {PYODIDE_DIR} is missing; "
            f"{_INSTALL_HINT}"
        )
    return dict(json.loads(package.read_text(encoding="utf-8")))


def pyodide_version() -> str:
    return str(_package()["version"])


def pyodide_files() -> dict[str, bytes]:
    """Site-relative path → contents, for every Pyodide file the site serves."""
    pyodide_version()  # RuntimeMissing, one line, when Pyodide is not installed
    folder = pyodide_folder()
    files = {f"assets/pyodide/{name}": (folder / name).read_bytes() for name in PYODIDE_FILES}
    files["assets/pyodide/python_stdlib.zip"] = stdlib_zip()
    files["assets/pyodide/pyodide-lock.json"] = stdlib.trimmed_lock(folder / "pyodide-lock.json").encode()
    return files


NOTICE = "assets/pyodide/NOTICE.txt"
# MPL 2.0's Exhibit A: the notice the licence asks to go with the files it covers.
_MPL_NOTICE = ("This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy\n"
               "of the MPL was not distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.")


def pyodide_notice() -> dict[str, str]:
    """The licence notice served beside the runtime (``assets/pyodide/NOTICE.txt``).

    Pyodide's npm package carries no licence file, only ``"license": "MPL-2.0"`` in its
    ``package.json``; MPL 2.0 asks that whoever receives the files is told they are under it,
    where to read it and where their source is (docs/decisions/0012-pyodide-location.md).  So
    the notice is written from that package's own fields (version, licence, repository) and
    its lock file's Python version, and says which files the site trimmed.
    """
    folder = pyodide_folder()
    package = _package()
    version = str(package["version"])
    licence = str(package.get("license") or "not stated in its package.json")
    repository = package.get("repository")
    source = str((repository.get("url") if isinstance(repository, dict) else repository) or package.get("homepage") or
                 "https://github.com/pyodide/pyodide")
    source = source.removeprefix("git+").removesuffix(".git")
    try:
        python = str(json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]["python"])
    except (OSError, ValueError, KeyError, TypeError):
        python = "as Pyodide ships it"
    terms = _MPL_NOTICE if licence == "MPL-2.0" else f"See {source} for the licence's text."
    text = f"""Pyodide {version}: the Python runtime of this site's widgets (the files in this folder)

pyodide.mjs, pyodide.asm.mjs and pyodide.asm.wasm are Pyodide {version} as the Pyodide project
publishes it (the npm package "pyodide"), unmodified.  pyodide-lock.json is Pyodide's lock file
with its list of packages left out, and python_stdlib.zip is the part of the python_stdlib.zip
Pyodide ships that the widgets import (Pyodide's own modules, _pyodide and pyodide, and modules
of CPython's standard library), compiled to bytecode by this same Pyodide (Pathway's
generator/stdlib.py makes both).

Pyodide is distributed under the licence {licence}.
{terms}
Its source code: {source} (the release tagged {version}).

The standard library modules in python_stdlib.zip are CPython's (Python {python}), under the
Python Software Foundation License Version 2 (PSF-2.0), https://docs.python.org/3/license.html
Copyright (c) 2001 Python Software Foundation; All Rights Reserved.
Its source code: https://github.com/python/cpython
"""
    return {NOTICE: text}


def stdlib_zip() -> bytes:
    """The trimmed, precompiled standard library (made once per Pyodide version and module list)."""
    folder = pyodide_folder()
    try:  # Node compiles it with the Pyodide in this folder, wherever the folder is
        return stdlib.trimmed_stdlib(folder / "python_stdlib.zip", pyodide_version(), folder)
    except stdlib.StdlibError as failure:  # no Node, or Pyodide failed: a setup problem, said in one line
        raise RuntimeMissing(str(failure)) from None


def _widget_sources() -> list[Path]:
    return [
        path for path in sorted(WIDGETS_DIR.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.name not in BUILD_ONLY
        and path.suffix in {".py", ".json"}
    ]


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What identifies these files' contents cheaply (name, size, modification time): a memo key."""
    stamps = []
    for path in paths:
        try:
            info = path.stat()
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return tuple(stamps)


_ZIPS: dict[tuple[tuple[str, int, int], ...], bytes] = {}


def widgets_zip() -> bytes:
    """The widgets package as a deterministic zip; made once per set of file versions, not once per page."""
    sources = _widget_sources()
    key = _stamp(sources)
    if key not in _ZIPS:
        _ZIPS.clear()  # `pathway serve` keeps only the current version
        _ZIPS[key] = _zip(sources)
    return _ZIPS[key]


def _zip(sources: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sources:
            name = Path("widgets") / path.relative_to(WIDGETS_DIR)
            info = zipfile.ZipInfo(name.as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def runtime_version() -> str:
    """A short hash of everything the widgets run: the bridge, the worker, their CSS, the widgets zip, Pyodide's
    version and the modules of its standard library that the site ships.

    The tool pages load ``bridge.js?v=<this>`` and the bridge passes the same query on to the worker,
    the widgets zip and the widget data, so after a deploy a browser's cached copies (hosts send
    ``max-age``) are never mixed with the new ones: a new version is a new URL.
    """
    digest = hashlib.sha256(widgets_zip())
    pyodide_folder()
    for path in BROWSER_FILES:
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update(pyodide_version().encode())
    digest.update("\n".join(stdlib.recorded_modules()).encode())
    return digest.hexdigest()[:12]
