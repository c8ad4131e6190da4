"""The standard library the widgets need, and nothing else: a trimmed, precompiled ``python_stdlib.zip``.

Pyodide's own ``python_stdlib.zip`` holds the whole standard library as
``.py`` files (2.5 MB, already deflated, so a host's compression gains
nothing).  The widgets import a few dozen modules.  ``stdlib_modules.txt``
lists every module imported from that zip while every widget vector and the
real content run in Pyodide under Node (``tests/pyodide/record_stdlib.py``
records it; ``tests/test_stdlib_trim.py`` fails when a widget imports a module
the list lacks).  The build ships only those modules, compiled to ``.pyc`` by
Pyodide's own CPython (``compile_stdlib.mjs``: the host's CPython has another
magic number) and stored uncompressed, so the host's Brotli compresses the
whole archive at once.

The lock file goes the same way: the site loads no Pyodide package, so it
ships ``pyodide-lock.json`` with Pyodide's ``info`` (its ABI check) and no
packages, instead of the 119 KB list of every package Pyodide has.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from . import artifact_cache

HERE = Path(__file__).resolve().parent
MODULES_FILE = HERE / "stdlib_modules.txt"
COMPILER = HERE / "compile_stdlib.mjs"
HEADER = (
    "# Standard-library modules the widgets import under Pyodide, one a line: the build ships only these.\n"
    "# Written by tests/pyodide/record_stdlib.py (run it after a widget imports something new).\n"
)


class StdlibError(Exception):
    """The trimmed standard library could not be made (Node missing, or Pyodide failed): one line for the CLI."""


def recorded_modules() -> list[str]:
    lines = MODULES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def write_module_list(modules: Iterable[str]) -> Path:
    MODULES_FILE.write_text(HEADER + "".join(f"{name}\n" for name in sorted(set(modules))), encoding="utf-8")
    return MODULES_FILE


def module_entries(modules: Iterable[str], names: set[str]) -> list[str]:
    """The zip entries (``a/b.py`` or ``a/b/__init__.py``) for these modules and every package above them."""
    wanted: set[str] = set()
    for module in modules:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            stem = "/".join(parts[:depth])
            for entry in (f"{stem}/__init__.py", f"{stem}.py"):
                if entry in names:
                    wanted.add(entry)
                    break
    return sorted(wanted)


def missing_modules(modules: Iterable[str], names: set[str]) -> list[str]:
    """Recorded modules the full zip does not have (a Pyodide upgrade renamed or dropped one)."""
    return [m for m in modules if not module_entries([m], names)]


def _sources(full: bytes, modules: list[str]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(full)) as archive:
        names = set(archive.namelist())
        entries = module_entries(modules, names)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as out:
            for entry in entries:
                out.writestr(zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0)), archive.read(entry))
    return buffer.getvalue()


def _normalised(compiled: bytes) -> bytes:
    """Sorted names, fixed dates, stored: the same modules always make the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(compiled)) as archive, \
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as out:
        for name in sorted(archive.namelist()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            out.writestr(info, archive.read(name))
    return buffer.getvalue()


def _compile(sources: bytes, pyodide: Path) -> tuple[bytes, dict[str, str]]:
    """Compile with the Pyodide in ``pyodide`` (the folder the site's runtime is copied from), by its path."""
    node = shutil.which("node")
    if node is None:
        raise StdlibError("Node is not installed: the build compiles the widgets' standard library with Pyodide "
                          "under Node 20+ (see README)")
    with tempfile.TemporaryDirectory(prefix="pathway-stdlib-") as tmp:
        src, out = Path(tmp) / "sources.zip", Path(tmp) / "compiled.zip"
        src.write_bytes(sources)
        done = subprocess.run([node, str(COMPILER), str(src), str(out), str(pyodide)], capture_output=True,
                              text=True, timeout=600, cwd=tmp)
        if done.returncode != 0 or not out.is_file():
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise StdlibError(f"Pyodide could not compile the widgets' standard library: {detail}")
        return out.read_bytes(), json.loads(done.stdout.strip().splitlines()[-1])


def trimmed_stdlib(full_zip: Path, pyodide_version: str, pyodide: Path) -> bytes:
    """The zip the site ships as ``python_stdlib.zip``: the recorded modules, as Pyodide's own ``.pyc``.

    ``pyodide`` is the runtime's folder (``full_zip`` is in it): the compiler runs that Pyodide, wherever
    it is (a project's node_modules, or ``--runtime DIR`` anywhere).
    """
    sources = _sources(full_zip.read_bytes(), recorded_modules())
    name = artifact_cache.key("stdlib-pyc-1", pyodide_version, sources, COMPILER.read_bytes())
    cached = artifact_cache.get(name)
    if cached is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(cached)) as archive:
                if archive.testzip() is None:
                    return cached
        except zipfile.BadZipFile:
            pass
    compiled, _info = _compile(sources, pyodide)
    result = _normalised(compiled)
    artifact_cache.put(name, result)
    return result


def trimmed_lock(full_lock: Path) -> str:
    """Pyodide's lock file with its ``info`` (checked against the runtime's ABI) and no packages."""
    info = json.loads(full_lock.read_text(encoding="utf-8"))["info"]
    return json.dumps({"info": info, "packages": {}}, sort_keys=True, separators=(",", ":"))
