"""Write the shared test vectors for the checklist, the text checks, the walker and the browser entry points.

Run ``.venv/bin/python tests/widgets/make_vectors.py`` after an intended change
to the widget core, and review the diff of ``tests/widgets/vectors/*.json``
like any snapshot: every expected value in them was computed by CPython from
the inputs next to it.  ``test_widgets_vectors.py`` proves CPython still
computes exactly these values, and ``tests/pyodide`` proves real Pyodide does.

The inputs use the small inline fixtures of ``tests/widgets/conftest.py``
(validated through the real content models), so each file is self-contained:
Pyodide needs nothing but the file and the widgets zip.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VECTORS = HERE / "vectors"


def load_module(name: str, path: Path) -> ModuleType:
    """Import a test helper by path (tests/widgets is not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def driver() -> ModuleType:
    return load_module("vector_driver", ROOT / "tests" / "pyodide" / "vector_driver.py")


def fixtures() -> dict[str, Any]:
    """The conftest's checklists and pathway, as the exporter hands them over (without change notes)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from generator.models.checklist import Checklist
    from generator.models.pathway import Pathway

    conf = load_module("widget_fixtures", HERE / "conftest.py")
    referral = conf.add_hrefs(Checklist.model_validate(copy.deepcopy(conf.REFERRAL)).model_dump(mode="json", exclude={"changes"}))
    call = conf.add_hrefs(Checklist.model_validate(copy.deepcopy(conf.CALL)).model_dump(mode="json", exclude={"changes"}))
    pathway = conf.add_hrefs(Pathway.model_validate(copy.deepcopy(conf.PATHWAY)).model_dump(mode="json"))
    return {"referral": referral, "call": call, "pathway": pathway}


def text_check_reasons() -> dict[str, Any]:
    """Each mode's text checks (the guide's reasons and citations), as a checklist's data carries them."""
    conf = load_module("widget_fixtures", HERE / "conftest.py")
    return {mode: conf.reasons(mode) for mode in ("referral", "call", "after")}


def st(mode: str = "referral", answers: dict[str, str] | None = None, checked: list[str] | None = None,
       notes: dict[str, str] | None = None) -> dict[str, Any]:
    return {"mode": mode, "answers": answers or {}, "checked": checked or [], "notes": notes or {}}


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)> & \u202eevil\u202c'

CHECKLIST_CASES: list[dict[str, Any]] = [
    {"name": "nothing done yet (the whole page too)", "state": st(), "page": True},
    {"name": "immediate danger, the child has told you, vague notes without dates",
     "state": st(answers={"immediate-danger": "yes", "child-has-told-you": "yes", "parents-risk": "no"},
                 checked=["what-your-concerns-are"],
                 notes={"what-your-concerns-are": "Sexualised behaviour in class, inappropriate.",
                        "childs-words": "She said \u201che hurts me\u201d"})},
    {"name": "parents not told and no reason; one child harming another",
     "state": st(answers={"parents-risk": "yes", "one-child-harming-another": "yes"},
                 notes={"told-parents": "We have not told the parents.",
                        "one-child-harming": "A boy in year 9 touched a girl in year 7 on 3 March 2025 at lunch time."})},
    {"name": "parents not told, with the reason",
     "state": st(answers={"parents-risk": "yes"},
                 notes={"told-parents": "Not told the parents because the stepfather is suspected of sexual abuse."})},
    {"name": "a complete referral: every must ticked, clear notes",
     "state": st(answers={"immediate-danger": "no", "one-child-harming-another": "no", "parents-risk": "no",
                          "child-has-told-you": "no"},
                 checked=["what-your-concerns-are", "straightforward-language", "told-parents", "trusted-adult"],
                 notes={"what-your-concerns-are": "I am worried about child sexual abuse. On Monday 3 March at 10:15 "
                                                  "I saw bruising and heard him say he was scared to go home.",
                        "told-parents": "I told his mother on 4/3/2025."})},
    {"name": "call mode with jargon the call handler may not know (the whole page too)", "page": True,
     "state": st("call", answers={"immediate-danger": "yes", "one-child-harming-another": "yes"},
                 checked=["plain-language"],
                 notes={"specific": "DSL says CSE concern, s47 strategy discussion yesterday. Disclosure to LADO.",
                        "hsb-explained": "HSB by an older sibling"})},
    {"name": "hostile and unusual text is escaped and kept", "page": True,
     "state": st(answers={"child-has-told-you": "yes"},
                 notes={"what-your-concerns-are": HOSTILE + "\r\nline two\u00a0\u2014 \U0001F600",
                        "childs-words": "   "})},
]

