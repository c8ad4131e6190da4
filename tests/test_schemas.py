"""The editor schemas are standard JSON Schema draft 2020-12 and point at the exact wrong field.

Checked with ``jsonschema``'s strict ``Draft202012Validator`` (and its format checker): the
schemas are valid draft 2020-12 and use no OpenAPI keyword; the real content validates; and each
planted mistake is reported at its own field (the error's path), not as "not valid under any of
the given schemas" at the block or the locality profile around it.  Review dates mean the same
quoted or not, and the schema and ``pathway check`` agree on them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from generator.cli import main
from generator.schema import SCHEMAS, schema_for, write_schemas

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "pathway_data"
FOLDER_SCHEMAS = {"guides": "guide", "cases": "case", "learning": "learning", "checklists": "checklist"}
FILE_SCHEMAS = {"sources.yml": "sources", "planned.yml": "planned", "pathway.yml": "pathway",
                "glossary.yml": "glossary", "locality.yml": "locality"}


def as_json(value: Any) -> Any:
    """A YAML value as JSON holds it: JSON has no date type, so a date is its ISO text (what every
    YAML-to-JSON bridge writes, and what a YAML 1.2 parser reads an unquoted date as anyway)."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    return as_json(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema_for(SCHEMAS[name]), format_checker=FormatChecker())


def error_paths(name: str, instance: Any) -> list[tuple[str | int, ...]]:
    return sorted({tuple(error.absolute_path) for error in validator(name).iter_errors(instance)}, key=str)


def content_files() -> list[tuple[str, Path]]:
    found = [(name, CONTENT / file) for file, name in FILE_SCHEMAS.items()]
    for folder, name in FOLDER_SCHEMAS.items():
        found += [(name, path) for path in sorted((CONTENT / folder).glob("*.yml"))]
    found += [("locality", path) for path in sorted((ROOT / "examples").glob("*/locality.yml"))]
    return found


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in _keys(value)}
    if isinstance(node, list):
        return {key for value in node for key in _keys(value)}
    return set()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_standard_draft_2020_12(name: str) -> None:
    schema = schema_for(SCHEMAS[name])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert "discriminator" not in _keys(schema)  # OpenAPI, not JSON Schema


def test_the_committed_schemas_are_the_generated_ones(tmp_path: Path) -> None:
    for path in write_schemas(tmp_path):
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads((ROOT / "schemas" / path.name).read_text(
            encoding="utf-8")), f"schemas/{path.name} is stale: run `pathway schema`"


@pytest.mark.parametrize(("name", "path"), content_files(), ids=[p.relative_to(ROOT).as_posix() for _, p in content_files()])
def test_the_real_content_is_valid(name: str, path: Path) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(load(path))]
    assert errors == []


def _guide() -> dict[str, Any]:
    return load(CONTENT / "guides" / "making-a-referral.yml")


def _first_block(guide: dict[str, Any], kind: str) -> tuple[int, int]:
    for i, section in enumerate(guide["sections"]):
        for j, block in enumerate(section["blocks"]):
            if block["type"] == kind:
                return i, j
    raise AssertionError(f"no {kind} block")


def _plant_in_block(kind: str, change: Callable[[dict[str, Any]], None], field: str | None
                    ) -> tuple[dict[str, Any], list[tuple[str | int, ...]]]:
    guide = _guide()
    i, j = _first_block(guide, kind)
    change(guide["sections"][i]["blocks"][j])
    where: tuple[str | int, ...] = ("sections", i, "blocks", j)
    return guide, [where + ((field,) if field else ())]


MISTAKES: dict[str, Callable[[], tuple[str, Any, list[tuple[str | int, ...]]]]] = {}


def mistake(function: Callable[[], tuple[str, Any, list[tuple[str | int, ...]]]]) -> Callable[[], Any]:
    MISTAKES[function.__name__] = function
    return function


@mistake
def paragraph_text_is_a_list() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    return ("guide", *_plant_in_block("paragraph", lambda b: b.update(text=["not", "text"]), "text"))


@mistake
def callout_modality_misspelt() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    return ("guide", *_plant_in_block("callout", lambda b: b.update(modality="mustt"), "modality"))


@mistake
def block_type_unknown() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    return ("guide", *_plant_in_block("bullets", lambda b: b.update(type="bulets"), "type"))


