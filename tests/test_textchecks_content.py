"""The text checks' reasons and citations are content: exported with each checklist, shown as given.

``widgets/textchecks.py`` decides *when* a prompt shows; what it says and cites comes from the
checklist's ``text_checks`` (see ``generator.models.checklist.TextCheck``).  These tests follow
that data from the YAML through the exporter's JSON to the prompts the widget makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from generator.exports import extra_files, widget_data
from generator.load import load_site
from generator.models.checklist import TextCheckId
from widgets.state import ChecklistState
from widgets.textchecks import CHECKS, text_checks

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "pathway_data"
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"


def test_the_content_may_name_exactly_the_checks_the_widget_makes() -> None:
    assert get_args(TextCheckId) == CHECKS


@pytest.fixture(scope="module")
def national() -> dict[str, Any]:
    site, report = load_site(CONTENT)
    assert not report.errors, report.format()
    return widget_data(site)


def _upset(checklist: dict[str, Any]) -> ChecklistState:
    """A vague note without the term or a date, on the checklist's first item that takes notes."""
    item = next(i for g in checklist["groups"] for i in g["items"] if i.get("notes", True) and not i.get("when"))
    return ChecklistState(mode=checklist["mode"], notes={item["id"]: "He was upset."})


@pytest.mark.parametrize("checklist_id", ["referral-content", "call-999-101", "after-the-referral"])
def test_each_national_checklist_gives_its_guides_reasons(national: dict[str, Any], checklist_id: str) -> None:
    checklist = national["checklists"][checklist_id]
    entries = {entry["check"]: entry for entry in checklist["text_checks"]}
    assert sorted(entries) == sorted(CHECKS)
    prompts = text_checks(_upset(checklist), checklist["mode"], checklist)
    assert [p.id for p in prompts] == ["sexual-abuse-term", "dates-and-times"]
    for prompt in prompts:
        entry = entries[prompt.id]
        assert prompt.reasoning == entry["reason"]
        # The exporter gives each citation the guide section holding its lines, as a reference and a link.
        assert prompt.cite == {key: entry["cite"][key] for key in ("source", "section", "lines", "ref", "href")}
        anchor = prompt.cite["ref"].removeprefix("guide:making-a-referral#")
        assert prompt.cite["href"] == f"/guides/making-a-referral/#{anchor}" and anchor != prompt.cite["ref"]


def test_parents_not_told_first_is_the_contents_condition(national: dict[str, Any]) -> None:
    referral = national["checklists"]["referral-content"]
    [entry] = [e for e in referral["text_checks"] if e["check"] == "parents-reason"]
    assert entry["conditions"] == ["parents-risk"]
    state = ChecklistState(answers={"parents-risk": "yes"},
                           notes={"what-your-concerns-are": "Sexual abuse disclosed on Monday 3 March."})
    [prompt] = text_checks(state, "referral", referral)
    assert (prompt.id, prompt.found, prompt.cite["lines"]) == ("parents-reason", ["parents-risk"], "87")


def test_the_exported_json_carries_them() -> None:
    site, report = load_site(FIXTURE)
    assert not report.errors, report.format()
    files = extra_files(site, None)
    exported = json.loads(files["data/checklists/referral-content.json"])
    assert exported["text_checks"] == []  # the minimal fixture lists none: its checklist shows no prompts
    state = ChecklistState(notes={"what-concerns": "He was upset."})
    assert text_checks(state, "referral", exported) == []


def test_a_new_projects_checklist_has_a_sample_prompt(tmp_path: Path) -> None:
    from generator.new_project import write_project

    write_project(tmp_path / "p")
    site, report = load_site(tmp_path / "p" / "pathway_data")
    assert not report.errors, report.format()
    checklist = widget_data(site)["checklists"]["sample-checklist"]
    [prompt] = text_checks(ChecklistState(notes={"seen-and-heard": "He was upset."}), "referral", checklist)
    assert prompt.id == "dates-and-times" and "replace it" in prompt.reasoning
    source = (tmp_path / "p" / "provenance" / "sample-source.txt").read_text(encoding="utf-8").splitlines()
    assert source[int(prompt.cite["lines"]) - 1] == prompt.reasoning  # quoted word for word
    assert prompt.cite["href"] == "/about/sources/#source-sample-source"  # no guide section holds that line
