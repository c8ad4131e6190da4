"""Locality profiles: loaded and validated like content, checked against what content asks for, shown honestly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import check_content, main
from generator.diagnostics import Report, Severity
from generator.load import load_site
from generator.locality import FACTS, apply_to_config, block, is_fictional_number
from generator.render import Renderer
from tests.conftest import CONTENT, ROOT

EXAMPLES = [ROOT / "examples" / "exampleshire" / "locality.yml", ROOT / "examples" / "sir-enghraifft" / "locality.yml"]
GUIDE_CITE = '    cite: {source: test-source, section: "1", lines: "3"}\n'

EXAMPLE = "example: true\n"  # fictional numbers (Ofcom drama ranges) are required, and allowed, only here
PARTNERSHIP = """\
partnership:
  name: Testshire Safeguarding Children Partnership
  area: Testshire
"""
FRONT_DOOR = """\
front_door:
  name: Testshire MASH
  phones:
    - number: 01632 960 100
"""


def ask_for(data: Path, *facts: str) -> None:
    """Make the fixture guide's first section ask for local facts."""
    guide = data / "guides" / "test-guide.yml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace(GUIDE_CITE, GUIDE_CITE + f"    local_facts: [{', '.join(facts)}]\n", 1),
                     encoding="utf-8")


def profile(tmp_path: Path, text: str, name: str = "profile.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(data: Path, locality: Path | None = None) -> Report:
    return check_content(data, locality)[1]


def codes(report: Report) -> list[str]:
    return [d.code for d in report.items]


# -- the real profiles pass ----------------------------------------------------------

def test_the_national_default_profile_passes_check_with_nothing_to_report() -> None:
    report = check(CONTENT)
    assert not report.items, report.format()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_each_example_profile_passes_check_strictly(example: Path) -> None:
    assert main(["check", "--locality", str(example), "--strict"]) == 0


def test_the_national_default_names_no_partnership_and_gives_no_numbers() -> None:
    site, _ = load_site(CONTENT)
    assert site.locality is not None and site.locality.partnership is None
    for fact_id in FACTS:
        panel = block(site, [fact_id])
        assert panel is not None and panel["national"] and not panel["facts"][0]["given"]


# -- missing and unused facts ----------------------------------------------------------

def test_a_fact_content_asks_for_that_the_profile_omits_is_reported_with_where_it_is_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    start = text.index("out_of_hours_team:")
    trimmed = text[:start] + text[text.index("police:", start):]
    path = profile(tmp_path, trimmed)
    shutil.copy(EXAMPLES[0].parent / "logo.svg", tmp_path / "logo.svg")
    assert main(["check", "--locality", str(path)]) == 0  # a warning: the site is still honest
    err = capsys.readouterr().err
    assert "warning[local-fact-missing]" in err and "'out-of-hours-team'" in err
    assert "police-initial-response.yml" in err  # where content asks for it
    assert 'This site does not give details of your local emergency duty team' in err
    assert main(["check", "--locality", str(path), "--strict"]) == 1


def test_without_any_profile_a_fact_content_asks_for_is_reported(fixture_copy: Path) -> None:
    ask_for(fixture_copy, "front-door")
    report = check(fixture_copy)
    assert codes(report) == ["local-fact-missing"]
    assert report.items[0].severity is Severity.WARNING
    assert "guides/test-guide.yml:" in report.items[0].message


def test_not_given_says_on_purpose_that_the_profile_has_no_such_fact(fixture_copy: Path) -> None:
    ask_for(fixture_copy, "front-door")
    (fixture_copy / "locality.yml").write_text("front_door: not-given\n", encoding="utf-8")
    assert not check(fixture_copy).items


def test_a_profile_fact_no_content_asks_for_is_reported_at_its_line(fixture_copy: Path, tmp_path: Path) -> None:
    path = profile(tmp_path, EXAMPLE + PARTNERSHIP + "nation: england\n" + FRONT_DOOR)
    report = check(fixture_copy, path)
    assert codes(report) == ["local-fact-unused"]
    unused = report.items[0]
    assert unused.severity is Severity.WARNING and unused.line == 6 and "'front_door'" in unused.message


def test_an_unknown_fact_id_in_content_is_an_error_with_a_suggestion(fixture_copy: Path) -> None:
    ask_for(fixture_copy, "front-dor")
    report = check(fixture_copy)
    assert codes(report) == ["unknown-local-fact"]
    error = report.items[0]
    assert error.path.endswith("guides/test-guide.yml") and error.line == 13
    assert "did you mean 'front-door'?" in error.hint


# -- the profile is validated like content ----------------------------------------------

@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        (PARTNERSHIP + "front_dor: not-given\n", "unknown-key", 4),
        (PARTNERSHIP + "front_door: not given\n", "invalid-choice", 4),
        (PARTNERSHIP + "front_door:\n  naem: Testshire MASH\n", "unknown-key", 5),
        (PARTNERSHIP + "nation: scotland\n", "invalid-choice", 4),
        (PARTNERSHIP + "escalation_policy:\n  title: Policy\n  url: http://www.testshire.gov.uk/x\n", "invalid-value", 6),
        (PARTNERSHIP + "escalation_policy:\n  title: Policy\n  url: javascript:alert(1)\n", "invalid-value", 6),
        (PARTNERSHIP + "front_door:\n  name: Testshire MASH\n", "invalid-value", 4),
        (PARTNERSHIP + "front_door:\n  name: MASH\n  phones:\n    - number: call us\n", "invalid-value", 7),
        (PARTNERSHIP + "front_door:\n  name: MASH\n  phones:\n    - number: 101\n", "wrong-type", 7),
        (FRONT_DOOR, "invalid-value", 1),
        (PARTNERSHIP + "site:\n  logo: ../../etc/logo.png\n", "invalid-value", 5),
        (PARTNERSHIP + "site:\n  logo: logo.gif\n", "invalid-value", 5),
        ("partnership: [a, b]\n", "wrong-type", 1),
        ("- a list\n", "wrong-type", 1),
        ("front_door: &a not-given\npolice: *a\n", "yaml-alias", 1),
    ],
    ids=["typo-key", "not-given-misspelt", "nested-typo", "bad-nation", "http-url", "javascript-url",
         "front-door-unreachable", "phone-not-a-number", "phone-unquoted-number", "facts-without-partnership",
         "logo-outside", "logo-type", "wrong-type", "top-level-list", "alias"],
)
def test_a_bad_profile_gets_a_located_error(fixture_copy: Path, tmp_path: Path, text: str, code: str,
                                            line: int) -> None:
    report = check(fixture_copy, profile(tmp_path, text))
    errors = [d for d in report.errors if d.path.endswith("profile.yml")]
    assert (code, line) in [(d.code, d.line) for d in errors], report.format()


