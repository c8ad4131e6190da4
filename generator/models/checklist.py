"""A checklist a professional works through, item by item, each citing the guide."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Audience, Change, Citation, Id, Markdown, Modality, Plain, Strict


class Condition(Strict):
    """A question asked first because its answer changes what is needed."""

    id: Id
    question: Plain
    help: Markdown | None = None
    cite: Citation


class Rule(Strict):
    """What applies when a condition holds (or always, with no ``when``)."""

    id: Id
    when: Id | None = None
    text: Markdown
    modality: Modality | Literal["important"]
    urgent: bool = Field(default=False, description="Shown first and unmissable (e.g. call 999 now).")
    cite: Citation
    local_facts: list[Id] = Field(default_factory=list, description="Locality-profile facts shown beside this rule.")


class Item(Strict):
    id: Id
    key_phrase: Plain = Field(description="The guide's own key phrase, word for word.")
    help: Markdown = Field(description="Help in the guide's words.")
    modality: Modality
    when: Id | None = Field(default=None, description="Only relevant when this condition holds.")
    draft_heading: Plain | None = Field(default=None, description="Heading for the teacher's notes in the draft.")
    notes: bool = Field(default=True, description="Offer a notes box for what the user will say.")
    cite: Citation
    local_facts: list[Id] = Field(default_factory=list, description="Locality-profile facts shown beside this item.")


class Group(Strict):
    id: Id
    heading: Plain
    intro: Markdown | None = None
    items: list[Item] = Field(min_length=1)


# The checks the widget can make (``widgets.textchecks.CHECKS``, kept equal by tests/test_textchecks_content.py).
TextCheckId = Literal["sexual-abuse-term", "vague-label", "dates-and-times", "jargon", "parents-reason"]


class TextCheck(Strict):
    """A prompt on what the user writes in this checklist's notes, and the guide's reason for it.

    *When* a check fires is the widget's code (``widgets.textchecks``: word lists and patterns);
    *what it says and cites* is content, so a site quotes its own guide.  A checklist that lists
    no text checks shows no prompts.
    """

    check: TextCheckId = Field(description=(
        "Which check: sexual-abuse-term (the notes never say 'sexual abuse'), vague-label (a general word "
        "instead of what happened), dates-and-times (no date or time), jargon (unexplained abbreviations; in "
        "call mode also terms a call handler may not know), parents-reason (the parents are not being told "
        "first and the notes do not say why)."))
    reason: Plain = Field(description="The guide's reasoning, word for word from the cited lines.")
    cite: Citation
    conditions: list[Id] = Field(default_factory=list, description=(
        "parents-reason only: condition ids whose 'yes' means the parents are not being told first "
        "(a condition of any checklist: the checklist page shares answers between its checklists)."))


class Checklist(Strict):
    id: Id
    title: Plain
    mode: Literal["referral", "call", "after"]
    summary: Markdown
    audiences: list[Audience] = Field(min_length=1)
    source: Citation
    conditions: list[Condition] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    groups: list[Group] = Field(min_length=1)
    text_checks: list[TextCheck] = Field(
        default_factory=list, description="Prompts on the user's notes, each with the guide's reason; none, no prompts.")
    local_facts: list[Id] = Field(
        default_factory=list, description="Locality-profile facts for the whole checklist, named at the top of its draft."
    )
    changes: list[Change] = Field(default_factory=list, description="What changed and when, oldest first; published.")
    editorial_notes: list[str] = Field(default_factory=list)
