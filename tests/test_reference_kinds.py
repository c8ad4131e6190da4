"""The kinds of internal reference are listed once (widgets.refs.REF_KINDS); every stage that reads one knows each kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import urls
from generator.load import Site
from generator.models.common import REF_PATTERN
from generator.safe_text import UnsafeText, check_url
from generator.validate import Resolver
from widgets.refs import REF_KINDS, ref_kind


def test_every_kind_is_a_reference_and_a_safe_link() -> None:
    for kind in REF_KINDS:
        assert REF_PATTERN.fullmatch(f"{kind}:an-id#an-anchor"), kind
        assert ref_kind(f"{kind}:an-id") == kind
        check_url(f"{kind}:an-id")  # raises UnsafeText for a scheme it does not know
    assert not REF_PATTERN.fullmatch("checklist:an-id")
    with pytest.raises(UnsafeText):
        check_url("checklist:an-id")


def test_every_kind_resolves_to_a_page() -> None:
    resolver = Resolver(Site(root=Path("content")), {"about"})
    for kind in REF_KINDS:
        assert urls.page_path(kind, "about").endswith(".md"), kind
        problem = resolver.problem(f"{kind}:no-such-item")
        assert problem is not None and "kind:id" not in problem, kind  # looked up, not refused as a form
