"""JSON Schemas for every content type, so editors autocomplete and underline mistakes.

YAML files point at them with a first-line comment such as
``# yaml-language-server: $schema=../schemas/guide.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from . import models

SCHEMAS: dict[str, type[BaseModel]] = {
    "sources": models.SourceList,
    "planned": models.PlannedList,
    "guide": models.Guide,
    "case": models.CaseStudy,
    "learning": models.Briefing,
    "pathway": models.Pathway,
    "checklist": models.Checklist,
    "glossary": models.Glossary,
    "locality": models.Locality,
}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out / f"{name}.schema.json"
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
