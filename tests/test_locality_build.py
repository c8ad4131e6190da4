"""One content base, many local sites: the real content built with each example profile.

Each example names its own front door, escalation policy and statutory
guidance on the guide, the checklist and the walker pages; the national build
names none of them; and the guide's words and the 999 advice are the same in
every build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from generator.build import build
from tests.conftest import CONTENT, ROOT

GUIDE = "guides/making-a-referral/index.html"
CHECKLIST = "tools/referral-checklist/index.html"
WALKER = "tools/what-happens-next/index.html"
# The walker's step pages that show the front door, the escalation policy and the 999 advice.
WALKER_STEPS = ("tools/what-happens-next/refer-to-childrens-social-care/index.html",
                "tools/what-happens-next/consider-the-partnership-escalation-policy/index.html")
POLICE_STEP = "tools/what-happens-next/contact-the-police-now/index.html"
WORKING_TOGETHER = "Working together to safeguard children 2026"
WALES_PROCEDURES = "Wales Safeguarding Procedures (2020)"


@dataclass(frozen=True)
class Example:
    folder: str
    area: str
    front_door: str
    front_door_number: str
    escalation_policy: str
    statutory: str
    other_nation: str
    title: str
    quick_exit: str
    police_line: str


EXAMPLES = [
    Example("exampleshire", "Exampleshire", "Exampleshire Children's Front Door", "01632 960 001",
            "Exampleshire escalation policy (resolving professional disagreements)", WORKING_TOGETHER,
            WALES_PROCEDURES, "Exampleshire (example): child sexual abuse response pathway",
            "https://www.metoffice.gov.uk/", "020 7946 0123"),
    Example("sir-enghraifft", "Sir Enghraifft", "Sir Enghraifft Multi-Agency Safeguarding Hub (MASH)", "029 2018 0001",
            "Sir Enghraifft protocol for resolving professional differences", WALES_PROCEDURES, WORKING_TOGETHER,
            "Sir Enghraifft (example): child sexual abuse response pathway", "https://www.bbc.co.uk/weather",
            "029 2018 0003"),
]


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda e: e.folder)
def example_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Example, Path]:
    example: Example = request.param
    base = tmp_path_factory.mktemp(f"locality-{example.folder}")
    build(CONTENT, base / "site", work=base / "work", strict=True,
          locality=ROOT / "examples" / example.folder / "locality.yml")
    return example, base / "site"


def text_of(site: Path, page: str) -> str:
    """The page's visible text, tags removed, entities decoded (the walker: with its step pages)."""
    pages = (page, *WALKER_STEPS) if page == WALKER else (page,)
    html = " ".join((site / p).read_text(encoding="utf-8") for p in pages)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def statutory_section(site: Path) -> str:
    html = (site / GUIDE).read_text(encoding="utf-8")
    return unescape(html.split('id="statutory-guidance"', 1)[1].split("<h2", 1)[0])


@pytest.mark.parametrize("page", [GUIDE, CHECKLIST, WALKER])
def test_each_page_names_the_areas_front_door_escalation_policy_and_statutory_guidance(
    example_site: tuple[Example, Path], page: str
) -> None:
    example, site = example_site
    text = text_of(site, page)
    assert f"In {example.area}" in text
    assert example.front_door in text
    assert example.escalation_policy in text
    assert example.statutory in text
    assert example.front_door_number in text


def test_the_guide_names_only_the_profiles_nations_statutory_guidance(example_site: tuple[Example, Path]) -> None:
    example, site = example_site
    section = statutory_section(site)
    assert example.statutory in section and example.other_nation not in section


def test_numbers_can_be_dialled_and_the_referral_form_is_linked(example_site: tuple[Example, Path]) -> None:
    example, site = example_site
    html = (site / GUIDE).read_text(encoding="utf-8")
    digits = example.front_door_number.replace(" ", "")
    assert f'<a href="tel:{digits}">{example.front_door_number}</a>' in html
    assert re.search(r'<a href="https://www\.example\.org/[^"]+">Online referral form</a>', html)


def test_the_checklist_reminders_name_the_front_door(example_site: tuple[Example, Path]) -> None:
    """Beside the draft (which holds only the referral's text), where the referral goes."""
    example, site = example_site
    html = (site / CHECKLIST).read_text(encoding="utf-8")
    summary = re.search(r'<div data-output="summary"[^>]*>(.*?)</section>', html, re.S).group(1)  # type: ignore[union-attr]
    text = unescape(re.sub(r"<[^>]+>", "", summary))
    assert f"Children's social care front door: {example.front_door}" in text
    draft = unescape(re.search(r'<pre class="pw-draft"[^>]*>(.*?)</pre>', html, re.S).group(1))  # type: ignore[union-attr]
    assert example.front_door not in draft


