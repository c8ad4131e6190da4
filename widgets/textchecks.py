"""Prompts on what the user wrote, each backed by the guide's own words.

These are reminders about how a referral is written, never a judgement of the
child's risk.  Each ``TextCheck`` says what was (or was not) found, quotes the
guide's reasoning word for word, and cites where the guide says it.

What a prompt *says* and *cites* is content: each checklist lists the checks
its notes get under ``text_checks`` (``pathway_data/checklists/<id>.yml``),
each with the guide's reason, its citation (the exporter adds the citation's
``ref`` and ``href``) and, for ``parents-reason``, the conditions whose "yes"
means the parents are not being told first.  A checklist that lists none
gets no prompts.  What stays here is *how* each check detects its case.

The detection is deliberately simple and explainable: fixed word lists and
regular expressions with no nested repetition (linear time on any input), so
any text a user types yields a list of prompts and never an error.  False
positives are acceptable because every check is phrased as a question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .checklist import checklist_for, evaluate
from .state import MODES, ChecklistState

# Every check this module can make, in the order its prompts are shown.  Content names them
# (``generator.models.checklist.TextCheck.check`` lists the same ids; a test keeps the two equal).
CHECKS: tuple[str, ...] = ("sexual-abuse-term", "vague-label", "dates-and-times", "jargon", "parents-reason")
# The citation keys a prompt carries, as the exporter gives them (a source title is left to the guide page).
_CITE_KEYS = ("source", "section", "lines", "ref", "href")

_I = re.IGNORECASE
_SEXUAL_ABUSE = re.compile(r"\bsexual(?:ly)?[\s-]+abus(?:e|ed|es|ing|ive)\b", _I)
_VAGUE = [
    re.compile(r"\bsexuali[sz]ed[\s-]+behaviou?rs?\b", _I),
    re.compile(r"\binappropriate(?:ly)?\b", _I),
    re.compile(r"\bnot[\s-]+appropriate\b", _I),
    re.compile(r"\b(?:concerning|worrying|odd|strange|unusual|problematic)[\s-]+behaviou?rs?\b", _I),
    re.compile(r"\bacting[\s-]+out\b", _I),
]
# Vague wording inside a description: "her uncle touched her inappropriately", "kissed him in a
# funny way".  Reported speech carries the words "told" and "said", so the description test below
# would excuse it; yet what was done is still not said.  These are flagged whatever else the note says.
_VAGUE_ACT = [
    re.compile(
        r"\b(?:touch|kiss|hug|grab|hold|held|stroke|rub|cuddl|tickl|talk|spoke|speak|act|behav|look|messag|text|"
        r"treat|play|show|photograph|film|do|did|done)[a-z]*(?:\s+[a-z']+){0,3}?\s+inappropriately\b",
        _I,
    ),
    re.compile(r"\bin\s+an?\s+(?:inappropriate|funny|weird|strange|bad|naughty|rude|sexual|special)\s+way\b", _I),
]
# Signs that the user described what happened rather than only labelling it.
_DESCRIPTION = re.compile(
    r"[\"\u201c\u201d]|\b(?:saw|seen|heard|hear|said|says|say|told|tells|noticed|observed|watched|witnessed|"
    r"described|describes|drew|drawn|wrote|written|asked|touched|kissed|exposed|"
    r"filmed|photographed|sent|messaged)\b",
    _I,
)
_MONTH_ANY = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DAYNUM = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
_DATE_OR_TIME = [
    re.compile(r"\b[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?\b"),
    re.compile(r"\b[0-9]{1,2}[.-][0-9]{1,2}[.-][0-9]{2,4}\b"),
    re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b"),
    re.compile(r"\b(?:19|20)[0-9]{2}\b"),
    re.compile(r"\b(?:january|february|april|june|july|august|september|october|november|december)\b", _I),
    re.compile(r"\b" + _DAYNUM + r"\s+(?:of\s+)?" + _MONTH_ANY + r"\b", _I),
    re.compile(r"\b" + _MONTH_ANY + r"\.?\s+" + _DAYNUM + r"\b", _I),
    re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", _I),
    re.compile(
        r"\b(?:yesterday|today|tonight|tomorrow|overnight|lunch\s*time|break\s*time|half[\s-]term|midday|noon|midnight)\b",
        _I,
    ),
    re.compile(r"\b(?:last|this|next)\s+(?:night|morning|afternoon|evening|week|weekend|month|term|year)\b", _I),
    re.compile(r"\b(?:at|over)\s+the\s+weekend\b|\b(?:days?|weeks?|months?|years?)\s+ago\b", _I),
    re.compile(r"\b(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]\b"),
    re.compile(r"\b(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])?\s*(?:am|pm|a\.m\.|p\.m\.)", _I),
    re.compile(r"\bo'?clock\b|\bo\u2019clock\b", _I),
]
# Child-protection abbreviations a non-specialist may not know (matched case-sensitively).
KNOWN_ACRONYMS = (
    "ABE", "CAIT", "CAMHS", "CCE", "CIN", "CiN", "CLA", "CP", "CPP", "CSA", "CSC", "CSE", "DA", "DDSL",
    "DSL", "DSO", "DV", "EDT", "EHA", "EHCP", "FGM", "HSB", "ICPC", "LAC", "LADO", "MARAC", "MARF", "MASH",
    "NFA", "NRM", "OIC", "PLO", "PNC", "PPU", "RCPC", "SARC", "SENCO", "SENCo", "SGO", "TAC", "TAF",
)
_SECTION_REF = re.compile(r"\b[sS]\.?\s?(?:47|17)\b|\bsection\s+(?:47|17)\b", _I)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]?[A-Z]{1,4}s?\b")
# Capitals that are everyday words, not jargon.
_COMMON_CAPS = frozenset(
    "AM PM OK TV UK GP NHS ID DOB PE IT ICT BBC USA ASAP FYI PS NB SMS PC IPAD TO IN ON AT OF OR IF IS "
    "AN AS BE BY DO GO HE ME MY NO SO UP US WE HI MR MRS MS DR YES THE AND BUT FOR NOT HER HIM HIS SHE "
    "WAS YOU".split()
)
# In call mode only: terms a call handler may not recognise.
_CALL_JARGON = re.compile(
    r"\b(?:strategy\s+(?:discussion|meeting)s?|thresholds?|level\s+of\s+need|disclos(?:ure|ures|ed|ing)|"
    r"child\s+protection\s+plans?|child\s+in\s+need|early\s+help|front\s+door|contextual\s+safeguarding|"
    r"designated\s+safeguarding\s+lead)\b",
    _I,
)
_PARENT_WORDS = r"(?:parents?|mum|mother|dad|father|carers?|family|step-?(?:mum|dad|parent))"
_DET = r"(?:the\s+|their\s+|his\s+|her\s+|its\s+)?"
_NOT_TOLD = [
    re.compile(r"(?:\bnot|n't|\bnever)\s+(?:yet\s+)?(?:been\s+)?(?:told|informed|spoken\s+to|contacted|notified|consulted)\s+"
               + _DET + _PARENT_WORDS + r"\b", _I),
    re.compile(r"\b" + _PARENT_WORDS + r"\s+(?:has|have|is|are|was|were)\s*(?:not|n't)\s+(?:yet\s+)?(?:been\s+)?"
               r"(?:told|informed|aware|contacted|notified|consulted)\b", _I),
    re.compile(r"\b" + _PARENT_WORDS + r"\s+(?:don't|do\s+not|doesn't|does\s+not|don\u2019t|doesn\u2019t)\s+know\b", _I),
    re.compile(r"\bwithout\s+(?:telling|informing|consulting|contacting|notifying)\s+" + _DET + _PARENT_WORDS + r"\b", _I),
    re.compile(r"\bno\s+(?:parental\s+)?consent\b|(?:\bnot|n't)\s+(?:sought|asked\s+for|obtained|got|given)\s+consent\b", _I),
]
_MENTIONS_PARENTS = re.compile(r"\b" + _PARENT_WORDS + r"\b|\bconsent\b", _I)
_REASON = re.compile(
    r"\b(?:because|reason|reasons|rationale|due\s+to|since|in\s+case|so\s+that|could|might|would|risk|risks|"
    r"suspect|suspected|suspects|fear|fears|feared|afraid|scared|threat|threats|threaten|threatened|silence|"
    r"silenced|unsafe|danger|dangerous|alleged|protect|advised|advice)\b",
    _I,
)


@dataclass(frozen=True)
class TextCheck:
    """One prompt: what was noticed, the guide's reasoning, and where it says so."""

    id: str
    message: str
    reasoning: str
    cite: dict[str, str]
    strength: str = "consider"  # "consider" or, in call mode for jargon, "important"
    items: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "id": self.id,
            "message": self.message,
            "reasoning": self.reasoning,
            "cite": dict(self.cite),
            "strength": self.strength,
            "items": list(self.items),
            "found": list(self.found),
        }


