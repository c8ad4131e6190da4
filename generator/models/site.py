"""The site's own choices that used to live in engine code: which checklists the checklist page offers,
and the fixed pages of the navigation's About section (``site.yml`` in the content folder, optional)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .common import Id, Strict

# A hand-written or generated page, as a path under docs/ ending in .md (no "..", no leading "/").
PagePath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\.md$")]
# The About section MkDocs shows when site.yml does not say otherwise; a page that does not exist is left out.
DEFAULT_ABOUT_PAGES = ("about/index.md", "updates/index.md", "about/sources.md", "about/content-status.md", "about/accessibility.md",
                       "about/privacy.md", "about/staying-safe-online.md")


class SiteConfig(Strict):
    checklist_page: list[Id] | None = Field(
        default=None, min_length=1,
        description="The checklists the checklist page offers, in the order shown, at most one per mode; "
                    "the first is the page's own. Left out: the first referral checklist and the first call checklist (by id).")
    about_pages: list[PagePath] = Field(
        default_factory=lambda: list(DEFAULT_ABOUT_PAGES),
        description="The About section of the navigation, in order (pages under docs/ or generated).")
