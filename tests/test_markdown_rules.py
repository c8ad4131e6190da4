"""The safe-text check reads Markdown with the extensions of the project's own mkdocs.yml (safe_text.MarkdownRules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.safe_text import MarkdownRules, UnsafeText, check_markdown


def _rules(tmp_path: Path, extensions: str) -> MarkdownRules:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nmarkdown_extensions:\n{extensions}", encoding="utf-8")
    return MarkdownRules.of(config)


def test_an_extension_the_engine_lacks_has_every_field_rendered(tmp_path: Path) -> None:
    """``==text==`` has none of the signs the engine's own extensions need for markup; with pymdownx.mark it is one."""
    check_markdown("Read ==this== first.")  # the engine's own extensions: plain text
    rules = _rules(tmp_path, "  - pymdownx.mark\n")
    assert not rules.signs_known
    with pytest.raises(UnsafeText, match="<mark> element"):
        check_markdown("Read ==this== first.", rules)


def test_the_engines_own_extensions_keep_the_fast_path(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "  - toc:\n      permalink: false\n  - admonition\n  - pymdownx.details\n")
    assert rules.signs_known and rules.extensions == ("toc", "admonition", "pymdownx.details")
    with pytest.raises(UnsafeText, match="<details> element"):
        check_markdown("??? note\n\n    Hidden.", rules)
    check_markdown("??? note\n\n    Hidden.", _rules(tmp_path, "  - admonition\n"))  # no details: just text


def test_a_missing_configuration_is_the_engines_own(tmp_path: Path) -> None:
    assert MarkdownRules.of(tmp_path / "mkdocs.yml") == MarkdownRules.default() == MarkdownRules.of(None)
