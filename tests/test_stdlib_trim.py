"""The trimmed standard library (generator/stdlib.py) holds every module a widget imports.

The Pyodide vectors (tests/pyodide) prove the trimmed zip runs every widget
vector; this test is the quick one, without Node: a widget that starts
importing a standard-library module the recorded list lacks fails here at once,
with the command that refreshes the list.
"""

from __future__ import annotations

import ast
import io
import sys
import zipfile
from pathlib import Path

from generator import runtime, stdlib

ROOT = Path(__file__).resolve().parent.parent
# Imported under another name: `collections` binds `collections.abc` to the frozen `_collections_abc`.
ALIASES = {"collections.abc": "collections"}
RECORD = "run `.venv/bin/python tests/pyodide/record_stdlib.py` to refresh generator/stdlib_modules.txt"


def widget_stdlib_imports() -> set[str]:
    """Every standard-library module named by an import anywhere in the widgets the browser runs."""
    found: set[str] = set()
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        if path.name in runtime.BUILD_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] in sys.stdlib_module_names}


def test_every_standard_library_module_a_widget_imports_is_shipped() -> None:
    recorded = set(stdlib.recorded_modules())
    with zipfile.ZipFile(runtime.pyodide_folder() / "python_stdlib.zip") as full:
        in_zip = set(full.namelist())
    # Built-in modules (sys, _json) are in the WebAssembly, not the zip: only zip modules must be listed.
    needed = {ALIASES.get(name, name) for name in widget_stdlib_imports() if stdlib.module_entries([name], in_zip)}
    assert needed, "the widgets import nothing from the standard library? the scan is broken"
    assert needed <= recorded, f"missing from the trimmed standard library: {sorted(needed - recorded)}; {RECORD}"


def test_a_module_missing_from_the_list_is_caught() -> None:
    """The check above can fail: a module the list lacks is reported, not silently shipped without."""
    with zipfile.ZipFile(runtime.pyodide_folder() / "python_stdlib.zip") as full:
        in_zip = set(full.namelist())
    assert stdlib.module_entries(["statistics"], in_zip) == ["statistics.py"]
    assert "statistics" not in stdlib.recorded_modules()
    assert stdlib.module_entries(["json.decoder"], in_zip) == ["json/__init__.py", "json/decoder.py"]


def test_every_recorded_module_exists_in_pyodides_standard_library() -> None:
    with zipfile.ZipFile(runtime.pyodide_folder() / "python_stdlib.zip") as full:
        assert stdlib.missing_modules(stdlib.recorded_modules(), set(full.namelist())) == []


def test_the_shipped_zip_holds_the_recorded_modules_compiled_and_nothing_else() -> None:
    with zipfile.ZipFile(runtime.pyodide_folder() / "python_stdlib.zip") as full:
        expected = stdlib.module_entries(stdlib.recorded_modules(), set(full.namelist()))
    shipped = runtime.stdlib_zip()
    with zipfile.ZipFile(io.BytesIO(shipped)) as archive:
        assert archive.namelist() == [name + "c" for name in expected]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    assert runtime.stdlib_zip() == shipped  # deterministic: the same modules make the same bytes


def test_the_lock_file_keeps_pyodides_abi_and_lists_no_package() -> None:
    import json

    lock = json.loads(stdlib.trimmed_lock(runtime.pyodide_folder() / "pyodide-lock.json"))
    full = json.loads((runtime.pyodide_folder() / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock == {"info": full["info"], "packages": {}}


def test_only_the_files_the_widgets_need_are_shipped() -> None:
    assert sorted(runtime.pyodide_files()) == sorted(f"assets/pyodide/{name}" for name in (
        "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"))
