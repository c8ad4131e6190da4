"""In-process builds of real sites: the HTML a reader gets, and a failed build's safety."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import BuildFailed, build
from generator.cli import main


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_fixture_guide_page_has_its_sections_citations_and_review_dates(built_fixture_site: Path) -> None:
    html = read(built_fixture_site, "guides/test-guide/index.html")
    assert 'id="what-to-say"' in html
    assert "Source:" in html and "A test source" in html
    assert "1 January 2026" in html and "1 January 2099" in html
    assert "not yet available" in html


def test_fixture_site_has_every_generated_page(built_fixture_site: Path) -> None:
    for page in [
        "index.html", "guides/index.html", "cases/index.html", "cases/test-case/index.html", "cases/questions/index.html",
        "learning/test-briefing/index.html", "pathway/index.html", "glossary/index.html", "about/sources/index.html",
        "about/content-status/index.html", "tools/referral-checklist/index.html", "tools/what-happens-next/index.html",
        "tags/index.html", "search/search_index.json",
    ]:
        assert (built_fixture_site / page).is_file(), page


def test_search_index_covers_generated_pages(built_fixture_site: Path) -> None:
    index = read(built_fixture_site, "search/search_index.json")
    assert "what your concerns are" in index
    assert "Key question one?" in index


def test_no_page_requests_google_fonts_or_a_cdn(built_fixture_site: Path) -> None:
    for page in built_fixture_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not src.endswith((".js", ".css", ".woff2")), f"{page}: third-party asset {src}"


def test_editorial_notes_are_never_published(built_site: Path) -> None:
    from generator.load import load_site
    from generator.validate import walk
    from tests.conftest import CONTENT

    site, _ = load_site(CONTENT)
    notes = [
        value
        for item in [*site.guides.values(), *site.cases.values(), *site.learning.values(), *site.checklists.values(), site.pathway]
        for note in item.editorial_notes
        for _, value in walk(note)
        if isinstance(value, str)
    ]
    assert notes, "the content records editorial notes"
    pages = [page.read_text(encoding="utf-8") for page in built_site.rglob("*.html")]
    for note in notes:
        probe = " ".join(note.split())[:60]
        assert not any(probe in html for html in pages), f"editorial note published: {probe!r}"
    assert not any("social care workforce reforms are in progress" in html for html in pages)


@pytest.mark.parametrize(
    "artefact",
    ["Skip to main content", "Commented [", "](#)", 'href="#"', "LESSONSLESSONS", "file:///", "photo: Alamy",
     "LEARNING THE LESSONS SEPTEMBER 2021", "shoulderPolice", "<sup>", "Woman listening seen over shoulder"],
)
def test_published_html_has_no_source_artefacts(built_site: Path, artefact: str) -> None:
    for page in built_site.rglob("*.html"):
        assert artefact not in page.read_text(encoding="utf-8"), f"{artefact!r} in {page}"


@pytest.mark.parametrize(
    ("phrase", "page"),
    [("strategy discussion", "guides/police-initial-response/"), ("three working days", "guides/making-a-referral/")],
)
def test_real_site_search_finds_each_guide_by_its_key_phrase(engine_site: tuple[str, Path], phrase: str,
                                                             page: str) -> None:
    """On both engines (issue 18), each through its own index format."""
    from generator.engines import search_index

    docs = search_index(engine_site[1], engine_site[0])
    hits = {doc.location.split("#")[0] for doc in docs if phrase in doc.text.lower()}
    assert page in hits


def test_a_failed_build_leaves_the_previous_site_untouched(fixture_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "marker.txt").write_text("last good site")
    (fixture_copy / "guides" / "test-guide.yml").write_text("id: test-guide\ntitle: [unclosed\n")
    with pytest.raises(BuildFailed):
        build(fixture_copy, out, work=tmp_path / "work")
    assert (out / "marker.txt").read_text() == "last good site"
    assert sorted(p.name for p in out.iterdir()) == ["marker.txt"]


@pytest.mark.slow  # a whole MkDocs build of the fixture
def test_a_successful_build_replaces_the_site_whole(fixture_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    assert main(["build", "--data", str(fixture_copy), "--out", str(out), "--preview"]) == 0
    assert not (out / "stale.html").exists()
    assert (out / "guides" / "test-guide" / "index.html").is_file()
    assert not list(tmp_path.glob(".site.*")), "no staging folder is left behind"


def test_regeneration_rewrites_only_changed_files(fixture_copy: Path, tmp_path: Path) -> None:
    from generator.build import generate, load_and_check

    work = tmp_path / "work"
    generate(load_and_check(fixture_copy), work)
    guide = fixture_copy / "guides" / "test-guide.yml"
    guide.write_text(guide.read_text().replace("First point", "First point, reworded"))
    changed = generate(load_and_check(fixture_copy), work).changed
    assert "guides/test-guide.md" in changed
    assert changed == ["guides/test-guide.md"]


def test_no_page_runs_a_theme_feature_that_rewrites_the_address_as_the_reader_scrolls(built_site: Path) -> None:
    """Material's navigation.tracking set the #fragment to the heading in view, or to nothing at the top: on the
    walker that wiped a person's answers (#e=…&a=…) from the address after one scroll, so a copied or reloaded
    address lost the walk (found by a CI run under load; reproduced in Chromium by walking from the start page
    and scrolling).  The engine drops it, so no built page asks Material for it."""
    from generator.build import ADDRESS_REWRITING_FEATURES

    pages = sorted(built_site.rglob("*.html"))
    configs = [re.search(r'<script id="__config" type="application/json">(.*?)</script>', page.read_text("utf-8"), re.S)
               for page in pages]
    themed = [(page, match) for page, match in zip(pages, configs, strict=True) if match]
    assert len(themed) > 100
    asking = [str(page.relative_to(built_site)) for page, match in themed
              if ADDRESS_REWRITING_FEATURES & set(json.loads(match.group(1))["features"])]
    assert asking == []
