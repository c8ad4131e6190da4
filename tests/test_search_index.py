"""The search index of the real site: what is in it, what is kept out, and its size.

Material fetches the whole index on a visitor's first page, so its size is part
of every page's weight (issue 8: under 100 KB gzipped for the real content).
The widget pages' pre-rendered markup repeats the pathway page and the
referral guide, so it is kept out (``generator.widget_pages.search_excluded``);
the tool pages stay findable by their title and introduction, and everything
the widgets show stays findable where it comes from.

Each test of the built index runs once per engine (MkDocs + Material, Zensical:
``engine_site`` in tests/conftest.py), each reading its own index through
``generator.engines.search_index``.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from generator import engines
from generator.widget_pages import search_excluded

CHECKLIST = "tools/referral-checklist/"
WALKER = "tools/what-happens-next/"
INDEX_BUDGET_BYTES = 100_000  # KB = 1,000 bytes, as bench/page_weight.py reports it


def index_docs(site: Path, engine: str = "mkdocs") -> list[dict[str, Any]]:
    return [asdict(entry) for entry in engines.search_index(site, engine)]


def page_of(doc: dict[str, Any]) -> str:
    return str(doc["location"]).split("#")[0]


def pages_found(docs: list[dict[str, Any]], query: str) -> set[str]:
    """Pages with an entry whose title or text holds every word of the query (what the search box matches on)."""
    words = query.lower().split()
    return {page_of(d) for d in docs if all(w in f"{d['title']} {d['text']}".lower() for w in words)}


def comparable(text: str | None) -> str:
    """Letters and digits only: Markdown link targets, tags, emphasis and punctuation differ between copies.

    A page marks a link to a planned item "(not yet available)" where the data's own copy may not.
    """
    text = re.sub(r"\]\([^)]*\)", "", text or "").replace("(not yet available)", "")
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[^a-z0-9]", "", html.unescape(text).lower().replace("\u2019", "'"))


def indexed_text(docs: list[dict[str, Any]], page: str) -> str:
    return comparable(" ".join(f"{d['title']} {d['text']}" for d in docs if page_of(d) == page))


@pytest.fixture(scope="module")
def docs(engine_site: tuple[str, Path]) -> list[dict[str, Any]]:
    return index_docs(engine_site[1], engine_site[0])


@pytest.fixture(scope="module")
def widget_data() -> dict[str, Any]:
    from generator.exports import widget_data
    from generator.load import load_site
    from tests.conftest import CONTENT

    site, _ = load_site(CONTENT)
    return widget_data(site)


@pytest.mark.parametrize(("query", "page"), [("checklist", CHECKLIST), ("referral checklist", CHECKLIST),
                                              ("what happens next", WALKER)])
def test_search_finds_the_tool_pages_by_their_title(docs: list[dict[str, Any]], query: str, page: str) -> None:
    assert page in pages_found(docs, query)


def test_each_tool_page_is_one_entry_with_its_title_and_introduction(docs: list[dict[str, Any]]) -> None:
    entries = {page: [d for d in docs if page_of(d) == page] for page in (CHECKLIST, WALKER)}
    assert [(d["location"], d["title"]) for d in entries[CHECKLIST]] == [(CHECKLIST, "Referral checklist")]
    assert [(d["location"], d["title"]) for d in entries[WALKER]] == [(WALKER, "What happens next")]
    assert "Use this before you make a referral" in entries[CHECKLIST][0]["text"]
    assert "answer one question at a time" in entries[WALKER][0]["text"]


def test_the_widgets_fallback_text_stays_on_the_page_but_out_of_the_index(
    engine_site: tuple[str, Path], docs: list[dict[str, Any]], widget_data: dict[str, Any]
) -> None:
    built_site = engine_site[1]
    from widgets.checklist_html import NOTICE as CHECKLIST_NOTICE
    from widgets.walker_html import NOTICE as WALKER_NOTICE

    checklist_html = (built_site / CHECKLIST / "index.html").read_text(encoding="utf-8")
    walker_html = (built_site / WALKER / "index.html").read_text(encoding="utf-8")
    first_item = widget_data["checklists"]["referral-content"]["groups"][0]["items"][0]
    first_stage = widget_data["pathway"]["stages"][0]
    # On the page, for a reader without JavaScript ...
    assert html.escape(CHECKLIST_NOTICE) in checklist_html and html.escape(first_item["key_phrase"]) in checklist_html
    first_entry = widget_data["pathway"]["entry_points"][0]
    assert html.escape(WALKER_NOTICE) in walker_html and html.escape(first_entry["label"]) in walker_html
    # ... but not in the index.
    everything = json.dumps(docs, ensure_ascii=False)
    assert CHECKLIST_NOTICE not in everything and WALKER_NOTICE not in everything
    assert "Your notes: what you will say" not in everything
    assert comparable(first_item["key_phrase"]) not in indexed_text(docs, CHECKLIST)
    assert comparable(first_stage["title"]) not in indexed_text(docs, WALKER)


def test_every_walker_step_stays_findable_on_the_pathway_page(
    docs: list[dict[str, Any]], widget_data: dict[str, Any]
) -> None:
    pathway = indexed_text(docs, "pathway/")
    pathway_data = widget_data["pathway"]
    texts = [s.get(k) for s in pathway_data["stages"] for k in ("title", "summary")]
    texts += [n.get(k) for n in pathway_data["nodes"] for k in ("title", "text")]
    texts += [step for n in pathway_data["nodes"] for step in n.get("do_now") or []]
    missing = [t for t in texts if t and comparable(t) not in pathway]
    assert len(texts) > 100 and not missing


def test_every_checklist_point_stays_findable_in_the_guide_it_cites(
    docs: list[dict[str, Any]], widget_data: dict[str, Any]
) -> None:
    points = [item for checklist in widget_data["checklists"].values() for group in checklist["groups"]
              for item in group["items"]]
    missing = []
    for item in points:
        guide = str(item["cite"]["href"]).lstrip("/").split("#")[0]
        assert guide.startswith("guides/"), item["id"]
        if comparable(item["key_phrase"]) not in indexed_text(docs, guide):
            missing.append(item["key_phrase"])
    assert len(points) > 20 and not missing


def test_the_gzipped_index_of_the_real_content_is_under_100_kb(engine_site: tuple[str, Path]) -> None:
    name, built_site = engine_site
    raw = (built_site / engines.engine(name).search_index_file).read_bytes()
    for level in (6, 9):
        size = len(gzip.compress(raw, compresslevel=level, mtime=0))
        assert size < INDEX_BUDGET_BYTES, f"search index gzipped at level {level}: {size:,} bytes"


def test_excluded_widget_markup_leaves_nothing_in_materials_index() -> None:
    """An inner ``</div>`` must not end the exclusion (Material's parser tells elements apart by tag only)."""
    from material.plugins.search.plugin import Parser

    widget = ('<div class="w"><div>inner block</div><p>after an inner block</p>'
              '<section><h2 id="step">A step</h2><p>step text</p></section></div>')
    parser = Parser()
    parser.feed(f'<h1 id="tool">Tool</h1><p>Introduction.</p>\n{search_excluded(widget)}\n<p>After the widget.</p>')
    parser.close()
    indexed = " ".join("".join(s.title + s.text) for s in parser.data if not s.is_excluded())
    assert "Introduction." in indexed and "After the widget." in indexed
    for text in ("inner block", "after an inner block", "A step", "step text"):
        assert text not in indexed


def test_widget_markup_that_would_end_its_own_exclusion_is_refused() -> None:
    with pytest.raises(ValueError, match="article"):
        search_excluded('<div><article><p>text</p></article></div>')