def reasons_for(data: Mapping[str, Any], mode: str | None = None) -> list[Mapping[str, Any]]:
    """The ``text_checks`` of ``data``'s checklist for ``mode`` (none when it lists none)."""
    found = checklist_for(data, mode).get("text_checks")
    if found is None:
        return []
    if not isinstance(found, list):
        raise ValueError("a checklist's text_checks must be a list")
    return found


def _guide_words(reasons: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, dict[str, str], frozenset[str]]]:
    """Check id -> (the guide's reason, its citation, conditions), from the data; ValueError when malformed."""
    words: dict[str, tuple[str, dict[str, str], frozenset[str]]] = {}
    for entry in reasons:
        if not isinstance(entry, Mapping):
            raise ValueError("a text check must be an object")
        check, reason, cite = entry.get("check"), entry.get("reason"), entry.get("cite")
        if check not in CHECKS:
            raise ValueError(f"unknown text check {check!r}; known: {', '.join(CHECKS)}")
        if not isinstance(reason, str) or not isinstance(cite, Mapping):
            raise ValueError(f"the text check {check!r} needs a reason and a cite")
        conditions = entry.get("conditions") or []
        if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
            raise ValueError(f"the text check {check!r} has conditions that are not a list of ids")
        kept = {key: str(cite[key]) for key in _CITE_KEYS if cite.get(key) is not None}
        words[str(check)] = (reason, kept, frozenset(conditions))
    return words


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def _acronyms(text: str) -> list[str]:
    """Abbreviations in ``text`` that are not explained in brackets next to them."""
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) > len(letters) / 2
    found: list[str] = []
    for m in _ACRONYM.finditer(text):
        token = m.group(0)
        bare = token[:-1] if token.endswith("s") and token[:-1] in KNOWN_ACRONYMS else token
        if bare not in KNOWN_ACRONYMS:
            if shouting or bare.upper() in _COMMON_CAPS or not bare.isupper() or len(bare) < 2:
                continue
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 3]
        if "(" in before or after.lstrip().startswith("("):
            continue  # "Multi-Agency Safeguarding Hub (MASH)" or "MASH (Multi-Agency...)"
        found.append(bare)
    found += [m.group(0) for m in _SECTION_REF.finditer(text)]
    return found


