"""The load cache: a check from cached files says exactly what a fresh check says.

``generator.load_cache`` keys each file's load by its bytes, its model, its name
and the generator's code; these tests hold it to being invisible except in speed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import load_cache
from generator.cli import main
from generator.diagnostics import Report
from generator.load import Site, load_site
from generator.load_cache import LazyDocument, LoadCache
from generator.validate import validate_site
from tests.test_bad_inputs import CASES, make_case

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "pathway_data"


def check(data: Path, cache: LoadCache | None) -> tuple[Site, list[str]]:
    site, report = load_site(data, cache=cache)
    report.extend(validate_site(site, docs_dir=ROOT / "docs"))
    return site, [d.format() for d in report.items]


def entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.name.startswith("."))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_bad_input_reports_the_same_from_the_cache(case: Path, tmp_path: Path) -> None:
    data = make_case(tmp_path / "case", case)
    cache_dir = tmp_path / "cache"
    _, fresh = check(data, None)
    first = LoadCache(cache_dir)
    _, filling = check(data, first)
    second = LoadCache(cache_dir)
    _, cached = check(data, second)
    assert filling == fresh
    assert cached == fresh
    assert first.hits == 0
    assert second.misses == 0 and second.hits == first.misses


def test_the_real_content_loads_to_equal_models_and_positions(tmp_path: Path) -> None:
    fresh, fresh_report = check(CONTENT, None)
    check(CONTENT, LoadCache(tmp_path))
    cache = LoadCache(tmp_path)
    cached, cached_report = check(CONTENT, cache)
    assert cache.misses == 0 and cache.hits == len(fresh.documents)
    assert cached_report == fresh_report
    for kind in ("guides", "cases", "learning", "checklists", "sources", "planned"):
        assert getattr(cached, kind) == getattr(fresh, kind), kind
    assert cached.pathway == fresh.pathway and cached.glossary == fresh.glossary
    assert cached.locality == fresh.locality
    for rel, doc in fresh.documents.items():
        again = cached.documents[rel]
        assert isinstance(again, LazyDocument)
        assert again.path == doc.path
        assert again.positions == doc.positions and again.data == doc.data


def test_an_edit_reloads_that_file_only_and_its_new_problem_is_reported(fixture_copy: Path, tmp_path: Path) -> None:
    check(fixture_copy, LoadCache(tmp_path / "cache"))
    guide = fixture_copy / "guides" / "test-guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    cache = LoadCache(tmp_path / "cache")
    _, reported = check(fixture_copy, cache)
    assert cache.misses == 1
    assert any("unknown-key" in line and "titel" in line for line in reported), reported
    assert reported == check(fixture_copy, None)[1]


def test_a_new_generator_version_misses_every_entry(fixture_copy: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    check(fixture_copy, LoadCache(tmp_path / "cache"))
    monkeypatch.setattr(load_cache, "_CODE_VERSION", b"another version of the generator")
    cache = LoadCache(tmp_path / "cache")
    check(fixture_copy, cache)
    assert cache.hits == 0 and cache.misses > 0


def test_the_code_version_covers_the_models_and_the_parser() -> None:
    load_cache._CODE_VERSION = None
    version = load_cache.code_version()
    assert len(version) == 16 and load_cache.code_version() is version
    sources = {path.relative_to(load_cache.GENERATOR).as_posix() for path in load_cache.GENERATOR.rglob("*.py")}
    assert {"yaml_source.py", "safe_text.py", "load.py", "models/guide.py"} <= sources
    assert {path.name for path in load_cache.SHARED_SOURCES} == {"refs.py"}  # widgets.refs: the reference kinds


def test_a_damaged_entry_is_a_miss_and_is_rewritten(fixture_copy: Path, tmp_path: Path) -> None:
    _, fresh = check(fixture_copy, LoadCache(tmp_path / "cache"))
    for index, entry in enumerate(entries(tmp_path / "cache")):
        entry.write_bytes(entry.read_bytes()[: index * 7] + b"\x80not a pickle")  # truncated or garbage
    cache = LoadCache(tmp_path / "cache")
    _, reported = check(fixture_copy, cache)
    assert reported == fresh
    assert cache.hits == 0
    again = LoadCache(tmp_path / "cache")
    check(fixture_copy, again)
    assert again.misses == 0


def test_an_unwritable_cache_only_costs_speed(fixture_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    _, reported = check(fixture_copy, LoadCache(blocked / "cache"))
    assert reported == check(fixture_copy, None)[1]


def test_documents_are_unpickled_only_when_a_position_is_needed(fixture_copy: Path, tmp_path: Path) -> None:
    check(fixture_copy, LoadCache(tmp_path / "cache"))
    site, report = load_site(fixture_copy, cache=LoadCache(tmp_path / "cache"))
    doc = site.documents[Path("data/guides/test-guide.yml")]
    assert isinstance(doc, LazyDocument) and "data" not in doc.__dict__
    assert doc.position(("title",))[0] >= 1
    assert "data" in doc.__dict__ and "positions" in doc.__dict__


def test_pruning_drops_only_unused_entries_idle_for_a_day(tmp_path: Path) -> None:
    cache = LoadCache(tmp_path)
    old = time.time() - 2 * 24 * 3600
    for index in range(400):
        entry = tmp_path / "ab" / f"ab{index:038x}"
        entry.parent.mkdir(exist_ok=True)
        entry.write_bytes(b"x")
        if index % 2:
            os.utime(entry, (old, old))
    cache.used = {f"ab{index:038x}" for index in range(0, 400, 4)}  # a run used every fourth: 400 > 3 × 100
    removed = cache.prune()
    left = {path.name for path in entries(tmp_path)}
    idle_unused = {f"ab{index:038x}" for index in range(400) if index % 2 and index % 4}
    assert removed == len(idle_unused)
    assert not left & idle_unused
    assert cache.used <= left


def test_a_small_cache_is_never_pruned(tmp_path: Path) -> None:
    entry = tmp_path / "ab" / ("ab" + "0" * 38)
    entry.parent.mkdir()
    entry.write_bytes(b"x")
    os.utime(entry, (0, 0))
    assert LoadCache(tmp_path).prune() == 0 and entry.exists()


def test_check_uses_the_cache_unless_told_not_to(fixture_copy: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATHWAY_CACHE", str(tmp_path / "cache"))
    assert main(["check", "--data", str(fixture_copy), "--no-cache"]) == 0
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("PATHWAY_CACHE", "off")
    assert main(["check", "--data", str(fixture_copy)]) == 0
    assert not (tmp_path / "cache").exists() and not (tmp_path / "off").exists()
    monkeypatch.setenv("PATHWAY_CACHE", str(tmp_path / "cache"))
    assert main(["check", "--data", str(fixture_copy)]) == 0
    assert len(entries(tmp_path / "cache")) == len(list(fixture_copy.rglob("*.yml")))


def test_the_default_cache_lives_in_the_work_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PATHWAY_CACHE", raising=False)
    cache = LoadCache.default(tmp_path / "work")
    assert cache is not None and cache.folder == tmp_path / "work" / "cache"


def test_a_report_is_not_shared_between_loads(fixture_copy: Path, tmp_path: Path) -> None:
    """Replaying cached diagnostics must not alias the cached list into a later report."""
    broken = fixture_copy / "guides" / "test-guide.yml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    first, _ = load_site(fixture_copy, cache=LoadCache(tmp_path / "cache"))
    site, report = load_site(fixture_copy, cache=LoadCache(tmp_path / "cache"))
    count = len(report.items)
    report.add("x", 1, 1, "extra", "added by the test")
    _, again = load_site(fixture_copy, cache=LoadCache(tmp_path / "cache"))
    assert len(again.items) == count
    assert isinstance(again, Report)


def test_a_damaged_document_half_falls_back_to_parsing_the_file(fixture_copy: Path, tmp_path: Path) -> None:
    """The model loads, the positions do not: a diagnostic still gets its real line, not a traceback."""
    fresh, _ = load_site(fixture_copy)
    check(fixture_copy, LoadCache(tmp_path / "cache"))
    for entry in entries(tmp_path / "cache"):
        blob = entry.read_bytes()
        (size,) = load_cache._HEADER.unpack_from(blob)
        end = load_cache._HEADER.size + size
        entry.write_bytes(blob[:end] + b"\x80damaged")
    site, _ = load_site(fixture_copy, cache=LoadCache(tmp_path / "cache"))
    rel = Path("data/guides/test-guide.yml")
    assert isinstance(site.documents[rel], LazyDocument)
    assert site.documents[rel].position(("title",)) == fresh.documents[rel].position(("title",)) != (1, 1)