def test_a_missing_profile_file_given_on_the_command_line_is_an_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--locality", str(tmp_path / "nowhere.yml")]) == 1
    assert "error[missing-file]" in capsys.readouterr().err


def test_an_example_must_not_hold_a_real_number_or_address(fixture_copy: Path, tmp_path: Path) -> None:
    ask_for(fixture_copy, "front-door")
    text = ("example: true\n" + PARTNERSHIP
            + "front_door:\n  name: MASH\n  phones:\n    - number: 0300 123 4567\n"
            "  referral_form: https://www.testshire.gov.uk/refer\n")
    report = check(fixture_copy, profile(tmp_path, text))
    assert sorted(codes(report)) == ["real-address-in-example", "real-number-in-example"]


def test_a_real_profile_must_not_hold_a_fictional_number_or_example_address(fixture_copy: Path,
                                                                          tmp_path: Path) -> None:
    """An example's fictional number copied onto a real site would leave someone ringing nobody."""
    ask_for(fixture_copy, "front-door")
    text = PARTNERSHIP + FRONT_DOOR + "  referral_form: https://www.example.org/refer\n"
    report = check(fixture_copy, profile(tmp_path, text))
    assert sorted(codes(report)) == ["example-address", "fictional-number"]


@pytest.mark.parametrize(("number", "fictional"), [
    ("01632 960 001", True), ("020 7946 0123", True), ("029 2018 0999", True), ("+44 1632 960001", True),
    ("01632 961 001", False), ("0300 123 4567", False), ("101", False), ("020 7946 1000", False),
])
def test_fictional_numbers_are_ofcoms_drama_ranges(number: str, fictional: bool) -> None:
    assert is_fictional_number(number) is fictional


@pytest.mark.parametrize(("svg", "ok"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>', True),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>', False),
    (b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>', False),
    (b"not an svg at all", False),
])
def test_a_logo_must_be_a_plain_image_that_cannot_run_script(fixture_copy: Path, tmp_path: Path, svg: bytes,
                                                             ok: bool) -> None:
    (tmp_path / "logo.svg").write_bytes(svg)
    report = check(fixture_copy, profile(tmp_path, PARTNERSHIP + "site:\n  logo: logo.svg\n"))
    assert codes(report) == ([] if ok else ["unsafe-logo"])


def test_a_png_logo_must_really_be_a_png(fixture_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"<svg onload=alert(1)>")
    report = check(fixture_copy, profile(tmp_path, PARTNERSHIP + "site:\n  logo: logo.png\n  title: T\n"))
    assert codes(report) == ["unsafe-logo"]


# -- what the site then says ------------------------------------------------------------

def test_the_site_title_logo_and_quick_exit_come_from_the_profile() -> None:
    site, _ = load_site(CONTENT, EXAMPLES[0])
    config = apply_to_config(site, {"site_name": "National", "extra": {"quick_exit_url": "https://www.bbc.co.uk/weather"},
                                    "theme": {"icon": {"logo": "material/compass-outline"}}})
    assert config["site_name"] == "Exampleshire (example): child sexual abuse response pathway"
    assert config["extra"]["quick_exit_url"] == "https://www.metoffice.gov.uk/"
    assert config["theme"]["logo"] == "assets/local/logo.svg" and "logo" not in config["theme"]["icon"]
    national, _ = load_site(CONTENT)
    assert apply_to_config(national, {"site_name": "National"}) == {"site_name": "National"}