@mistake
def block_key_unknown() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    # An unknown key is the block's own mistake: additionalProperties names the block.
    return ("guide", *_plant_in_block("quote", lambda b: b.update(colour="red"), None))


@mistake
def citation_lines_wrong_type_inside_a_block() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    guide = _guide()
    i, j = next((i, j) for i, s in enumerate(guide["sections"]) for j, b in enumerate(s["blocks"]) if b.get("cite"))
    guide["sections"][i]["blocks"][j]["cite"]["lines"] = ["1", "2"]
    return "guide", guide, [("sections", i, "blocks", j, "cite", "lines")]


@mistake
def review_date_impossible_month() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    guide = _guide()
    guide["review"]["next_review"] = "2027-13-01"
    return "guide", guide, [("review", "next_review")]


@mistake
def review_date_not_a_calendar_day() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    guide = _guide()
    guide["review"]["last_reviewed"] = "2026-02-30"
    return "guide", guide, [("review", "last_reviewed")]


@mistake
def change_note_date_not_a_date() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    guide = _guide()
    guide["changes"][0]["date"] = "22 November 2026"
    return "guide", guide, [("changes", 0, "date")]


@mistake
def text_check_unknown() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    checklist = load(CONTENT / "checklists" / "referral-content.yml")
    checklist["text_checks"][0]["check"] = "spelling"
    return "checklist", checklist, [("text_checks", 0, "check")]


@mistake
def text_check_reason_missing() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    checklist = load(CONTENT / "checklists" / "call-999-101.yml")
    del checklist["text_checks"][1]["reason"]
    return "checklist", checklist, [("text_checks", 1)]


@mistake
def locality_partnership_name_missing() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    profile = load(ROOT / "examples" / "exampleshire" / "locality.yml")
    profile["partnership"]["website"] = 42
    return "locality", profile, [("partnership", "website")]


@mistake
def locality_front_door_phone_wrong_type() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    profile = load(ROOT / "examples" / "exampleshire" / "locality.yml")
    assert isinstance(profile["front_door"], dict)
    profile["front_door"]["name"] = {"not": "text"}
    return "locality", profile, [("front_door", "name")]


@mistake
def locality_fact_neither_mapping_nor_not_given() -> tuple[str, Any, list[tuple[str | int, ...]]]:
    profile = copy.deepcopy(load(CONTENT / "locality.yml"))
    profile["front_door"] = "not given"
    return "locality", profile, [("front_door",)]


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_planted_mistake_is_reported_at_its_field(name: str) -> None:
    schema, instance, expected = MISTAKES[name]()
    assert error_paths(schema, instance) == expected


@pytest.mark.parametrize("written", ["2026-01-01", "'2026-01-01'", '"2026-01-01"'])
def test_a_review_date_means_the_same_quoted_or_not(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   written: str) -> None:
    """YAML 1.1 reads an unquoted date as a date, YAML 1.2 as text: as JSON both are the same ISO text,
    which the schema accepts, and ``pathway check`` accepts each as the same day."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", data)
    guide = data / "guides" / "test-guide.yml"
    text = guide.read_text(encoding="utf-8").replace("last_reviewed: 2026-01-01", f"last_reviewed: {written}")
    guide.write_text(text, encoding="utf-8")
    instance = load(guide)
    assert instance["review"]["last_reviewed"] == "2026-01-01"
    assert error_paths("guide", instance) == []
    capsys.readouterr()
    assert main(["check", "--no-cache", "--data", str(data)]) == 0, capsys.readouterr().err


def test_the_schema_and_pathway_check_agree_on_an_impossible_date(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", data)
    guide = data / "guides" / "test-guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("last_reviewed: 2026-01-01",
                                                                  'last_reviewed: "2026-02-30"'), encoding="utf-8")
    assert error_paths("guide", load(guide)) == [("review", "last_reviewed")]
    capsys.readouterr()
    assert main(["check", "--no-cache", "--data", str(data)]) == 1
    assert "review.last_reviewed" in capsys.readouterr().err


def test_an_unquoted_full_source_date_means_the_same_to_the_schema_and_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", data)
    sources = data / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("date: 2024-01", "date: 2024-01-15"), encoding="utf-8")
    assert error_paths("sources", load(sources)) == []
    capsys.readouterr()
    assert main(["check", "--no-cache", "--data", str(data)]) == 0, capsys.readouterr().err