TEXTCHECK_CASES: list[dict[str, Any]] = [
    {"name": "nothing written: no prompts", "mode": "referral", "state": st()},
    {"name": "whitespace only: no prompts", "mode": "referral", "state": st(notes={"a": " \n\t "})},
    {"name": "missing term and dates", "mode": "referral", "state": st(notes={"a": "He was upset."})},
    {"name": "the term and a date: no prompts", "mode": "referral",
     "state": st(notes={"a": "I am worried about sexual abuse; on 3rd March she told me."})},
    {"name": "vague label with a description is fine", "mode": "referral",
     "state": st(notes={"a": "Inappropriate touching: I saw him touch her on Tuesday. Sexually abused."})},
    {"name": "vague wording inside reported speech (a described euphemism)", "mode": "referral",
     "state": st(notes={"a": "On 3 March she told me that her uncle touched her inappropriately. Sexual abuse."})},
    {"name": "vague wording inside reported speech, call mode", "mode": "call",
     "state": st("call", notes={"a": "Yesterday he said his stepdad plays with him in a funny way. Sexual abuse."})},
    {"name": "a description of what was done is not vague", "mode": "referral",
     "state": st(notes={"a": "On 3 March she told me that her uncle touched her vagina. Sexual abuse."})},
    {"name": "vague labels alone", "mode": "call",
     "state": st("call", notes={"a": "Concerning behaviours and acting out.", "b": "sexualized behavior"})},
    {"name": "explained acronym is fine, unexplained is not", "mode": "referral",
     "state": st(notes={"a": "Referred to the Multi-Agency Safeguarding Hub (MASH). CAMHS involved 2024.",
                        "b": "section 47 enquiry"})},
    {"name": "shouting is not jargon", "mode": "referral", "state": st(notes={"a": "HE SAID IT HURT TODAY"})},
    {"name": "call jargon is important in call mode", "mode": "call",
     "state": st("call", notes={"a": "Early help and child in need; threshold met; front door. Today 9am."})},
    {"name": "parents condition without a note of why", "mode": "after",
     "state": st("after", answers={"parents-risk": "yes"}, notes={"a": "Spoke to the school nurse on 2/5/25."})},
    {"name": "unicode quotes and o\u2019clock", "mode": "referral",
     "state": st(notes={"a": "At 3 o\u2019clock she said \u201cdon\u2019t tell mum\u201d. Sexual abuse."})},
    {"name": "long text stays linear", "mode": "referral",
     "state": st(notes={"a": ("inappropriate " * 1500) + ("A" * 3000) + " (" * 500})},
]

WALKER_CASES: list[dict[str, Any]] = [
    {"name": "the start page", "entry": None},
    {"name": "worried: the first question, after the steps on the way", "entry": "worried"},
    {"name": "immediate danger: contact the police", "entry": "worried", "answers": [["immediate-danger", "yes"]]},
    {"name": "Back keeps the answer selected", "entry": "worried", "answers": [["immediate-danger", "no"]],
     "selected": "not-sure"},
    {"name": "a referral on Friday 22 August 2025 before the bank holiday, no reply",
     "entry": "worried", "answers": [["immediate-danger", "no"], ["significant-harm", "yes"], ["heard-back", "no"]],
     "date": "2025-08-22", "time": "15:30"},
    {"name": "made a referral on a Saturday", "entry": "made-referral", "date": "2025-03-08"},
    {"name": "made a referral on Christmas Eve, heard back",
     "entry": "made-referral", "answers": [["heard-back", "yes"]], "date": "2025-12-24"},
    {"name": "a date beyond the calendar", "entry": "made-referral", "date": "2040-01-02"},
    {"name": "planned outcome", "entry": "worried", "answers": [["immediate-danger", "no"], ["significant-harm", "no"]]},
    {"name": "unknown entry point", "entry": "nowhere"},
    {"name": "an answer for the wrong question", "entry": "worried", "answers": [["significant-harm", "yes"]]},
    {"name": "an option the question does not have", "entry": "worried", "answers": [["immediate-danger", "maybe"]]},
    {"name": "answers after the outcome", "entry": "worried",
     "answers": [["immediate-danger", "yes"], ["heard-back", "no"]]},
]

FRAGMENT_CASES: list[dict[str, Any]] = [
    {"name": "empty", "fragment": ""},
    {"name": "just the hash", "fragment": "#"},
    {"name": "entry and answers", "fragment": "#e=worried&a=immediate-danger.no,significant-harm.not-sure"},
    {"name": "with date and time", "fragment": "e=made-referral&d=2025-08-22&t=15:30"},
    {"name": "keys in another order", "fragment": "d=2025-08-22&e=made-referral"},
    {"name": "percent escapes are refused", "fragment": "e=worried%20x"},
    {"name": "free text is refused", "fragment": "e=worried&n=Jane Smith"},
    {"name": "a key twice", "fragment": "e=worried&e=made-referral"},
    {"name": "an impossible date", "fragment": "e=worried&d=2025-02-30"},
    {"name": "a time without a date", "fragment": "e=worried&t=10:00"},
    {"name": "answers without an entry", "fragment": "a=immediate-danger.yes"},
    {"name": "an upper-case id", "fragment": "e=Worried"},
    {"name": "script in the fragment", "fragment": "e=<script>"},
    {"name": "far too long", "fragment": "e=" + "a" * 5000},
]


