"""Everything a site needs is in the wheel: asserted on the built wheel's own file list, not the source tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.packaging_support import ROOT, build_wheel, files_under, wheel_names


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return wheel_names(build_wheel(tmp_path_factory.mktemp("wheel")))


@pytest.mark.parametrize(("folder", "packaged"), [
    ("overrides", "generator/engine_overrides"),  # the theme overrides: quick exit markup, CSP meta, embed template
    ("docs/assets", "generator/engine_assets"),  # quick exit, theme globals, session mode, embeds, widget bridge
    ("generator/templates", "generator/templates"),
    ("generator/skeleton", "generator/skeleton"),  # what `pathway new` writes
    ("widgets", "widgets"),  # the widgets package and its data (the bank-holiday calendar)
    ("generator", "generator"),
])
def test_the_wheel_carries_every_file_a_site_needs(names: set[str], folder: str, packaged: str) -> None:
    expected = {f"{packaged}/{rel}" for rel in files_under(folder)}
    assert expected, f"{folder} is empty"
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"


def test_the_calendar_the_walker_counts_working_days_with_is_in_the_wheel(names: set[str]) -> None:
    assert "widgets/data/bank_holidays.json" in names


def test_the_wheel_carries_no_project_content(names: set[str]) -> None:
    """The national site is a project like any other: its content, pages and tests stay out of the engine."""
    leaked = sorted(n for n in names if n.startswith(("pathway_data/", "docs/", "provenance/", "tests/", "bench/")))
    assert leaked == []


def test_a_new_project_asks_npm_for_the_pyodide_this_repository_is_tested_with() -> None:
    tested = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    skeleton = json.loads((ROOT / "generator/skeleton/package.json").read_text(encoding="utf-8"))
    assert skeleton["dependencies"]["pyodide"] == tested


def test_new_writes_a_project_that_passes_a_strict_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    project = tmp_path / "our-site"
    assert main(["new", str(project)]) == 0
    for rel in ("pathway.toml", "mkdocs.yml", ".gitignore", "package.json", "pathway_data/sources.yml",
                "pathway_data/locality.yml", "pathway_data/pathway.yml", "provenance/sample-source.txt",
                "docs/index.md", "docs/about/privacy.md", "docs/about/accessibility.md"):
        assert (project / rel).is_file(), rel
    assert len(list((project / "pathway_data/guides").glob("*.yml"))) == 1
    assert len(list((project / "pathway_data/checklists").glob("*.yml"))) == 1
    monkeypatch.chdir(project)  # found from the current folder: no --project, no --data
    assert main(["check", "--strict"]) == 0
    assert main(["new", str(project)]) == 1  # never over an existing project


def test_the_sample_content_says_it_is_a_template(tmp_path: Path) -> None:
    """Faithful: the sample cites a sample source whose own text says it is not guidance."""
    from generator.load import load_site
    from generator.new_project import write_project

    write_project(tmp_path / "p")
    site, report = load_site(tmp_path / "p" / "pathway_data")
    assert not report.errors
    provenance = (tmp_path / "p/provenance/sample-source.txt").read_text(encoding="utf-8")
    assert "This is not safeguarding guidance." in provenance
    assert list(site.sources) == ["sample-source"]
    for _, item in site.items("guides", "checklists"):
        assert "replace it" in item.title.lower()
