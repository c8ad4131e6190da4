"""A practice guide: ordered sections of typed blocks, each citing its source."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Audience, Change, Citation, Id, Link, Markdown, Modality, Nation, Plain, Ref, Review, Strict


class Paragraph(Strict):
    type: Literal["paragraph"]
    text: Markdown
    cite: Citation | None = None


class Bullets(Strict):
    type: Literal["bullets"]
    intro: Markdown | None = None
    items: list[Markdown] = Field(min_length=1)
    cite: Citation | None = None


class Steps(Strict):
    """Numbered steps, in the order the source gives them."""

    type: Literal["steps"]
    intro: Markdown | None = None
    items: list[Markdown] = Field(min_length=1)
    cite: Citation | None = None


class Quote(Strict):
    """A child's words, verbatim.  ``quote_source`` names the study it comes from, if the guide says."""

    type: Literal["quote"]
    text: Markdown
    quote_source: Id | None = Field(
        default=None, description="Source id of the study the quotation comes from; omit when the guide does not say."
    )
    cite: Citation | None = None


class Callout(Strict):
    """A statement the guide makes with force: must / should, or important context."""

    type: Literal["callout"]
    modality: Modality | Literal["important"]
    text: Markdown
    cite: Citation | None = None


class Feelings(Strict):
    """'How may the child be feeling?'"""

    type: Literal["feelings"]
    intro: Markdown | None = None
    items: list[Markdown] = Field(default_factory=list)
    cite: Citation | None = None


class WhatHappensNext(Strict):
    type: Literal["next"]
    text: Markdown
    who: Plain | None = None
    cite: Citation | None = None


Block = Annotated[
    Paragraph | Bullets | Steps | Quote | Callout | Feelings | WhatHappensNext, Field(discriminator="type")
]


class Section(Strict):
    id: Id
    heading: Plain
    number: Annotated[str, Field(pattern=r"^[0-9]+[a-z]?$")] | None = None
    cite: Citation
    blocks: list[Block] = Field(min_length=1)
    subsections: list[Section] = Field(default_factory=list)
    local_facts: list[Id] = Field(default_factory=list, description="Locality-profile facts shown beside this section.")


class Footnote(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    text: Markdown
    cite: Citation


class StatutoryReference(Strict):
    source: Id
    nation: Nation


class Guide(Strict):
    id: Id
    title: Plain
    summary: Markdown
    audiences: list[Audience] = Field(min_length=1)
    stage: Id = Field(description="The pathway stage this guide belongs to (an id in pathway.yml stages).")
    nations: list[Nation] = Field(min_length=1)
    source: Citation = Field(description="The document this guide is converted from.")
    status: Literal["published", "draft"] = "published"
    intro: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    footnotes: list[Footnote] = Field(default_factory=list)
    where_next: list[Link] = Field(default_factory=list)
    related: list[Ref] = Field(default_factory=list)
    statutory_references: list[StatutoryReference] = Field(default_factory=list)
    closing_notes: list[Markdown] = Field(default_factory=list, description="Closing italic notes of the guide.")
    review: Review
    changes: list[Change] = Field(default_factory=list, description="What changed and when, oldest first; published.")
    editorial_notes: list[str] = Field(default_factory=list, description="Never published.")
