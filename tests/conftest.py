"""Shared fixtures: content folders, and sites built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
CONTENT = ROOT / "pathway_data"


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the minimal content folder."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.build import build

    base = tmp_path_factory.mktemp("fixture-build")
    build(FIXTURE, base / "site", work=base / "work")
    return base / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once for every test that inspects the published site."""
    from generator.build import build

    base = tmp_path_factory.mktemp("real-build")
    build(CONTENT, base / "site", work=base / "work")
    return base / "site"
