"""The question bank at /cases/questions/: every key question, filtered by audience and theme.

Without JavaScript it is one full list; with it, a form filters the list and
a live region says how many questions are shown.  Every question links to its
case.
"""

from __future__ import annotations

import pytest

from generator.load import load_site
from generator.models.case import THEME_LABELS, Theme
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

POLICE = "police-officers-staff"


@pytest.fixture(scope="module")
def cases():  # type: ignore[no-untyped-def]
    site, _ = load_site(CONTENT)
    return site.cases


def shown_questions(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(".pw-qb-case ol > li", "els => els.filter(e => e.getClientRects().length).map(e => e.innerText)")


def shown_blocks(page) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [tuple(row) for row in page.eval_on_selector_all(
        ".pw-qb-case",
        "els => els.filter(e => e.getClientRects().length).map(e => [e.dataset.case, e.dataset.audience, e.dataset.themes])",
    )]


def test_without_javascript_every_key_question_is_listed_with_a_link_to_its_case(browser, site_server, cases) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server("cases/questions/"))
    expected = [q for aud in (POLICE, "policy-makers-managers") for c in sorted(cases.values(), key=lambda c: c.number)
                for g in c.key_questions if g.audience.value == aud for q in g.questions]
    assert shown_questions(page) == expected
    assert page.locator("[data-pw-question-filter]").is_hidden()  # controls that need a script are not offered
    assert page.locator("[data-pw-question-count]").inner_text() == f"{len(expected)} questions from {len(cases)} case studies."
    for case_id, audience, _ in shown_blocks(page):
        link = page.locator(f'.pw-qb-case[data-case="{case_id}"][data-audience="{audience}"] h3 a').first
        assert link.get_attribute("href") == f"../{case_id}/#questions-{audience}"
    context.close()


def test_filtering_by_audience_and_theme_announces_the_count(page, site_server, cases, recorder) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server("cases/questions/"))
    total = sum(len(g.questions) for c in cases.values() for g in c.key_questions)
    count = page.locator("[data-pw-question-count]")
    assert count.get_attribute("role") == "status"

    page.get_by_role("radio", name="Police officers/staff").check()
    police = [q for c in cases.values() for g in c.key_questions if g.audience.value == POLICE for q in g.questions]
    assert len(shown_questions(page)) == len(police)
    assert count.inner_text() == f"Showing {len(police)} of {total} questions, from {len(cases)} case studies."

    page.get_by_role("checkbox", name=THEME_LABELS[Theme.CALL_HANDLING]).check()
    page.get_by_role("checkbox", name=THEME_LABELS[Theme.ONLINE_ABUSE]).check()
    wanted = {Theme.CALL_HANDLING, Theme.ONLINE_ABUSE}
    matching = [c for c in cases.values() if wanted & set(c.themes)]
    assert matching and len(matching) < len(cases)
    expected = sorted(q for c in matching for g in c.key_questions if g.audience.value == POLICE for q in g.questions)
    assert sorted(shown_questions(page)) == expected
    assert all(audience == POLICE and set(themes.split()) & {t.value for t in wanted} for _, audience, themes in shown_blocks(page))
    assert count.inner_text() == (
        f"Showing {len(expected)} of {total} questions, from {len(matching)} case stud{'y' if len(matching) == 1 else 'ies'}."
    )
    assert page.locator("section.pw-qb-audience[data-audience='policy-makers-managers']").is_hidden()
    assert page.url.endswith("?audience=police-officers-staff&theme=call-handling&theme=online-abuse")

    # The address holds the filter: a shared link opens the same list.
    page.goto(page.url)
    assert sorted(shown_questions(page)) == expected

    page.get_by_role("button", name="Clear the filters").click()
    page.wait_for_selector(".pw-qb-case[hidden]", state="detached")  # the reset applies after the form clears
    assert len(shown_questions(page)) == total
    assert count.inner_text() == f"Showing all {total} questions, from {len(cases)} case studies."
    assert page.url.endswith("/cases/questions/")
    assert recorder.foreign(site_server.url) == []


def test_values_the_form_does_not_offer_are_ignored(page, site_server, cases) -> None:  # type: ignore[no-untyped-def]
    total = sum(len(g.questions) for c in cases.values() for g in c.key_questions)
    page.goto(site_server("cases/questions/?audience=%3Cscript%3E&theme=not-a-theme"))
    assert page.locator("input[name=theme]:checked").count() == 0
    assert page.locator("input[name=audience]:checked").get_attribute("value") == ""
    assert len(shown_questions(page)) == total
