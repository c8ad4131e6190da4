"""A build without Pyodide installed is a setup step to take, not a crash: one line, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli, runtime
from tests.conftest import FIXTURE


def test_a_build_without_the_runtime_says_what_is_missing_and_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime, "PYODIDE_DIR", tmp_path / "node_modules" / "pyodide")
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("the last good site", encoding="utf-8")

    code = cli.main(["build", "--data", str(FIXTURE), "--out", str(previous), "--work", str(tmp_path / "work")])

    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        "error[runtime-missing]: the widgets' Python runtime (Pyodide) is not installed: "
        f"{tmp_path / 'node_modules' / 'pyodide'} is missing; run `npm ci` in {runtime.PROJECT} (or `make setup`) "
        "to install it"
    ]
    assert "Traceback" not in err
    assert (previous / "index.html").read_text(encoding="utf-8") == "the last good site"
