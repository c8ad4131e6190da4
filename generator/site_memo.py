"""Remembering what is derived from one loaded Site, so a build works it out once.

Several pages need the same derived data (the widget data feeds the tool pages,
the walker links on the pathway page and the exported JSON). A weak reference
to the Site it came from keeps the memo honest: ``pathway serve`` loads a new
Site after every edit, and a new Site is always worked out afresh.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from .load import Site

R = TypeVar("R")


def per_site(function: Callable[[Site], R]) -> Callable[[Site], R]:
    """``function(site)``, computed once for the most recent Site it was called with."""
    memo: dict[str, Any] = {}

    @functools.wraps(function)
    def remembered(site: Site) -> R:
        owner = memo.get("site")
        if owner is None or owner() is not site:
            memo.clear()
            memo["value"] = function(site)
            memo["site"] = weakref.ref(site)
        return memo["value"]  # type: ignore[no-any-return]

    return remembered
