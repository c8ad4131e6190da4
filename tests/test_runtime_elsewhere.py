"""``--runtime DIR`` names a Pyodide folder anywhere, not only a project's ``node_modules`` (ADR 0012).

The build copies Pyodide's files from that folder and compiles the trimmed standard library with the
Pyodide in it (``generator/compile_stdlib.mjs``).  The compiler once did ``import "pyodide"``, which Node
resolves from the script's own folder: in this checkout that quietly found the repository's
``node_modules`` whatever ``--runtime`` said, and in an installed wheel it found nothing.  So here the
runtime is a copy in a folder with no ``node_modules`` in its path, the compiler sits, as in a wheel, in a
folder with no ``node_modules`` above it, and the artifact cache is empty, so the compile really runs.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from generator import cli, runtime, stdlib
from tests.conftest import FIXTURE, ROOT

pytestmark = pytest.mark.slow


def test_a_build_with_runtime_outside_node_modules_ships_and_compiles_with_that_pyodide(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pyodide = tmp_path / "runtimes" / "pyodide-copy"
    shutil.copytree(ROOT / "node_modules" / "pyodide", pyodide, ignore=shutil.ignore_patterns("*.map", "*.html"))
    assert "node_modules" not in pyodide.resolve().parts
    engine = tmp_path / "engine"  # where an installed wheel keeps the compiler: nothing to resolve "pyodide" from
    engine.mkdir()
    shutil.copy(stdlib.COMPILER, engine / stdlib.COMPILER.name)
    assert not any((folder / "node_modules").exists() for folder in [engine, *engine.parents])
    monkeypatch.setattr(stdlib, "COMPILER", engine / stdlib.COMPILER.name)
    monkeypatch.setenv("PATHWAY_ARTIFACTS", str(tmp_path / "artifacts"))  # an empty cache: the compile runs
    monkeypatch.delenv("PATHWAY_PYODIDE", raising=False)
    site = tmp_path / "site"

    code = cli.main(["build", "--data", str(FIXTURE), "--out", str(site), "--work", str(tmp_path / "work"),
                     "--preview", "--runtime", str(pyodide)])

    assert code == 0, capsys.readouterr().err
    shipped = site / "assets" / "pyodide"
    for name in runtime.PYODIDE_FILES:
        assert (shipped / name).read_bytes() == (pyodide / name).read_bytes(), name
    assert json.loads((shipped / "pyodide-lock.json").read_text(encoding="utf-8"))["info"] == json.loads(
        (pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as full:
        expected = [name + "c" for name in stdlib.module_entries(stdlib.recorded_modules(), set(full.namelist()))]
    with zipfile.ZipFile(io.BytesIO((shipped / "python_stdlib.zip").read_bytes())) as archive:
        assert archive.namelist() == expected
        magics = {archive.read(name)[:4] for name in archive.namelist()}
    assert len(magics) == 1 and magics != {importlib.util.MAGIC_NUMBER}  # one CPython, Pyodide's, not the host's
    assert list((tmp_path / "artifacts").rglob("*")), "the compiled library was made here, not taken from a cache"
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    assert f"Pyodide {version}" in (shipped / "NOTICE.txt").read_text(encoding="utf-8")


def test_the_compiler_says_in_one_line_when_the_named_folder_holds_no_pyodide(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATHWAY_ARTIFACTS", "off")
    empty = tmp_path / "not-pyodide"
    empty.mkdir()
    (empty / "python_stdlib.zip").write_bytes((ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").read_bytes())
    with pytest.raises(stdlib.StdlibError) as failure:
        stdlib.trimmed_stdlib(empty / "python_stdlib.zip", "0", empty)
    message = str(failure.value)
    assert message.startswith("Pyodide could not compile the widgets' standard library: ")
    assert "pyodide.mjs" in message and "\n" not in message
