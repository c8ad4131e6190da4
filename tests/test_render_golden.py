"""Golden files: the Markdown generated from the minimal fixture, byte for byte.

A change to a template shows up here as a reviewable diff.  Regenerate with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.embeds import PublicSite
from generator.load import load_site
from generator.render import Renderer

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
# The published name and address the golden files were made with, given here rather than read from the
# checkout's mkdocs.yml: changing site_url there (as a host should) leaves the golden files as they are.
GOLDEN_SITE = PublicSite(name="Child sexual abuse response pathway", url="http://127.0.0.1:8000/")
PAGES = [
    "guides/test-guide.md",
    "cases/test-case.md",
    "learning/test-briefing.md",
    "pathway/index.md",
    "glossary.md",
    "about/content-status.md",
    "cases/questions.md",
    "updates/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    site, report = load_site(FIXTURE)
    assert not report.items, report.format()
    return Renderer(site, public=GOLDEN_SITE).pages()


@pytest.mark.parametrize("page", PAGES)
def test_generated_markdown_matches_golden_file(pages: dict[str, str], page: str) -> None:
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page], encoding="utf-8")
    assert pages[page] == golden.read_text(encoding="utf-8")


def test_plain_text_cannot_become_markup() -> None:
    from generator.markdown_out import plain

    assert plain("[click](javascript:alert(1)) <b>") == r"\[click\]\(javascript:alert\(1\)\) &lt;b\>"


def test_internal_references_become_relative_links() -> None:
    from generator.markdown_out import markdown

    text = markdown("See [the case](case:test-case) and [later](planned:later-guide).", "guides/test-guide.md")
    assert "](../cases/test-case.md)" in text
    assert "](../about/content-status.md#planned-later-guide)" in text