def test_the_walker_data_carries_the_locality(example_site: tuple[Example, Path]) -> None:
    example, site = example_site
    data = json.loads((site / "data" / "pathway.json").read_text(encoding="utf-8"))
    assert data["locality"]["area"] == example.area
    refer = next(n for n in data["nodes"] if n["id"] == "refer-to-childrens-social-care")
    assert refer["local"]["facts"][0]["entries"][0]["name"] == example.front_door


def test_the_site_title_logo_and_quick_exit_come_from_the_profile(example_site: tuple[Example, Path]) -> None:
    example, site = example_site
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>(.*?)</title>", html).group(1).endswith(example.title)  # type: ignore[union-attr]
    assert 'src="assets/local/logo.svg"' in html and (site / "assets" / "local" / "logo.svg").is_file()
    assert re.search(rf'href="{re.escape(example.quick_exit)}"[^>]*data-pw-exit', html)


def test_every_page_says_the_example_is_fictional(example_site: tuple[Example, Path]) -> None:
    _, site = example_site
    for page in (GUIDE, CHECKLIST, WALKER):
        assert re.search(r"(This|It) is a fictional example: its names, numbers and addresses are not real",
                         text_of(site, page)), page


def _immediate_danger_html(site: Path) -> list[str]:
    checklist = (site / CHECKLIST).read_text(encoding="utf-8")
    walker = (site / POLICE_STEP).read_text(encoding="utf-8")
    rules = re.findall(r'<div class="pw-urgent-rule" data-rule="rule-immediate-danger">.*?</div>', checklist, re.S)
    node = re.search(r'<section class="pw-step-page" data-node="contact-the-police-now".*?</ul>', walker, re.S)
    return [*rules, node.group(0) if node else ""]


def test_the_guides_words_and_the_999_advice_are_the_same_in_every_build(
    example_site: tuple[Example, Path], built_site: Path
) -> None:
    _, site = example_site
    local, national = _immediate_danger_html(site), _immediate_danger_html(built_site)
    assert len(local) == 3 and all(local) and local == national
    words = ("Arrangements for making a referral to children's social care vary between local areas. It is common "
             "to make the referral in writing through your local authority's 'front door' arrangements")
    assert words in text_of(site, GUIDE) and words in text_of(built_site, GUIDE)


def _interruption_text(site: Path) -> str:
    """What "Yes, the child is in immediate danger" shows on the checklist page, as text."""
    checklist = (site / CHECKLIST).read_text(encoding="utf-8")
    box = re.search(r'<div class="pw-interrupt"[^>]*data-interrupt="immediate-danger".*?<h4[^>]*class="pw-urgent-title">'
                    r'.*?(?=<details|</fieldset>)', checklist, re.S)
    assert box, "the immediate-danger interruption is on the page"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", box.group(0))))


def test_the_danger_interruption_gives_the_local_police_line_after_the_999_advice(
    example_site: tuple[Example, Path], built_site: Path
) -> None:
    example, site = example_site
    local, national = _interruption_text(site), _interruption_text(built_site)
    advice = "it is important to contact the police straight away"
    assert advice in local and "call 999 or 101" in local
    assert example.police_line in local and local.index(example.police_line) > local.index("call 999 or 101")
    assert advice in national and not re.search(r"\b0\d{3,4} ?\d", national), "the national site gives no number"


def test_the_national_build_names_no_locality(built_site: Path) -> None:
    for page in (GUIDE, CHECKLIST, WALKER, *WALKER_STEPS, "index.html"):
        text = text_of(built_site, page)
        html = (built_site / page).read_text(encoding="utf-8")
        for example in EXAMPLES:
            assert example.area not in text and example.front_door_number not in text, page
        assert "tel:" not in html and "example.org" not in html, page
    guide = text_of(built_site, GUIDE)
    assert "This national site is not set up for a local area, so it does not give details of your local front door" in guide
    assert "your children's partnership escalation policy" in guide
    section = statutory_section(built_site)
    assert WORKING_TOGETHER in section and WALES_PROCEDURES in section
    walker = text_of(built_site, WALKER)
    assert "does not give details of your local front door" in walker
