"""Building blocks shared by every content type.

Every model forbids unknown keys (a typo such as ``sumary`` must be an error,
not silently ignored) and every text field passes the safe-text rules.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from enum import Enum
from typing import Annotated, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo

from widgets.refs import REF_KINDS

from ..safe_text import MAX_MARKDOWN_CHARS, MarkdownRules, check_address, check_markdown, check_plain

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="A slug: lower-case letters, digits and single hyphens."),
]


def markdown_context(rules: MarkdownRules | None) -> dict[str, MarkdownRules | None]:
    """The validation context that makes every Markdown field of a model be checked with ``rules``
    (``Model.model_validate(data, context=markdown_context(rules))``, as generator.load does)."""
    return {_RULES: rules}


def check_markdown_field(text: str, info: ValidationInfo) -> str:
    """``check_markdown`` with the rules of the validation context; without any, the engine's own
    (safe_text.MarkdownRules.default)."""
    return check_markdown(text, (info.context or {}).get(_RULES))


_RULES = "markdown_rules"


Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_MARKDOWN_CHARS),  # Markdown's cost grows faster than its length
    AfterValidator(check_markdown_field),
    Field(description="Text in the safe Markdown subset: no HTML, no scripts, links to https or internal references."),
]
Plain = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    AfterValidator(check_plain),
    Field(description="Plain text, escaped on output."),
]
# A lambda, not the function itself: pydantic names a union branch after it, and that name is part of
# the located messages the bad-input corpus expects (tests/bad_inputs/104-where-next-data-url).
Url = Annotated[
    str,
    AfterValidator(lambda v: check_address(v)),  # noqa: PLW0108 - hidden characters, scheme, length
    Field(pattern=r"^https?://\S+$",
          description="A full http(s) address; shown through the safe link path (markdown_out.link_destination)."),
]
_KINDS = "|".join(REF_KINDS)
Ref = Annotated[
    str,
    Field(
        pattern=rf"^({_KINDS}):[a-z0-9-]+(#[a-z0-9-]+)?$",
        description="A cross-reference: kind:id or kind:id#anchor, e.g. guide:making-a-referral#section-5a.",
    ),
]

REF_PATTERN = re.compile(rf"\b({_KINDS}):([a-z0-9-]+)(?:#([a-z0-9-]+))?")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class Audience(str, Enum):
    TEACHER = "teacher"
    EARLY_YEARS = "early-years"
    POLICE_CALL_HANDLER = "police-call-handler"
    FIRST_RESPONSE_OFFICER = "first-response-officer"
    POLICE_STAFF = "police-staff"
    POLICE_POLICY = "police-policy"
    SOCIAL_WORKER = "social-worker"
    HEALTH = "health"
    YOUTH_VOLUNTARY = "youth-voluntary"
    SAFEGUARDING_LEAD = "safeguarding-lead"
    ANY_PROFESSIONAL = "any-professional"


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.TEACHER: "Teachers and education staff",
    Audience.EARLY_YEARS: "Early years staff",
    Audience.POLICE_CALL_HANDLER: "Police call handlers",
    Audience.FIRST_RESPONSE_OFFICER: "Attending and first-response officers",
    Audience.POLICE_STAFF: "Police officers and staff",
    Audience.POLICE_POLICY: "Police policy makers and managers",
    Audience.SOCIAL_WORKER: "Social workers",
    Audience.HEALTH: "Health professionals",
    Audience.YOUTH_VOLUNTARY: "Youth and voluntary-sector workers",
    Audience.SAFEGUARDING_LEAD: "Safeguarding leads",
    Audience.ANY_PROFESSIONAL: "Any professional working with children",
}


class Nation(str, Enum):
    ENGLAND = "england"
    WALES = "wales"


class Citation(Strict):
    """Where a statement comes from: a source id plus a section and/or lines."""

    source: Id
    section: Plain | None = None
    lines: Annotated[str, Field(pattern=r"^\d+(-\d+)?(,\s*\d+(-\d+)?)*$")] | None = Field(
        default=None, description="1-based line numbers in the source's provenance text, e.g. '113-119'."
    )
    page: int | None = None


class LineRange(NamedTuple):
    """One comma-separated part of a citation's ``lines``: as written (spaces taken out), its first and last line."""

    text: str
    first: int
    last: int


def line_ranges(lines: str | None) -> list[LineRange]:
    """A citation's ``lines`` ("34, 70-71") as its ranges ((34, 34) and (70, 71)), in the order written.

    The one reading of the field: validation checks each range against the provenance file, the
    exporter finds the guide section converted from the first line.  A number too long to convert
    (``int`` refuses one of thousands of digits, which the pattern allows) stands beyond any file.
    """
    ranges: list[LineRange] = []
    for part in (lines or "").replace(" ", "").split(","):
        if part:
            first, _, last = part.partition("-")
            ranges.append(LineRange(part, _line_number(first), _line_number(last or first)))
    return ranges


def _line_number(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:
        return sys.maxsize


class Link(Strict):
    text: Plain
    ref: Ref | Url


class Review(Strict):
    owner: Plain
    last_reviewed: dt.date
    next_review: dt.date


class Modality(str, Enum):
    MUST = "must"
    SHOULD = "should"
    MAY = "may"


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise ValueError("a change note is one line: say what changed in a sentence")
    return text.strip()


class Change(Strict):
    """One dated note of what changed in an item, published as its history (GOV.UK "Last updated").

    Listed oldest first, so a new note goes at the end.  ``hash`` is the item's content hash when the
    note was written (``pathway check`` prints the current one): a later edit with no note of its own
    makes the hashes differ, and the check warns.
    """

    date: dt.date = Field(description="When the change was published, as ISO text: \"2026-11-22\".")
    summary: Annotated[Plain, StringConstraints(max_length=300), AfterValidator(_one_line)] = Field(
        description="What changed, in one line, for readers.")
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        default=None, description="The content hash pathway check gives for the item as it is after this change.")
