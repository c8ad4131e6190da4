"""One module decides every path (generator/project.py): a project is found, never assumed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import project as projects
from generator.cli import main
from generator.new_project import write_project
from tests.conftest import ROOT


def test_this_repository_is_the_first_project_and_its_overrides_are_the_engines() -> None:
    found = projects.find(start=ROOT / "generator" / "templates")
    assert found.root == ROOT
    assert (found.content, found.docs, found.work, found.output) == (
        ROOT / "pathway_data", ROOT / "docs", ROOT / ".pathway", ROOT / "site")
    assert found.engine.overrides == ROOT / "overrides"  # a checkout: the wheel is made from these folders


def test_a_project_file_names_its_folders(tmp_path: Path) -> None:
    (tmp_path / "pathway.toml").write_text('[paths]\ncontent = "content"\nwork = "build/work"\n', encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    found = projects.find(start=tmp_path / "deep" / "er")
    assert (found.root, found.content, found.work, found.cache) == (
        tmp_path, tmp_path / "content", tmp_path / "build/work", tmp_path / "build/work/cache")


def test_a_project_file_with_an_unknown_key_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pathway.toml").write_text('[paths]\ncontnet = "content"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error[project]: ") and "paths.contnet" in err and "Traceback" not in err


def test_no_project_here_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "error[project]: no Pathway project in" in capsys.readouterr().err
    assert main(["check", "--project", str(tmp_path)]) == 1
    assert "is not a Pathway project" in capsys.readouterr().err


def test_check_from_outside_works_on_the_named_project_and_caches_in_its_work_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PATHWAY_CACHE", raising=False)
    write_project(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--strict", "--project", "site"]) == 0
    assert list((tmp_path / "site" / ".pathway" / "cache").iterdir())
    assert main(["check", "--project", "site", "--work", str(tmp_path / "elsewhere")]) == 0
    assert list((tmp_path / "elsewhere" / "cache").iterdir())


def test_a_projects_own_files_win_over_the_engines_file_by_file(tmp_path: Path) -> None:
    from generator.build import generate, load_and_check

    root = tmp_path / "p"
    write_project(root)
    (root / "docs" / "assets").mkdir()
    (root / "docs" / "assets" / "pathway.css").write_text("/* ours */\n", encoding="utf-8")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "search.html").write_text("<!-- ours -->\n", encoding="utf-8")
    project = projects.at(root)
    work = tmp_path / "work"
    generate(load_and_check(project.content, docs=project.docs), work, project, runtime=ROOT / "node_modules" / "pyodide")
    assert (work / "docs" / "assets" / "pathway.css").read_text(encoding="utf-8") == "/* ours */\n"
    engine = project.engine
    assert (work / "docs" / "assets" / "quick-exit.js").read_bytes() == (engine.assets / "quick-exit.js").read_bytes()
    assert (work / "theme" / "partials" / "search.html").read_text(encoding="utf-8") == "<!-- ours -->\n"
    assert (work / "theme" / "main.html").read_bytes() == (engine.overrides / "main.html").read_bytes()
    assert f"custom_dir: {work / 'theme'}" in (work / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_content_folder_alone_can_be_checked_but_not_built(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from tests.conftest import FIXTURE

    shutil.copytree(FIXTURE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--data", "data"]) == 0
    assert main(["build", "--data", "data", "--preview"]) == 1
    assert f"{tmp_path / 'mkdocs.yml'} is missing" in capsys.readouterr().err


def test_check_reads_markdown_as_the_named_projects_site_does_from_any_folder(tmp_path: Path) -> None:
    """The safe-text check renders each field with the extensions of the project's own mkdocs.yml.

    This project turns on pymdownx.critic, which makes ``{++text++}`` an ``<ins>`` element; run from
    this repository's folder (a project without it), the check must still read the field as the
    named project's site will, and refuse it.
    """
    import subprocess
    import sys

    site = tmp_path / "site"
    write_project(site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.critic\n"), encoding="utf-8")
    guide = site / "pathway_data" / "guides" / "sample-guide.yml"
    text = guide.read_text(encoding="utf-8")
    paragraph = "      - type: paragraph\n        text: This is not safeguarding guidance."
    assert paragraph in text
    guide.write_text(text.replace(paragraph, "      - type: paragraph\n        text: Critic {++marks++} it up.\n"
                                  + paragraph), encoding="utf-8")
    pathway = Path(sys.executable).parent / "pathway"
    done = subprocess.run([str(pathway), "check", "--no-cache", "--project", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "sample-guide.yml:" in done.stderr and "<ins> element" in done.stderr, done.stderr
    assert "1 error(s)" in done.stderr


def test_a_markdown_configuration_that_cannot_be_read_is_one_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path / "site")
    config = tmp_path / "site" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - def_list\n", "  - def_list: [not, settings]\n"), encoding="utf-8")
    assert main(["check", "--no-cache", "--project", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error[project]: {config}: cannot read its markdown_extensions: ") and "def_list" in err
    assert "Traceback" not in err
