"""The change history in a real browser: /updates/ and a page's history pass axe, and the
"See all updates" link takes keyboard users to the page's full history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, serving
from tests.browser.site_walk import axe_violations


@pytest.fixture(scope="module")
def fixture_server(built_fixture_site: Path) -> Iterator[Server]:
    with serving(built_fixture_site) as server:
        yield server


@pytest.mark.parametrize("path", ["updates/", "guides/test-guide/", "tools/referral-checklist/"])
def test_history_pages_pass_axe(fixture_server: Server, page: Any, recorder: Any, path: str) -> None:
    page.goto(fixture_server(path))
    assert axe_violations(page) == []
    assert recorder.foreign(fixture_server.url) == []


def test_see_all_updates_leads_to_the_full_history(fixture_server: Server, page: Any) -> None:
    page.goto(fixture_server("guides/test-guide/"))
    link = page.get_by_role("link", name="See all updates")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#full-page-history'")
    history = page.locator("#full-page-history")
    assert history.inner_text() == "Full page history"
    items = page.locator("#full-page-history + ul > li").all_inner_texts()
    assert items == ["15 March 2026: Added the footnote on what a referral should state.",
                     "1 January 2026: First published."]
