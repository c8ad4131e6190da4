"""The content-status page lists every "[sic]" kept from a source, however the YAML spells it.

The renderer walks only items whose file's text can hold the mark (``Site.sic_files``);
these tests hold that shortcut to finding what a walk of every item finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_site
from generator.render import Renderer


@pytest.mark.parametrize(("spelled", "why"), [
    ("A referral should state what your concerns are [sic].", "plain"),
    ('"A referral should state what your concerns are \\u005bsic]."', "a double-quoted escape"),
    ('"A referral should state what your concerns are [si\\\n  c]."', "an escaped line break inside the mark"),
])
def test_a_kept_typo_is_listed_however_it_is_written(fixture_copy: Path, spelled: str, why: str) -> None:
    guide = fixture_copy / "guides" / "test-guide.yml"
    text = guide.read_text(encoding="utf-8")
    original = "text: Act on your concerns."
    assert original in text
    guide.write_text(text.replace(original, f"text: {spelled}"), encoding="utf-8")
    site, report = load_site(fixture_copy)
    assert not report.errors, report.format()
    listed = Renderer(site)._sics()
    assert any("[sic]" in line and "Test guide" in line for line in listed), (why, listed)


def test_only_files_that_could_spell_the_mark_are_walked(fixture_copy: Path) -> None:
    site, _ = load_site(fixture_copy)
    assert site.sic_files is not None
    assert len(site.sic_files) < len(site.documents)
    for rel in site.sic_files:  # the fixture has no mark, only double-quoted escapes
        assert b"\\" in (fixture_copy.parent / rel).read_bytes()
    assert Renderer(site)._sics() == []


def test_a_site_built_by_hand_is_walked_in_full(fixture_copy: Path) -> None:
    site, _ = load_site(fixture_copy)
    site.sic_files = None  # not recorded: every item is walked
    assert Renderer(site)._sics() == []