def browser_cases() -> list[dict[str, Any]]:
    """A session as the worker runs it: load, view, answer, dates, and every kind of bad request."""
    cl = ["referral", "call"]
    return [
        {"name": "a request before anything is loaded", "reset": True, "request": {"op": "checklist_view", "state": st()}},
        {"name": "a data file that is not JSON", "request": {"op": "load_checklist", "checklists": ["{not json"]}},
        {"name": "unknown operation", "request": {"op": "drop_tables"}},
        {"name": "a base that is not a path", "request": {"op": "load_checklist", "checklist_files": cl,
                                                          "base": "https://elsewhere.example/"}},
        {"name": "load both checklists, served below /sub/", "request": {"op": "load_checklist", "checklist_files": cl,
                                                                         "base": "/sub/"}},
        {"name": "the first view", "request": {"op": "checklist_view", "state": st()}},
        {"name": "immediate danger in referral mode",
         "request": {"op": "checklist_view", "state": st(answers={"immediate-danger": "yes"},
                                                         notes={"what-your-concerns-are": "Inappropriate."})}},
        {"name": "switching to call mode keeps the shared answer",
         "request": {"op": "checklist_view", "state": st("call", answers={"immediate-danger": "yes"})}},
        {"name": "a stored state that does not fit is refused",
         "request": {"op": "checklist_view", "state": {"mode": "referral", "checked": "everything"}}},
        {"name": "a mode the page does not offer",
         "request": {"op": "checklist_view", "state": st("after")}},
        {"name": "load the pathway", "request": {"op": "load_walker", "pathway_file": "pathway"}},
        {"name": "the start", "request": {"op": "walker_view", "fragment": ""}},
        {"name": "continue without choosing", "request": {"op": "walker_answer", "fragment": "", "node": "pw-start"}},
        {"name": "choose where you are", "request": {"op": "walker_answer", "fragment": "", "node": "pw-start",
                                                     "option": "worried"}},
        {"name": "answer the question on screen",
         "request": {"op": "walker_answer", "fragment": "e=worried", "node": "immediate-danger", "option": "no"}},
        {"name": "answer a question that is not on screen",
         "request": {"op": "walker_answer", "fragment": "e=worried", "node": "heard-back", "option": "no"}},
        {"name": "an option the question does not have",
         "request": {"op": "walker_answer", "fragment": "e=worried", "node": "immediate-danger", "option": "maybe"}},
        {"name": "the referral date: Friday 22 August 2025, 15:30",
         "request": {"op": "walker_date", "fragment": "e=worried&a=immediate-danger.no,significant-harm.yes",
                     "date": "2025-08-22", "time": "15:30"}},
        {"name": "an impossible date",
         "request": {"op": "walker_date", "fragment": "e=made-referral", "date": "2025-02-30", "time": ""}},
        {"name": "a date the calendar does not cover",
         "request": {"op": "walker_date", "fragment": "e=made-referral", "date": "2019-12-31", "time": ""}},
        {"name": "a time without a date", "request": {"op": "walker_date", "fragment": "e=made-referral", "date": "",
                                                      "time": "10:00"}},
        {"name": "clearing the date",
         "request": {"op": "walker_date", "fragment": "e=made-referral&d=2025-08-22", "date": "", "time": ""}},
        {"name": "a deep link to a step of the no-script list",
         "request": {"op": "walker_view", "fragment": "#step-follow-up"}},
        {"name": "a link to a stage", "request": {"op": "walker_view", "fragment": "#stage-making-a-referral"}},
        {"name": "a stale link starts again politely",
         "request": {"op": "walker_view", "fragment": "#e=worried&a=no-such.question"}},
        {"name": "Change an earlier answer, keeping it selected",
         "request": {"op": "walker_view", "fragment": "e=worried", "selected": "no"}},
    ]


def write(name: str, kind: str, vectors: dict[str, Any]) -> Path:
    run = driver()
    for case, expected in zip(vectors["cases"], run.compute(kind, vectors), strict=True):
        case["expected"] = expected
    path = VECTORS / f"{name}.json"
    path.write_text(json.dumps({"kind": kind, **vectors}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main() -> None:
    data = fixtures()
    bundle = {"checklists": [data["referral"], data["call"]]}
    written = [
        write("checklist", "checklist", {"data": bundle, "cases": copy.deepcopy(CHECKLIST_CASES)}),
        write("textchecks", "textchecks", {"reasons": text_check_reasons(), "cases": copy.deepcopy(TEXTCHECK_CASES)}),
        write("walker", "walker", {"data": data["pathway"], "cases": copy.deepcopy(WALKER_CASES)}),
        write("fragments", "fragments", {"cases": copy.deepcopy(FRAGMENT_CASES)}),
        write("walker_whole", "walker_whole", {"data": data["pathway"], "cases": [{"name": "every path and the page"}]}),
        write("browser", "browser", {"files": data, "cases": browser_cases()}),
    ]
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
