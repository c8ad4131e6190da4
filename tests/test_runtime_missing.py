"""A build without Pyodide installed is a setup step to take, not a crash: one line, exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import FIXTURE, ROOT


def test_a_build_without_the_runtime_says_what_is_missing_and_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PATHWAY_PYODIDE", raising=False)
    project = tmp_path / "project"  # a project without node_modules/: Pyodide is looked for there, and only there
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("decisions"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(FIXTURE, project / "pathway_data")
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("the last good site", encoding="utf-8")

    code = cli.main(["build", "--project", str(project), "--out", str(previous), "--work", str(tmp_path / "work"),
                     "--preview"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        "error[runtime-missing]: the widgets' Python runtime (Pyodide) is not installed: "
        f"{project / 'node_modules' / 'pyodide'} is missing; run `npm install` in {project} (`make setup` in Pathway's own repository) "
        "to install it, or name its folder with --runtime DIR or PATHWAY_PYODIDE"
    ]
    assert "Traceback" not in err
    assert (previous / "index.html").read_text(encoding="utf-8") == "the last good site"


def test_runtime_names_pyodide_folder_outside_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "elsewhere" / "pyodide"
    code = cli.main(["build", "--data", str(FIXTURE), "--out", str(tmp_path / "site"), "--work", str(tmp_path / "work"),
                     "--preview", "--runtime", str(missing)])
    assert code == 1
    assert f"Pyodide) is not installed: {missing} is missing" in capsys.readouterr().err
