"""A handout for case study 3, printed to PDF in Chromium and read back with poppler.

``page.pdf`` prints with print media, as Ctrl+P does; ``pdfinfo`` and
``pdftotext`` (poppler-utils) give the page size, page count and text.  The
handout has the title, where the case comes from and its date, the narrative
(or the summary), the chosen audience's key questions with space to write,
the attribution and the page's address — and nothing of the site's chrome.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.load import load_site
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

CASE = "iopc-39-case-3"
POLICE = "police-officers-staff"
POLICY = "policy-makers-managers"
# Words that only the site's chrome, the trainer tools, the embed code or the debrief would put on paper.
NOT_ON_A_HANDOUT = [
    "Leave this site", "Skip to content", "Table of contents", "Search", "Practice guides", "Glossary",
    "Key questions from every case study", "Girl found in hotel room",  # the navigation's case list
    "Run as a session", "Print handout", "Handout shows", "Use this case study in training", "Embed this case study",
    "iframe", "Related guidance", "Outcomes for the officers/staff involved", "Action taken by this police force",
    "Theme: ",  # Material's tag chips
]


@pytest.fixture(scope="module")
def case_3():  # type: ignore[no-untyped-def]
    site, _ = load_site(CONTENT)
    return site.cases[CASE]


def flat(text: str) -> str:
    """PDF text with line breaks, hyphenation-free wrapping and repeated spaces folded, for phrase checks."""
    return re.sub(r"\s+", " ", text).strip()


def print_to_pdf(page, path: Path) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """Print the open page to an A4 PDF; return its page count, page size line and text."""
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils is not installed; `make test` installs it")
    page.pdf(path=str(path), format="A4")
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return pages, size, flat(text)


def first_words(markdown: str, count: int = 12) -> str:
    return " ".join(markdown.split()[:count])


def test_case_3_handout_is_a_clean_a4_print(page, site_server, case_3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?audience={POLICE}"))
    pages, size, text = print_to_pdf(page, tmp_path / "handout.pdf")

    assert "(A4)" in size
    assert 1 <= pages <= 5  # the whole narrative of case 3 and six questions with writing space
    assert f"Case study 3: {case_3.title}" in text
    assert "Learning the Lessons issue 39, September 2021" in text  # where it comes from, and when
    assert "Independent Office for Police Conduct (IOPC)" in text  # the attribution
    for part in case_3.parts:
        assert first_words(part.text) in text
    police = next(g for g in case_3.key_questions if g.audience.value == POLICE)
    policy = next(g for g in case_3.key_questions if g.audience.value == POLICY)
    for question in police.questions:
        assert flat(question) in text
    assert not any(flat(q) in text for q in policy.questions)  # only the chosen audience
    assert f"This case study online: {site_server(f'cases/{CASE}/')}" in text
    assert re.search(r"Printed on \d{1,2} [A-Z][a-z]+ \d{4}", text)
    for chrome in NOT_ON_A_HANDOUT:
        assert chrome not in text, chrome
    assert case_3.summary.split(".")[0] not in text  # the full handout gives the narrative, not the summary


def test_question_space_to_write(page, site_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/"))
    page.emulate_media(media="print")
    gap = page.eval_on_selector(".pw-question-group ol > li", "li => parseFloat(getComputedStyle(li, '::after').height)")
    assert gap >= 90  # about 26 mm of ruled space under each question (96 px to the inch)


def test_summary_handout_replaces_the_narrative(page, site_server, case_3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?handout=summary&audience={POLICY}"))
    pages, _, text = print_to_pdf(page, tmp_path / "summary.pdf")
    assert pages <= 2
    assert first_words(case_3.summary) in text
    assert not any(first_words(p.text) in text for p in case_3.parts)
    policy = next(g for g in case_3.key_questions if g.audience.value == POLICY)
    assert all(flat(q) in text for q in policy.questions)
    for chrome in NOT_ON_A_HANDOUT:
        assert chrome not in text, chrome


def test_print_handout_button_prints_the_chosen_version(page, site_server) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(site_server(f"cases/{CASE}/"))
    page.locator("[data-pw-handout-version]").select_option("summary")
    assert page.url.endswith("?handout=summary")
    page.get_by_role("button", name="Print handout").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator(".pw-summary").is_visible()
    assert page.locator(".pw-part").first.is_hidden()


def test_printing_during_a_session_prints_the_whole_case(page, site_server, case_3) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?session"))
    page.keyboard.press("ArrowRight")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what Ctrl+P does first
    page.emulate_media(media="print")
    assert all(page.locator(f"#part-{p.id}").is_visible() for p in case_3.parts)
    assert page.locator(".pw-session-bar").is_hidden()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".pw-session-progress").inner_text().startswith("Part 2 of")


def test_without_javascript_the_page_still_prints_as_a_handout(browser, site_server, case_3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server(f"cases/{CASE}/"))
    _, size, text = print_to_pdf(page, tmp_path / "nojs.pdf")
    context.close()
    assert "(A4)" in size
    assert all(flat(q) in text for g in case_3.key_questions for q in g.questions)  # every audience
    assert "This case study online: http://127.0.0.1:8000/cases/iopc-39-case-3/" in text  # site_url, from the build
    for chrome in NOT_ON_A_HANDOUT:
        assert chrome not in text, chrome