def text_checks(
    state: ChecklistState | Mapping[str, Any],
    mode: str | None = None,
    data: Mapping[str, Any] | None = None,
    reasons: Sequence[Mapping[str, Any]] | None = None,
) -> list[TextCheck]:
    """Prompts on the user's notes for ``mode`` ("referral", "call" or "after").

    With ``data`` (the checklist JSON), only notes of items currently visible
    are checked.  ``reasons`` are the checklist's ``text_checks`` (by default
    those of ``data``'s checklist for ``mode``): only the checks they list are
    made, each saying what its entry gives.  Nothing written, or no reasons,
    means no prompts.  Raises ``ValueError`` only for a malformed state or
    data, or an unknown mode.
    """
    if not isinstance(state, ChecklistState):
        state = ChecklistState.from_json(state)
    mode = state.mode if mode is None else mode
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    notes = {k: v for k, v in state.notes.items() if isinstance(v, str) and v.strip()}
    if data is not None:
        visible = set(evaluate(data, ChecklistState(mode, state.answers, state.checked, state.notes)).visible)
        notes = {k: v for k, v in notes.items() if k in visible}
    if reasons is None:
        reasons = reasons_for(data, mode) if data is not None else []
    words = _guide_words(reasons)
    if not notes or not words:
        return []
    order = sorted(notes)
    checks: list[TextCheck] = []

    def say(check_id: str, message: str, **extra: Any) -> None:
        if check_id in words:
            reasoning, cite, _conditions = words[check_id]
            checks.append(TextCheck(id=check_id, message=message, reasoning=reasoning, cite=dict(cite), **extra))

    if not any(_SEXUAL_ABUSE.search(notes[k]) for k in order):
        say("sexual-abuse-term", "Your notes do not use the words \u201csexual abuse\u201d.")

    vague_items: list[str] = []
    vague_found: list[str] = []
    vague_acts = False
    for k in order:
        acts = [m.group(0) for rx in _VAGUE_ACT for m in rx.finditer(notes[k])]
        labels = [m.group(0) for rx in _VAGUE for m in rx.finditer(notes[k])]
        if acts or (labels and not _DESCRIPTION.search(notes[k])):
            vague_items.append(k)
            vague_found += [" ".join(found.lower().split()) for found in (acts or labels)]
            vague_acts = vague_acts or bool(acts)
    if vague_items:
        say(
            "vague-label",
            "You described what happened with a general word, such as \u201cinappropriately\u201d. "
            "Could you say exactly what was done or said, in the child\u2019s words if they told you?"
            if vague_acts else
            "You used a general label without describing what was seen or heard. "
            "Could you describe what happened instead?",
            items=vague_items, found=_unique(vague_found),
        )

    if not any(rx.search(notes[k]) for k in order for rx in _DATE_OR_TIME):
        say("dates-and-times", "Your notes do not include any dates or times.")

    jargon_items: list[str] = []
    jargon_found: list[str] = []
    for k in order:
        terms = _acronyms(notes[k])
        if mode == "call":
            terms += [m.group(0).lower() for m in _CALL_JARGON.finditer(notes[k])]
        if terms:
            jargon_items.append(k)
            jargon_found += terms
    if jargon_items:
        message = (
            "The call handler is not a child protection specialist. Say these in plain words: "
            if mode == "call"
            else "Spell out or explain these abbreviations: "
        )
        found = _unique(jargon_found)
        say(
            "jargon", message + ", ".join(found) + ".",
            strength="important" if mode == "call" else "consider", items=jargon_items, found=found,
        )

    wanted = words["parents-reason"][2] if "parents-reason" in words else frozenset()
    by_condition = [c for c in sorted(wanted) if state.answers.get(c) == "yes"]
    not_told = [k for k in order if any(rx.search(notes[k]) for rx in _NOT_TOLD)]
    if by_condition or not_told:
        reasoned = any(_MENTIONS_PARENTS.search(notes[k]) and _REASON.search(notes[k]) for k in order)
        if not reasoned:
            say(
                "parents-reason",
                "The parents are not being told first, but your notes do not say why.",
                items=not_told, found=by_condition,
            )
    return checks
