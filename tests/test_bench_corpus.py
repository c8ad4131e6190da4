"""The benchmark corpus stays valid content, so the benchmarks measure real work and cannot silently rot."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import make_corpus
from generator.cli import check_content, main


def test_a_small_synthetic_corpus_passes_pathway_check(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = make_corpus(tmp_path / "corpus", guides=5, cases=12)

    assert main(["check", "--strict", "--data", str(data)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err
    site, report = check_content(data)
    assert not report.items
    synthetic_guides = [g for g in site.guides if g.startswith("bench-guide-")]  # type: ignore[attr-defined]
    synthetic_cases = [c for c in site.cases if c.startswith("bench-")]  # type: ignore[attr-defined]
    assert len(synthetic_guides) == 5 and len(synthetic_cases) == 12


def test_synthetic_items_copy_the_shape_of_real_ones(tmp_path: Path) -> None:
    from generator.load import load_site

    data = make_corpus(tmp_path / "corpus", guides=2, cases=1)
    site, _ = load_site(data)
    for synthetic in ("bench-guide-0000", "bench-guide-0001"):
        guide = site.guides[synthetic]
        real = [g for g in site.guides.values() if not g.id.startswith("bench-")]
        shapes = {tuple((len(s.blocks), len(s.subsections)) for s in g.sections) for g in real}
        assert tuple((len(s.blocks), len(s.subsections)) for s in guide.sections) in shapes
        assert guide.source.source == f"{synthetic}-source"  # its own provenance, cited by line
    case = site.cases["bench-001-case-1"]
    assert case.source.source == "bench-issue-001" and case.parts


def test_the_corpus_is_deterministic(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "a", guides=2, cases=2)
    second = make_corpus(tmp_path / "b", guides=2, cases=2)
    for path in sorted(first.rglob("bench-*.yml")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()
