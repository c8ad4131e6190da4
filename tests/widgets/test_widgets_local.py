"""Local facts in the widgets: the checklist draft and the walker's cards use the profile's names and numbers.

The panels here have the shape ``generator.locality.block`` exports; the last
tests take them from the real exporter with the example profiles, so the two
sides cannot drift apart.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from widgets.checklist import ChecklistState, draft, reminders_text
from widgets.local import local_html, local_lines
from widgets.render import render_checklist, render_summary, render_walker, render_walker_step
from widgets.walker import card, walk

ROOT = Path(__file__).parents[2]

FRONT_DOOR = {
    "id": "front-door", "title": "Children's social care front door", "given": True,
    "fallback": "your local front door", "not_given": "This site does not give details of your local front door.",
    "entries": [{
        "name": "Exampleshire Children's Front Door",
        "phones": [{"number": "01632 960 001", "label": "Professionals' line", "href": "tel:01632960001"}],
        "links": [{"text": "Online referral form", "href": "https://www.example.org/refer"}],
        "hours": "Monday to Friday, 9am to 5pm", "note": None,
    }],
}
POLICE_NOT_GIVEN = {
    "id": "police-child-abuse-unit", "title": "Police", "given": False,
    "fallback": "your police force's specialist child abuse unit",
    "not_given": "This site does not give details of your police force's specialist child abuse unit.", "entries": [],
}


def panel(*facts: dict[str, Any], national: bool = False) -> dict[str, Any]:
    return {
        "heading": "Local arrangements" if national else "In Exampleshire",
        "partnership": None if national else "Exampleshire Safeguarding Children Partnership",
        "example": True, "note": "Local information from Exampleshire Safeguarding Children Partnership.",
        "facts": list(facts), "national": national,
        "national_text": "This national site is not set up for a local area, so it does not give details of "
        "your local front door." if national else None,
    }


def test_a_given_fact_shows_its_name_a_dialable_number_and_its_form() -> None:
    html = local_html(panel(FRONT_DOOR))
    assert "<strong>In Exampleshire</strong>" in html
    assert "Exampleshire Children&#x27;s Front Door" in html
    assert '<a href="tel:01632960001">01632 960 001</a>' in html
    assert '<a href="https://www.example.org/refer">Online referral form</a>' in html
    assert 'data-local="front-door"' in html


def test_a_fact_the_profile_does_not_give_is_named_honestly_with_no_number() -> None:
    html = local_html(panel(POLICE_NOT_GIVEN))
    assert "This site does not give details of your police force&#x27;s specialist child abuse unit." in html
    assert "tel:" not in html


def test_the_national_panel_is_one_sentence() -> None:
    html = local_html(panel(copy.deepcopy(FRONT_DOOR) | {"given": False, "entries": []}, national=True))
    assert "<strong>Local arrangements</strong>" in html
    assert "does not give details of your local front door" in html
    assert "<ul" not in html


def test_no_panel_renders_nothing() -> None:
    assert local_html(None) == "" and local_lines(None) == []


def test_profile_text_is_escaped_and_an_unsafe_link_becomes_text() -> None:
    hostile = copy.deepcopy(FRONT_DOOR)
    hostile["entries"][0]["name"] = '<img src=x onerror="alert(1)">'
    hostile["entries"][0]["links"] = [{"text": "Form", "href": "javascript:alert(1)"}]
    html = local_html(panel(hostile))
    assert "<img" not in html and "&lt;img" in html
    assert "javascript:" not in html and "Form" in html


def test_the_draft_names_the_front_door_under_its_title(referral: dict[str, Any]) -> None:
    referral["local"] = panel(FRONT_DOOR)
    state = ChecklistState(mode="referral", notes={"what-your-concerns-are": "He said X."})
    assert "Front Door" not in draft(referral, state)  # the draft holds only the referral's own text
    text = reminders_text(referral, state)
    lines = text.splitlines()
    assert lines[0] == ("Children's social care front door: Exampleshire Children's Front Door — Professionals' line: "
                        "01632 960 001; Monday to Friday, 9am to 5pm; Online referral form: https://www.example.org/refer")
    assert lines[1] == ""
    assert "He said X." in draft(referral, state)
    assert "Exampleshire Children&#x27;s Front Door" in render_summary(referral, state)


def test_the_national_draft_has_no_local_lines(referral: dict[str, Any]) -> None:
    plain = reminders_text(referral, ChecklistState(mode="referral"))
    referral["local"] = panel(FRONT_DOOR | {"given": False, "entries": []}, national=True)
    assert reminders_text(referral, ChecklistState(mode="referral")) == plain


def test_the_checklist_shows_local_facts_beside_its_items_and_rules(referral: dict[str, Any]) -> None:
    referral["local"] = panel(FRONT_DOOR)
    referral["rules"][0]["local"] = panel(POLICE_NOT_GIVEN)
    referral["groups"][0]["items"][0]["local"] = panel(FRONT_DOOR)
    html = render_checklist(referral)
    # Beside the checklist, beside its item, and with the reminders that print beside the draft.
    assert html.count('data-local="front-door"') == 3
    assert 'data-local="police-child-abuse-unit"' in html
    # The national site's "not set up for a local area" is said once by the page, not on every point.
    national = panel(FRONT_DOOR | {"given": False, "entries": []}, national=True)
    referral["local"] = referral["groups"][0]["items"][0]["local"] = national
    assert render_checklist(referral).count('data-local="front-door"') == 1


def test_a_walker_outcome_card_carries_and_shows_the_local_facts(pathway: dict[str, Any]) -> None:
    outcome = next(n for n in pathway["nodes"] if n["kind"] == "outcome" and n["id"] != "call-999")
    outcome["local"] = panel(FRONT_DOOR)
    assert card(pathway, outcome["id"])["local"] == outcome["local"]
    html = render_walker(pathway, page=outcome["id"])
    assert "tel:01632960001" in html


def test_the_999_outcome_is_never_given_a_local_number(pathway: dict[str, Any]) -> None:
    """Emergency advice is not a local fact: even a profile-wide panel elsewhere leaves it alone."""
    for node in pathway["nodes"]:
        if node["id"] != "call-999":
            node["local"] = panel(FRONT_DOOR)
    result = walk(pathway, "worried", [("immediate-danger", "yes")])
    html = render_walker_step(pathway, result)
    assert result.current == "call-999" and "Call 999." in html and "tel:" not in html.split("pw-route")[0]


@pytest.fixture(scope="module")
def exported() -> dict[str, dict[str, Any]]:
    """Widget data from the real exporter, for the national site and each example profile."""
    from generator.exports import widget_data
    from generator.load import load_site

    found = {}
    for name, profile in [("national", None), ("exampleshire", ROOT / "examples/exampleshire/locality.yml"),
                          ("sir-enghraifft", ROOT / "examples/sir-enghraifft/locality.yml")]:
        site, report = load_site(ROOT / "pathway_data", profile)
        assert not report.errors, report.format()
        found[name] = widget_data(site)
    return found


def test_real_data_the_referral_draft_names_each_areas_front_door(exported: dict[str, dict[str, Any]]) -> None:
    referral = exported["exampleshire"]["checklists"]["referral-content"]
    assert "Exampleshire Children's Front Door" in reminders_text(referral, ChecklistState(mode="referral"))
    welsh = exported["sir-enghraifft"]["checklists"]["referral-content"]
    assert "Sir Enghraifft Multi-Agency Safeguarding Hub (MASH)" in reminders_text(welsh, ChecklistState(mode="referral"))
    national = exported["national"]["checklists"]["referral-content"]
    assert "Front Door" not in reminders_text(national, ChecklistState(mode="referral"))


def test_real_data_the_walker_refer_step_names_the_front_door_and_escalation_policy(
    exported: dict[str, dict[str, Any]],
) -> None:
    data = exported["exampleshire"]["pathway"]
    refer = card(data, "refer-to-childrens-social-care")
    assert refer["local"]["facts"][0]["entries"][0]["name"] == "Exampleshire Children's Front Door"
    escalate = card(data, "consider-the-partnership-escalation-policy")
    assert "escalation policy" in escalate["local"]["facts"][0]["entries"][0]["links"][0]["text"]
    assert data["locality"]["nation"] == "england" and data["locality"]["calendar"] == "england-and-wales"
    assert 'data-calendar="england-and-wales"' in render_walker(data)
    national = exported["national"]["pathway"]
    assert card(national, "refer-to-childrens-social-care")["local"]["national"] is True
