"""The import contract (pyproject.toml, [tool.importlinter]): one-way dependencies, checked by import-linter.

The widgets run in the browser under Pyodide with the standard library only, so they import nothing of
the generator or its third-party packages; the generator's stages import downwards only, so none of
them can grow a circle again (build ↔ csp, render ↔ embeds ↔ widget_pages, load ↔ locality ↔ validate
and widgets.checklist ↔ widgets.textchecks were broken to make this pass).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_every_generator_module_has_its_layer() -> None:
    """A new module outside the contract would be unchecked: each one must be placed in a layer."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    modules = {p.stem for p in (ROOT / "generator").glob("*.py") if p.stem != "__init__"}
    modules |= {p.name for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file()}
    assert modules - placed == set()
