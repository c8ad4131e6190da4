"""Shared fixtures: content folders, and sites built once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
CONTENT = ROOT / "pathway_data"


# Fixtures that build a whole site with MkDocs (or serve one with `pathway serve`): a test that uses one,
# directly or through another fixture, is marked ``slow``, as is every browser and Pyodide test, so that
# ``pytest -m "not slow"`` (``make test-fast``) is the quick loop an author runs while editing.
SITE_BUILDING_FIXTURES = frozenset({"built_site", "built_fixture_site", "built_site_zensical", "engine_site",
                                    "example_site", "served"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & SITE_BUILDING_FIXTURES or item.get_closest_marker("browser") or item.get_closest_marker("pyodide"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_load_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Commands run by tests cache loaded files in a folder of this session, never in the project's .pathway/.

    Every test that runs ``pathway check``/``build``/``serve`` (in-process or as a subprocess, which inherits
    the environment) therefore goes through the cache, as an author's command does.
    """
    folder = tmp_path_factory.mktemp("load-cache")
    previous = {name: os.environ.get(name) for name in ("PATHWAY_CACHE", "PATHWAY_PRECOMPRESS")}
    os.environ["PATHWAY_CACHE"] = str(folder)
    # Brotli at quality 11 costs seconds per built site: only the tests of precompression turn it on
    # (tests/test_precompress.py, tests/test_hosting.py, the benchmark).
    os.environ["PATHWAY_PRECOMPRESS"] = "off"
    yield folder
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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


@pytest.fixture(scope="session")
def built_site_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built by Zensical (issue 18: the site builds on both engines)."""
    from generator.build import build

    base = tmp_path_factory.mktemp("real-build-zensical")
    build(CONTENT, base / "site", work=base / "work", engine="zensical")
    return base / "site"


ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """(engine, the real content built by it): a test taking this runs once per engine."""
    name = str(request.param)
    return name, request.getfixturevalue("built_site" if name == "mkdocs" else "built_site_zensical")
