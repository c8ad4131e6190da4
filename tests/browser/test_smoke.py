"""The built site opens in a real Chromium and asks nothing of any other origin."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_with_the_quick_exit_and_no_third_party_requests(page, site_server, recorder) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server())
    assert page.locator(".pw-exit__button").is_visible()
    assert "Responding to concerns of child sexual abuse" in page.title()
    assert recorder.foreign(site_server.url) == []
