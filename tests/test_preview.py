"""The preview's error panel outside the browser: engine failures located, escaping, never in a build.

The browser test (``tests/browser/test_preview_errors.py``) drives a real ``pathway serve``;
these pin what it cannot easily provoke: a link MkDocs itself rejects, shown in the panel and
located to the content file its page came from, and the panel's absence from ``pathway build``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import preview
from generator.build import generate, load_and_check
from generator.diagnostics import Diagnostic
from generator.yaml_source import SAFE_LOADER


def _mkdocs_build(config: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(config), site_dir=str(site_dir)))


def test_an_engine_failure_is_shown_located_to_the_content_file(fixture_copy: Path, tmp_path: Path) -> None:
    """A generated page with a link MkDocs cannot resolve (a generator bug, say): the serve build still
    succeeds (not strict) and every page names the guide's file and MkDocs' own message."""
    work = tmp_path / "work"
    site = load_and_check(fixture_copy)
    generate(site, work, live_reload=True)
    config = preview.write_serve_config(work)
    assert config is not None
    preview.write_state(work, [], preview.page_sources(site), site.root.parent)
    page = work / "docs" / "guides" / "test-guide.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[a broken link](../no-such-page.md)\n", encoding="utf-8")

    _mkdocs_build(config, tmp_path / "served")

    html = (tmp_path / "served" / "index.html").read_text(encoding="utf-8")  # every page, not only the broken one
    assert 'aria-labelledby="pathway-preview-title"' in html
    assert "<code>data/guides/test-guide.yml:1:1</code> <strong>error[engine]</strong>" in html
    assert "Doc file &#x27;guides/test-guide.md&#x27; contains a link &#x27;../no-such-page.md&#x27;" in html
    assert (tmp_path / "served" / preview.ASSET_FOLDER / "preview.js").is_file()


def test_an_engine_failure_in_a_hand_written_page_names_its_line() -> None:
    root = Path(__file__).resolve().parent.parent
    page = root / "docs" / "about" / "privacy.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    target = next(part.split("](", 1)[1].split(")", 1)[0] for part in lines if "](" in part)
    number = next(i for i, line in enumerate(lines, 1) if target in line)
    found = preview.engine_problem(f"Doc file 'about/privacy.md' contains a link '{target}', but the target is not found",
                                   {"about/privacy.md": "docs/about/privacy.md"}, root)
    assert found["location"] == f"docs/about/privacy.md:{number}:{lines[number - 1].index(target) + 1}"


def test_content_errors_fill_the_panel_escaped() -> None:
    hostile = Diagnostic("data/guides/x.yml", 3, 7, "unsafe-html", "summary: contains <script>alert(1)</script>",
                         "write Markdown, not HTML")
    page = "<html><head><title>t</title></head><body class='x'><h1>Last good</h1></body></html>"
    out = preview.inject(page, [preview.problem(hostile)], "/")
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert out.index("data-pathway-preview") < out.index("<h1>Last good</h1>")
    assert '<script src="/_pathway_preview/preview.js" defer></script></head>' in out
    assert preview.inject(page, [], "/") == page  # nothing wrong: the page as built


def test_pathway_build_never_carries_the_panel(built_fixture_site: Path) -> None:
    assert not (built_fixture_site / preview.ASSET_FOLDER).exists()
    for html in built_fixture_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "pathway-preview" not in text and preview.ASSET_FOLDER not in text, html
    config = yaml.load((built_fixture_site.parent / "work" / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=SAFE_LOADER)
    assert "hooks" not in config and config["strict"] is True
