"""Derived data is worked out once per loaded Site, and a new Site never sees an old one's."""

from __future__ import annotations

from pathlib import Path

from generator.exports import widget_data
from generator.load import Site, load_site
from generator.render import Renderer
from generator.site_memo import per_site
from tests.conftest import CONTENT


def test_a_site_is_worked_out_once_and_a_new_site_afresh(tmp_path: Path) -> None:
    calls: list[Site] = []

    @per_site
    def derived(site: Site) -> int:
        calls.append(site)
        return len(calls)

    first, second = Site(root=tmp_path), Site(root=tmp_path)
    assert derived(first) == derived(first) == 1
    assert derived(second) == 2
    assert derived(first) == 3  # only the most recent Site is remembered
    assert calls == [first, second, first]


def test_pages_that_read_the_widget_data_leave_it_as_it_was() -> None:
    """The tool pages, the pathway page's walker links and the exported JSON share one copy of it."""
    site, _ = load_site(CONTENT)
    shared = widget_data(site)
    Renderer(site).pages()
    assert widget_data(site) is shared
    assert shared == widget_data.__wrapped__(site)  # type: ignore[attr-defined]