def test_the_panel_sits_beside_the_guides_words_which_stay_exactly_as_they_are() -> None:
    national, _ = load_site(CONTENT)
    local, _ = load_site(CONTENT, EXAMPLES[0])
    before = Renderer(national).pages()["guides/making-a-referral.md"]
    after = Renderer(local).pages()["guides/making-a-referral.md"]
    words = ("Arrangements for making a referral to children's social care vary between\nlocal areas.")
    guide = local.guides["making-a-referral"]
    paragraph = guide.sections[4].blocks[0].text  # type: ignore[union-attr]
    assert paragraph.startswith(words.replace("\n", " ")) and paragraph in before and paragraph in after
    assert '!!! local "In Exampleshire"' in after and '!!! local "Local arrangements"' in before
    assert "[01632 960 001](tel:01632960001)" in after and "tel:" not in before


def test_profile_text_cannot_become_markup_in_the_guide(fixture_copy: Path, tmp_path: Path) -> None:
    ask_for(fixture_copy, "front-door")
    text = EXAMPLE + PARTNERSHIP + "front_door:\n  name: '[click](javascript:alert(1)) <b>'\n  phones:\n    - number: 01632 960 100\n"
    site, report = load_site(fixture_copy, profile(tmp_path, text))
    assert not report.errors, report.format()
    page = Renderer(site).pages()["guides/test-guide.md"]
    assert r"\[click\]\(javascript:alert\(1\)\) &lt;b\>" in page


def test_the_profiles_nation_selects_the_statutory_guidance_each_guide_names() -> None:
    def statutory(profile: Path | None) -> str:
        site, _ = load_site(CONTENT, profile)
        page = Renderer(site).pages()["guides/making-a-referral.md"]
        return page.split("## Statutory guidance", 1)[1].split("\n## ", 1)[0].split("<div", 1)[0]

    national, england, wales = statutory(None), statutory(EXAMPLES[0]), statutory(EXAMPLES[1])
    assert "Working together" in national and "Wales Safeguarding Procedures" in national
    assert "Working together" in england and "Wales Safeguarding Procedures" not in england
    assert "Wales Safeguarding Procedures" in wales and "Working together" not in wales


def _urgent_rule_asking_for(fixture_copy: Path, fact: str) -> None:
    path = fixture_copy / "checklists" / "referral-content.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("urgent: true, cite: {source: test-source, lines: \"3\"}}",
                                 f"urgent: true, cite: {{source: test-source, lines: \"3\"}}, local_facts: [{fact}]}}"),
                    encoding="utf-8")


def test_an_urgent_rule_carries_no_local_fact_but_the_one_its_advice_names(fixture_copy: Path) -> None:
    """The emergency advice ("contact the police straight away") is shown as the guide gives it; beside it
    may go only the contact the advice itself names (the police's child abuse unit), never another service."""
    _urgent_rule_asking_for(fixture_copy, "front-door")
    (fixture_copy / "locality.yml").write_text("front_door: not-given\n", encoding="utf-8")
    report = check(fixture_copy)
    assert codes(report) == ["local-fact-on-urgent"] and report.items[0].line == 10
    assert "police-child-abuse-unit" in report.items[0].message


def test_an_urgent_rule_may_show_the_police_line_its_advice_names(fixture_copy: Path) -> None:
    _urgent_rule_asking_for(fixture_copy, "police-child-abuse-unit")
    (fixture_copy / "locality.yml").write_text("police: not-given\n", encoding="utf-8")
    assert codes(check(fixture_copy)) == []


def test_serve_regenerates_with_the_profile_given_on_the_command_line(tmp_path: Path) -> None:
    from generator.serve import regenerate

    changed = regenerate(CONTENT, tmp_path / "work", "http://127.0.0.1:8000/", EXAMPLES[1])
    assert changed is not None and "assets/local/logo.svg" in changed
    page = (tmp_path / "work" / "docs" / "guides" / "making-a-referral.md").read_text(encoding="utf-8")
    assert '!!! local "In Sir Enghraifft"' in page
    config = (tmp_path / "work" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Sir Enghraifft (example)" in config


def test_the_pruned_walk_finds_every_local_fact_a_full_walk_finds() -> None:
    """``asks`` walks only fields that can hold local facts; a full walk of every value must agree."""
    from generator.locality import asks
    from generator.validate import walk

    site, _ = load_site(CONTENT)
    expected = []
    tables = {"guides": site.guides, "checklists": site.checklists}
    items = [(rel, tables[kind][item_id]) for (kind, item_id), rel in site.files.items() if kind in tables]
    items.append((Path(site.root.name) / "pathway.yml", site.pathway))
    for rel, item in items:
        expected += [(value, rel, loc) for loc, value in walk(item)
                     if len(loc) >= 2 and loc[-2] == "local_facts" and isinstance(value, str)]
    found = [(ask.fact, ask.rel, ask.loc) for ask in asks(site)]
    assert found == expected
    assert any("subsections" in loc for _, _, loc in found)  # sections inside sections are reached
    assert len(found) >= 30
