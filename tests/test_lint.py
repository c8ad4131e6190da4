"""The code stays lint-clean (ruff, configured in pyproject.toml), so CI catches what review would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is one of the test extras (pip install -e .[test])"
    result = subprocess.run([ruff, "check", "--no-cache", "generator", "widgets", "tests", "bench"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
