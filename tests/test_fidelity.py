"""Fidelity: every quotation, key question, outcome, checklist key phrase and text check's reason is in its source.

Text is compared after normalising what conversion legitimately changes:
whitespace and line breaks, curly quotes and dashes, Markdown emphasis and
list markers, "[sic]" marks, and the page furniture of the PDF extractions.
The search is confined to the lines the item cites (with a little slack for
page furniture), so a phrase cannot pass by matching somewhere else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from generator.load import load_site
from generator.models.common import Citation, line_ranges
from generator.walk import sections

CONTENT = Path(__file__).resolve().parent.parent / "pathway_data"
SLACK = 3

_ARTEFACT_LINE = re.compile(
    r"^\s*(\d{1,3}|n|LEARNING THE LESSONS.*|photo: Alamy.*|Making a referral to children's social care and/or reporting to the police|---)\s*$"
)


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"\s*\[sic\]", "", text)
    text = re.sub(r"(?m)^\s*(?:[-•]|\d+\.|\tn)\s+", " ", text)  # list markers
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])", "", text)
    text = re.sub(r"(?<!\w)_(?!\s)|(?<!\s)_(?!\w)", "", text)
    text = re.sub(r"<sup>\d+</sup>", "", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def source_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def source_window(site, cite: Citation) -> list[str]:  # type: ignore[no-untyped-def]
    source = site.sources[cite.source]
    assert source.file, f"{cite.source} has no provenance file"
    lines = source_lines((site.root / source.file).resolve())
    if not cite.lines:
        chosen = list(lines)
    else:
        chosen = []
        for cited in line_ranges(cite.lines):
            chosen.extend(lines[max(0, cited.first - 1 - SLACK) : cited.last + SLACK])
    kept = [line for line in chosen if not _ARTEFACT_LINE.match(line)]
    joined_hyphen_kept = "\n".join(kept)
    # Line-end hyphens: real in some sources ("non-\nrecent"), soft in others.
    variants = [joined_hyphen_kept, re.sub(r"-\n", "-", joined_hyphen_kept), re.sub(r"(\w)-\n(\w)", r"\1\2", joined_hyphen_kept)]
    return [normalise(v) for v in variants]


def _verbatim_items():  # type: ignore[no-untyped-def]
    site, report = load_site(CONTENT)
    items = []
    for guide in site.guides.values():
        for section in (at.section for at in sections(guide)):
            for block in section.blocks:
                if block.type == "quote":
                    items.append((f"{guide.id}: quote in {section.id}", block.text, block.cite or section.cite))
    for case in site.cases.values():
        for group in case.key_questions:
            for number, question in enumerate(group.questions, 1):
                items.append((f"{case.id}: {group.audience.value} question {number}", question, group.cite))
        for number, outcome in enumerate(case.outcomes, 1):
            items.append((f"{case.id}: outcome {number}", outcome, case.outcomes_cite or case.source))
        for number, action in enumerate(case.force_action, 1):
            items.append((f"{case.id}: force action {number}", action, case.force_action_cite or case.source))
    for checklist in site.checklists.values():
        for group in checklist.groups:
            for item in group.items:
                items.append((f"{checklist.id}: key phrase of {item.id}", item.key_phrase, item.cite))
        for entry in checklist.text_checks:
            items.append((f"{checklist.id}: reason of the text check {entry.check}", entry.reason, entry.cite))
    return site, items


SITE, ITEMS = _verbatim_items()


def test_there_is_content_to_check() -> None:
    assert len(ITEMS) > 100


@pytest.mark.parametrize(("label", "text", "cite"), ITEMS, ids=[i[0] for i in ITEMS])
def test_text_appears_word_for_word_in_its_cited_source(label: str, text: str, cite: Citation) -> None:
    wanted = normalise(text)
    # A multi-paragraph item may straddle page furniture; each paragraph must be verbatim.
    for paragraph in (p for p in re.split(r"\n\s*\n", text) if p.strip()):
        piece = normalise(paragraph)
        assert any(piece in window for window in source_window(SITE, cite)), (
            f"{label}: not found in {cite.source} lines {cite.lines}: {piece[:120]!r}"
        )
    assert wanted


@pytest.mark.parametrize(
    ("case_id", "police", "policy"),
    [
        ("iopc-39-case-1", 3, 3),
        ("iopc-39-case-2", 5, 3),
        ("iopc-39-case-3", 6, 8),
        ("iopc-39-case-4", 2, 4),
        ("iopc-39-case-5", 3, 2),
        ("iopc-39-case-6", 4, 4),
        ("iopc-39-case-7", 2, 4),
        ("iopc-39-case-8", 2, 4),
        ("iopc-39-case-9", 3, 8),
        ("iopc-39-case-10", 2, 2),
    ],
)
def test_each_case_has_its_key_questions_per_audience(case_id: str, police: int, policy: int) -> None:
    case = SITE.cases[case_id]
    counts = {g.audience.value: len(g.questions) for g in case.key_questions}
    assert counts == {"police-officers-staff": police, "policy-makers-managers": policy}


@pytest.mark.parametrize("case_id", ["iopc-39-case-3", "iopc-39-case-5", "iopc-39-case-6", "iopc-39-case-9"])
def test_cases_without_a_printed_force_action_have_none_invented(case_id: str) -> None:
    assert SITE.cases[case_id].force_action == []


def test_every_cited_source_has_its_provenance_text() -> None:
    for source in SITE.sources.values():
        if source.file:
            assert (SITE.root / source.file).is_file(), source.id
