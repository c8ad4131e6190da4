"""Every content item that exists is rendered by some page of the built site.

A checklist once sat in ``pathway_data/checklists/`` with twenty cited items,
exported as JSON, and no page showed it.  This test reads the built HTML (the
real content) and fails for any guide, case study, briefing, checklist,
planned item, source or glossary term that no page renders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import urls
from generator.load import load_site

from .conftest import CONTENT


def _html(site_dir: Path, page: str) -> str:
    """The built HTML of a docs-relative ``.md`` page (directory URLs)."""
    stem = page[: -len(".md")]
    path = site_dir / (stem[: -len("index")] if stem.endswith("index") else stem + "/") / "index.html"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _every_page(site_dir: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    loaded, report = load_site(CONTENT)
    assert loaded is not None, report
    return loaded


def test_every_checklist_in_the_content_appears_on_a_page(built_site: Path, site) -> None:  # type: ignore[no-untyped-def]
    files = sorted(p.stem for p in (CONTENT / "checklists").glob("*.yml"))
    assert files and files == sorted(site.checklists)
    everything = _every_page(built_site)
    missing = [cid for cid in files if f'data-checklist="{cid}"' not in everything]
    assert not missing, f"checklists no page renders: {missing}"
    for cid in files:  # and each of its items, by its own id, inside that checklist's panel
        checklist = site.checklists[cid]
        for group in checklist.groups:
            for item in group.items:
                assert f'data-item="{item.id}"' in everything, (cid, item.id)


def test_every_guide_case_and_briefing_has_its_page(built_site: Path, site) -> None:  # type: ignore[no-untyped-def]
    missing = [
        f"{kind}:{item_id}"
        for kind, items in (("guide", site.guides), ("case", site.cases), ("learning", site.learning))
        for item_id in items
        if not _html(built_site, urls.page_path(kind, item_id))
    ]
    assert not missing, f"items with no page: {missing}"


def test_every_planned_item_source_and_term_is_on_its_page(built_site: Path, site) -> None:  # type: ignore[no-untyped-def]
    missing: list[str] = []
    terms = [term.id for term in site.glossary.terms]
    for kind, items in (("planned", list(site.planned)), ("source", list(site.sources)), ("glossary", terms)):
        for item_id in items:
            anchor = urls.anchor_for(kind, item_id, None)
            if f'id="{anchor}"' not in _html(built_site, urls.page_path(kind, item_id)):
                missing.append(f"{kind}:{item_id}")
    assert not missing, f"items no page renders: {missing}"
