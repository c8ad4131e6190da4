"""Citations the widget code itself makes, and how they become site URLs.

The widgets show citations that come with the data (the exporter adds an
``href`` to each; the text checks' reasons and citations are content too, under
each checklist's ``text_checks``).  One statement is still made by the code
itself, the deadline rule (``workdays.DEADLINE_CITE``); it cites the referral
guide here, by line number in its provenance text, exactly as content does.

``guide_href`` mirrors ``generator.urls.url`` for guide references, so a link
made in the browser matches the one the build would make.
"""

from __future__ import annotations

import re

#: Every kind of internal reference (``kind:id`` or ``kind:id#anchor``), listed once for the browser and the
#: build: the content model's reference pattern and the safe-text link rules are made from it too.
REF_KINDS = ("guide", "case", "learning", "source", "resource", "planned", "glossary", "pathway", "tool", "page")

REFERRAL_GUIDE = "making-a-referral"
REFERRAL_SOURCE = "csa-centre-making-a-referral"


def guide_ref(guide: str, anchor: str | None = None) -> str:
    """The internal reference, e.g. ``guide:making-a-referral#calling-999-or-101``."""
    return f"guide:{guide}" + (f"#{anchor}" if anchor else "")


def guide_href(guide: str, anchor: str | None = None) -> str:
    """The site-relative URL of a guide (section), e.g. ``/guides/making-a-referral/#x``."""
    return f"/guides/{guide}/" + (f"#{anchor}" if anchor else "")


def referral_cite(section: str, lines: str, anchor: str) -> dict[str, str]:
    """A citation of the referral guide, with its internal ref and its href."""
    return {
        "source": REFERRAL_SOURCE,
        "section": section,
        "lines": lines,
        "ref": guide_ref(REFERRAL_GUIDE, anchor),
        "href": guide_href(REFERRAL_GUIDE, anchor),
    }


_PAGES = {
    "guide": "guides/{id}/",
    "case": "cases/{id}/",
    "learning": "learning/{id}/",
    "source": "about/sources/",
    "resource": "about/sources/",
    "planned": "about/content-status/",
    "glossary": "glossary/",
    "pathway": "pathway/",
    "tool": "tools/{id}/",
}
_ANCHORS = {"source": "source-{id}", "resource": "source-{id}", "planned": "planned-{id}",
            "glossary": "term-{id}", "pathway": "step-{id}"}
_REF = re.compile("(" + "|".join(REF_KINDS) + r"):([a-z0-9-]+)(?:#([a-z0-9-]+))?")


def ref_anchor(kind: str, item_id: str, anchor: str | None) -> str | None:
    """The fragment a reference lands on: its kind's anchor for the item (``source-…``, ``term-…``), else its own."""
    return _ANCHORS[kind].format(id=item_id) if kind in _ANCHORS else anchor


def ref_href(ref: str) -> str | None:
    """The site-relative URL for an internal reference (as ``generator.urls.url``), or None.

    Only used when the exporter has not supplied an ``href``; ``page:`` refs
    (hand-written pages) are left to the exporter and give None.
    """
    m = _REF.fullmatch(ref or "")
    if not m or m.group(1) == "page":
        return None
    kind, item_id, anchor = m.groups()
    path = "/" + _PAGES[kind].format(id=item_id)
    frag = ref_anchor(kind, item_id, anchor)
    return path + (f"#{frag}" if frag else "")


def ref_kind(ref: str | None) -> str | None:
    """The kind of an internal reference ("guide", "planned", ...), or None."""
    m = _REF.fullmatch(ref or "")
    return m.group(1) if m else None
