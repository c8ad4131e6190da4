"""Small inline fixtures for the widget core, validated against the real content models.

The widgets receive ``Model.model_dump(mode="json")`` plus an ``href`` on each
citation; building the fixtures through the pydantic models keeps their shape
honest (the widgets themselves never import pydantic).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.models.checklist import Checklist, TextCheck
from generator.models.pathway import Pathway

SRC = "csa-centre-making-a-referral"


def cite(lines: str) -> dict[str, Any]:
    return {"source": SRC, "section": "5a", "lines": lines}


# The referral guide's sections the text checks quote, and their anchors on the guide's page.
_5A = ("5a) Making a referral to children's social care or a MASH/Front Door", "referral-to-childrens-social-care")
_5B = ("5b) Calling 999 or 101", "calling-999-or-101")
_4P = ("4. Talking to the child and their parent(s) beforehand", "talking-to-the-child-and-parents")
_ANCHORS = dict((_5A, _5B, _4P))


def add_hrefs(obj: Any, href: str = "/guides/making-a-referral/#referral-to-childrens-social-care") -> Any:
    """What the exporter does: give every citation an href, and a text check's citation its guide section's ref."""
    if isinstance(obj, dict):
        if "source" in obj and "lines" in obj:
            obj["href"] = href
        for value in obj.values():
            add_hrefs(value, href)
        if "check" in obj and isinstance(obj.get("cite"), dict):
            anchor = _ANCHORS[obj["cite"]["section"]]
            obj["cite"].update(ref=f"guide:making-a-referral#{anchor}", href=f"/guides/making-a-referral/#{anchor}")
    elif isinstance(obj, list):
        for value in obj:
            add_hrefs(value, href)
    return obj


def text_check(check: str, reason: str, where: tuple[str, str], lines: str, **extra: Any) -> dict[str, Any]:
    return {"check": check, "reason": reason, "cite": {"source": SRC, "section": where[0], "lines": lines}, **extra}


_SPECIFIC = ("Be specific about your concerns, providing all the information you have about what has happened, "
             "where it has happened, when and how often it has happened, and who is suspected of harming the child.")
_RATIONALE = text_check("parents-reason", "Make these circumstances clear and record your evidence/rationale.", _4P, "87",
                        conditions=["parents-risk"])
# The guide's reasons for each text check, as content gives them (pathway_data/checklists/*.yml): for
# notes written for a referral, and for a 999/101 call.
WRITTEN_CHECKS = [
    text_check("sexual-abuse-term", "State that you are worried about child sexual abuse and use that term.", _5A, "123"),
    text_check("vague-label", "Provide details of what has been witnessed/reported. For example, rather than reporting "
               "'sexualised behaviour', describe how the child has been behaving.", _5A, "125"),
    text_check("dates-and-times", "Use straightforward language to document your concerns: What have you seen? What have "
               "you heard? What has the child said? Include examples, quotes, dates and times if possible.", _5A, "124"),
    text_check("jargon", "Use straightforward language to document your concerns", _5A, "124"),
    _RATIONALE,
]
CALL_CHECKS = [
    text_check("sexual-abuse-term", "Make clear that your concerns are about child sexual abuse, as this allows the "
               "call-handler to identify this as a 'child protection' call.", _5B, "174"),
    text_check("vague-label", _SPECIFIC, _5B, "181"),
    text_check("dates-and-times", _SPECIFIC, _5B, "181"),
    text_check("jargon", "Use plain language, avoiding child protection 'jargon', so that what you are reporting is not "
               "misunderstood by the call handler.", _5B, "173"),
    _RATIONALE,
]


def reasons(mode: str) -> list[dict[str, Any]]:
    """A mode's text checks as the exporter hands them over (the notes of "after" are written ones)."""
    chosen = CALL_CHECKS if mode == "call" else WRITTEN_CHECKS
    return [add_hrefs(TextCheck.model_validate(copy.deepcopy(entry)).model_dump(mode="json")) for entry in chosen]


