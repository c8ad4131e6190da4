"""The bibliography every other item cites by id, and the items only named so far."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator

from .common import Citation, Id, Markdown, Plain, Strict, Url


class Source(Strict):
    id: Id
    title: Plain
    publisher: Plain
    date: str = Field(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|undated)$", description="YYYY, YYYY-MM, YYYY-MM-DD or 'undated'.")
    kind: Literal["guide", "report", "magazine", "briefing", "statutory-guidance", "procedures", "research", "organisation", "resource"]
    url: Url | None = None
    authors: Plain | None = None
    attribution: Markdown
    licence: Markdown | None = None
    file: str | None = Field(default=None, description="Provenance text, relative to the content folder.")
    note: Markdown | None = None
    check_flag: Markdown | None = Field(default=None, description="Something about this source to check, shown on the content-status page.")

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        """An unquoted full date is a date to a YAML 1.1 parser and text to a YAML 1.2 one (the editor's):
        accept both as the same ISO text, as the schema does."""
        return value.isoformat() if isinstance(value, dt.date) else value


class SourceList(Strict):
    sources: list[Source] = Field(min_length=1)


class PlannedItem(Strict):
    """Something a source names (a guide, a template) that this site does not have yet.

    It is shown as 'not yet available' — never written from imagination.
    """

    id: Id
    title: Plain
    kind: Literal["guide", "resource", "page"]
    named_in: list[Citation] = Field(min_length=1)
    note: Markdown | None = None


class PlannedList(Strict):
    planned: list[PlannedItem] = Field(default_factory=list)
