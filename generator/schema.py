"""JSON Schemas for every content type, so editors autocomplete and underline mistakes.

YAML files point at them with a first-line comment such as
``# yaml-language-server: $schema=../schemas/guide.schema.json``.

The schemas are standard JSON Schema draft 2020-12, written for editors and strict validators:

- **No OpenAPI ``discriminator``.**  pydantic describes a block union as ``oneOf`` plus the
  OpenAPI keyword ``discriminator``, which a strict validator refuses and a standard one
  ignores; for a mistake inside one block it then says only that the block "is not valid under
  any of the given schemas".  Here the block's ``type`` is checked first (``enum``) and each
  ``if`` ``type`` is this ``const`` ``then`` applies that block's ``$defs`` entry, so the
  validator (and the YAML language server) points at the wrong field inside the block.
- **Alternatives told apart by their JSON type** (an optional mapping, or "a mapping or the
  text not-given") become ``if``/``then``/``else`` on ``type`` for the same reason.
- **Dates are ISO text** (``"2026-01-01"``, with a pattern and ``format: date``).  An unquoted
  date is a date to a YAML 1.1 parser and text to a YAML 1.2 one (the YAML language server);
  JSON has no date type, so a tool that turns YAML into JSON writes either as that ISO text.
  ``pathway check`` accepts both, meaning the same day; quoting the date makes every parser agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    "site": models.SiteConfig,
}

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# A calendar date as ISO text: the month 01-12 and the day 01-31 (format: date checks the rest).
ISO_DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in standard draft 2020-12 form (see the module docstring)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    schema = _standardise(schema, defs)
    return {"$schema": DRAFT, **schema}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema_for(model), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _standardise(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_standardise(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "discriminator" in node:
        node = _discriminated(node, defs)
    for keyword in ("oneOf", "anyOf"):
        if keyword in node:
            node = _by_json_type(node, keyword, defs)
    if node.get("format") == "date" and node.get("type") == "string":
        node.setdefault("pattern", ISO_DATE)
    return {key: _standardise(value, defs) for key, value in node.items()}


def _discriminated(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """``oneOf`` + ``discriminator`` as: the tag must be one of the values; if it is X, then X's schema applies."""
    discriminator = node.pop("discriminator")
    name = discriminator["propertyName"]
    mapping: dict[str, str] = discriminator.get("mapping") or {}
    if not mapping:  # pydantic always writes one; derive it from each alternative's const if not
        for alternative in node.get("oneOf", []):
            target = _resolve(alternative, defs)
            const = target.get("properties", {}).get(name, {}).get("const")
            if const is not None and "$ref" in alternative:
                mapping[const] = alternative["$ref"]
    node.pop("oneOf", None)
    return {
        **node,
        "type": "object",
        "required": [name],
        "properties": {name: {"enum": list(mapping)}},
        "allOf": [
            {"if": {"properties": {name: {"const": value}}, "required": [name]}, "then": {"$ref": ref}}
            for value, ref in mapping.items()
        ],
    }


def _by_json_type(node: dict[str, Any], keyword: str, defs: dict[str, Any]) -> dict[str, Any]:
    """Alternatives of different JSON types as an if/then/else chain on ``type``; others left as they are."""
    alternatives = _flatten(node[keyword])
    types = [_json_types(alternative, defs) for alternative in alternatives]
    if any(t is None for t in types) or len(alternatives) < 2:
        return node
    seen: set[str] = set()
    for found in types:
        assert found is not None
        if seen & found:
            return node  # two alternatives of one JSON type: only anyOf/oneOf can say it
        seen |= found
    rest = {key: value for key, value in node.items() if key != keyword}
    chain: dict[str, Any] = {"type": sorted(seen)}  # none matched: "is not of type …", at the field itself
    for alternative, found in reversed(list(zip(alternatives, types, strict=True))):
        assert found is not None
        condition = {"type": sorted(found)[0] if len(found) == 1 else sorted(found)}
        then = {} if alternative == {"type": "null"} else alternative
        chain = {"if": condition, "then": then, "else": chain}
    return {**rest, **chain}


def _flatten(alternatives: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for alternative in alternatives:
        if isinstance(alternative, dict) and set(alternative) in ({"oneOf"}, {"anyOf"}):
            flat.extend(_flatten(next(iter(alternative.values()))))
        else:
            flat.append(alternative)
    return flat


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return defs.get(ref.removeprefix("#/$defs/"), {})
    return node


def _json_types(node: Any, defs: dict[str, Any]) -> set[str] | None:
    """The JSON types an alternative accepts, or None when it cannot be told by type alone."""
    if not isinstance(node, dict):
        return None
    target = _resolve(node, defs)
    kind = target.get("type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return set(kind)
    if "const" in target or "enum" in target:
        values = [target["const"]] if "const" in target else target["enum"]
        found = {_python_json_type(value) for value in values}
        return found if None not in found else None  # type: ignore[return-value]
    for keyword in ("oneOf", "anyOf"):
        if keyword in target:
            union: set[str] = set()
            for alternative in target[keyword]:
                found = _json_types(alternative, defs)
                if found is None:
                    return None
                union |= found
            return union
    if "discriminator" in target or "allOf" in target:
        return {"object"}
    return None


def _python_json_type(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    return None