REFERRAL = {
    "id": "referral-content",
    "title": "What your referral should say",
    "mode": "referral",
    "summary": "Work through **each point** the guide makes.",
    "audiences": ["teacher"],
    "source": cite("117-155"),
    "conditions": [
        {"id": "immediate-danger", "question": "Is the child in immediate danger?", "cite": cite("71")},
        {"id": "one-child-harming-another", "question": "Does the concern involve one child harming another?",
         "help": "Make a *separate* referral for each child.", "cite": cite("119")},
        {"id": "parents-risk", "question": "Could telling the parents put the child at risk?",
         "cite": cite("87")},
        {"id": "child-has-told-you", "question": "Has the child told you about the abuse?", "cite": cite("123")},
    ],
    "rules": [
        {"id": "use-their-words", "when": "child-has-told-you", "modality": "must",
         "text": "If the child has told you about the abuse, use their language in your referral.", "cite": cite("123")},
        {"id": "call-999", "when": "immediate-danger", "modality": "important", "urgent": True,
         "text": "If the child is in immediate danger, the police should also be contacted.", "cite": cite("71")},
        {"id": "always-refer", "modality": "should",
         "text": "A referral should be made even if you know that children's social care is already involved.",
         "cite": cite("77")},
        {"id": "separate-referrals", "when": "one-child-harming-another", "modality": "must",
         "text": "If your concerns relate to one child sexually harming another child, make a separate referral for each child.",
         "cite": cite("119")},
    ],
    "groups": [
        {"id": "concerns", "heading": "Your concerns", "items": [
            {"id": "what-your-concerns-are", "key_phrase": "what your concerns are", "modality": "must",
             "help": "State clearly **what your concerns are** and what has given rise to them.", "cite": cite("123"),
             "draft_heading": "What I am worried about"},
            {"id": "straightforward-language", "key_phrase": "straightforward language", "modality": "should",
             "help": "Use **straightforward language** to document your concerns.", "cite": cite("124")},
            {"id": "childs-words", "key_phrase": "use their language", "modality": "must", "when": "child-has-told-you",
             "help": "If the child has told you about the abuse, use their language in your referral.", "cite": cite("123")},
        ]},
        {"id": "situation", "heading": "The child's situation", "items": [
            {"id": "told-parents", "key_phrase": "whether you have told the child and/or their non-abusing parent(s)",
             "modality": "must", "help": "Explain whether you have told them.", "cite": cite("132")},
            {"id": "one-child-harming", "key_phrase": "one child harming another", "modality": "must",
             "when": "one-child-harming-another", "help": "Make this clear.", "cite": cite("137")},
            {"id": "trusted-adult", "key_phrase": "trusted adult", "modality": "may", "notes": False,
             "help": "Give details of any potential **trusted adult**.", "cite": cite("138")},
        ]},
    ],
    "text_checks": WRITTEN_CHECKS,
}

CALL = {
    "id": "call-999-101",
    "title": "Preparing a 999 or 101 call",
    "mode": "call",
    "summary": "What to say to the call handler.",
    "audiences": ["teacher"],
    "source": cite("169-190"),
    "conditions": [
        {"id": "one-child-harming-another", "question": "Does the concern involve one child harming another?", "cite": cite("183")},
    ],
    "rules": [],
    "groups": [
        {"id": "the-call", "heading": "On the call", "items": [
            {"id": "plain-language", "key_phrase": "plain language", "modality": "must",
             "help": "Use **plain language**, avoiding child protection 'jargon'.", "cite": cite("173")},
            {"id": "specific", "key_phrase": "specific", "modality": "must",
             "help": "Be **specific** about your concerns.", "cite": cite("181")},
            {"id": "hsb-explained", "key_phrase": "harmful sexual behaviour", "modality": "should",
             "when": "one-child-harming-another", "help": "Explain this to the call handler.", "cite": cite("183")},
        ]},
    ],
    "text_checks": CALL_CHECKS,
}


