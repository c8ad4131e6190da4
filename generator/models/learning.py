"""A learning briefing: structured findings from a report or review."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Audience, Citation, Id, Markdown, Plain, Ref, Strict


class Point(Strict):
    """A statement with its supporting points, as the source sets them out."""

    id: Id
    statement: Markdown
    points: list[Markdown] = Field(default_factory=list)
    cite: Citation


class BriefingSection(Strict):
    id: Id
    heading: Plain
    intro: list[Markdown] = Field(default_factory=list)
    items: list[Point] = Field(default_factory=list)
    cite: Citation


class Example(Strict):
    """A short anonymised case example from the source."""

    id: Id
    title: Plain
    text: Markdown
    tags: list[Literal["good-practice", "poor-practice", "delay", "custody"]] = Field(min_length=1)
    cite: Citation


class Statistic(Strict):
    id: Id
    figure: Plain
    context: Markdown
    year: Plain
    cite: Citation


class Briefing(Strict):
    id: Id
    title: Plain
    summary: Markdown
    source: Citation
    audiences: list[Audience] = Field(min_length=1)
    sections: list[BriefingSection] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    related: list[Ref] = Field(default_factory=list)
    editorial_notes: list[str] = Field(default_factory=list)
