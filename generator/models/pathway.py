"""The response pathway: a graph of situations, questions, actions and outcomes.

Authored as data and checked like code (see ``generator.graph``).  A question
node's options are its edges; every other node has at most one ``next``.  A
node with no ``next`` must be an outcome.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Citation, Id, Markdown, Plain, Ref, Strict


class TimeLimit(Strict):
    label: Plain = Field(description="The limit in the source's words, e.g. 'within 24 hours (one working day)'.")
    working_days: int | None = Field(default=None, ge=0, le=30)
    cite: Citation


class Option(Strict):
    id: Id
    label: Plain
    next: Id
    hint: Markdown | None = None


NodeKind = Literal["situation", "question", "action", "timer", "outcome", "planned", "context"]


class Node(Strict):
    id: Id
    kind: NodeKind
    stage: Id
    title: Plain = Field(description="For a question: the question itself.")
    text: Markdown | None = None
    who: Plain | None = Field(default=None, description="Who acts at this point.")
    do_now: list[Markdown] = Field(default_factory=list, description="What you should do now.")
    time_limit: TimeLimit | None = None
    asks_referral_date: bool = Field(default=False, description="Offer deadline arithmetic from the referral date.")
    options: list[Option] = Field(default_factory=list)
    next: Id | None = None
    guide: Ref | None = Field(default=None, description="The guide section this node comes from.")
    cite: list[Citation] = Field(min_length=1)
    local_facts: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Node:
        if self.kind == "question":
            if len(self.options) < 2:
                raise ValueError("a question needs at least two options")
            if self.next is not None:
                raise ValueError("a question moves on through its options, not 'next'")
        elif self.options:
            raise ValueError(f"only questions have options (this node is a {self.kind})")
        return self


class Stage(Strict):
    id: Id
    title: Plain
    summary: Markdown
    guides: list[Ref] = Field(default_factory=list)
    context_only: bool = False


class EntryPoint(Strict):
    id: Id
    label: Plain
    node: Id


class Pathway(Strict):
    title: Plain
    summary: Markdown
    stages: list[Stage] = Field(min_length=1)
    entry_points: list[EntryPoint] = Field(min_length=1)
    nodes: list[Node] = Field(min_length=1)
    editorial_notes: list[str] = Field(default_factory=list)