def _node(id: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
    node = {"id": id, "kind": kind, "stage": extra.pop("stage", "making-a-referral"), "title": title,
            "cite": [cite("159")]}
    node.update(extra)
    return node


PATHWAY = {
    "title": "The response pathway",
    "summary": "From a concern to what happens next.",
    "stages": [
        {"id": "recognising-concerns", "title": "Recognising concerns", "summary": "You are worried."},
        {"id": "making-a-referral", "title": "Making a referral", "summary": "Refer to *children's social care*."},
        {"id": "further-along", "title": "Further along", "summary": "Context only.", "context_only": True},
    ],
    "entry_points": [
        {"id": "worried", "label": "I'm worried about a child", "node": "talk-to-lead"},
        {"id": "made-referral", "label": "I've made a referral", "node": "await-confirmation"},
    ],
    "nodes": [
        _node("talk-to-lead", "action", "Talk to your safeguarding lead", stage="recognising-concerns",
              who="You", do_now=["Talk to your **safeguarding lead**."], next="immediate-danger",
              guide="guide:making-a-referral#deciding-what-action"),
        _node("immediate-danger", "question", "Is the child in immediate danger?", stage="recognising-concerns",
              options=[{"id": "yes", "label": "Yes", "next": "call-999"},
                       {"id": "no", "label": "No", "next": "significant-harm", "hint": "Not right now."}]),
        _node("call-999", "outcome", "Contact the police now", who="You or your safeguarding lead",
              do_now=["Call 999."], guide="guide:making-a-referral#deciding-what-action"),
        _node("significant-harm", "question", "Is the child suffering significant harm or likely to?",
              options=[{"id": "yes", "label": "Yes", "next": "make-referral"},
                       {"id": "not-sure", "label": "Not sure", "next": "make-referral"},
                       {"id": "no", "label": "No", "next": "threshold-not-met"}]),
        _node("make-referral", "action", "Make the referral", next="await-confirmation",
              text="In writing through the [front door](/guides/making-a-referral/#x) or by [phone](guide:making-a-referral)."),
        _node("await-confirmation", "timer", "Wait for confirmation", asks_referral_date=True,
              time_limit={"label": "within 24 hours (one working day)", "working_days": 1, "cite": cite("159")},
              next="heard-back"),
        _node("heard-back", "question", "Have you heard back?",
              options=[{"id": "yes", "label": "Yes", "next": "csc-decide"},
                       {"id": "no", "label": "No, after three working days", "next": "follow-up"}]),
        _node("csc-decide", "outcome", "Children's social care decide the next steps", stage="further-along",
              who="Children's social care", guide="planned:what-childrens-social-care-do"),
        _node("follow-up", "outcome", "Follow this up as a priority",
              time_limit={"label": "after three working days", "working_days": 3, "cite": cite("161")},
              do_now=["Follow up as a priority."], guide="guide:making-a-referral#what-happens-next-social-care"),
        _node("threshold-not-met", "planned", "When the threshold is not met",
              guide="planned:threshold-not-met"),
    ],
}


@pytest.fixture
def referral() -> dict[str, Any]:
    return add_hrefs(Checklist.model_validate(copy.deepcopy(REFERRAL)).model_dump(mode="json"))


@pytest.fixture
def call() -> dict[str, Any]:
    return add_hrefs(Checklist.model_validate(copy.deepcopy(CALL)).model_dump(mode="json"))


@pytest.fixture
def bundle(referral: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    return {"checklists": [referral, call]}


@pytest.fixture
def pathway() -> dict[str, Any]:
    return add_hrefs(Pathway.model_validate(copy.deepcopy(PATHWAY)).model_dump(mode="json"))


@pytest.fixture(scope="session")
def shared_pathway() -> dict[str, Any]:
    """For Hypothesis tests, which must not use function-scoped fixtures (do not mutate)."""
    return add_hrefs(Pathway.model_validate(copy.deepcopy(PATHWAY)).model_dump(mode="json"))
