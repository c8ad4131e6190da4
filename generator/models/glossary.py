"""Terms used across the site, each defined from a source."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Id, Markdown, Plain, Ref, Strict


class Term(Strict):
    id: Id
    term: Plain
    abbreviation: Plain | None = None
    definition: Markdown
    context_only: bool = Field(default=False, description="Context from a report, not practice guidance.")
    cite: Citation
    see_also: list[Ref] = Field(default_factory=list)


class Glossary(Strict):
    terms: list[Term] = Field(default_factory=list)
