"""Rendering: complete no-JavaScript markup, accessible structure, and escaping of hostile text."""

from __future__ import annotations

import copy
import datetime as dt
import json
from html.parser import HTMLParser

from widgets.checklist import ChecklistState
from widgets.markdown import inline_html, markdown_html, markdown_text, safe_href
from widgets.render import (
    render_checklist,
    render_summary,
    render_text_checks,
    render_urgent,
    render_walker,
    render_walker_step,
)
from widgets.textchecks import text_checks
from widgets.walker import walk
from widgets.walker_html import walker_pages

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
VOID = {"input", "img", "br", "hr", "meta", "link"}


class Tree(HTMLParser):
    """Collects tags and attributes, and checks nesting is balanced."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()
        assert self.stack == [], self.stack

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def assert_accessible_controls(tree: Tree) -> None:
    ids = [a["id"] for _, a in tree.tags if a.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    labelled = {a.get("for") for a in tree.all("label")}
    for control in tree.all("input") + tree.all("textarea"):
        assert control["id"] in labelled, control


def assert_safe(tree: Tree) -> None:
    for tag, attrs in tree.tags:
        assert tag not in {"script", "img", "iframe", "style"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert not (value or "").lower().startswith(("javascript:", "data:")), value


def test_no_js_checklist_is_complete(bundle: dict) -> None:
    html = render_checklist(bundle)
    tree = Tree(html)
    root = tree.tags[0]
    assert root[0] == "div" and root[1]["data-widget"] == "referral-checklist"
    # every item of every mode is present and visible, with a real checkbox
    items = [a for a in tree.all("div") if "data-item" in a]
    assert [a["data-item"] for a in items] == [
        "what-your-concerns-are", "straightforward-language", "childs-words", "told-parents", "one-child-harming",
        "trusted-adult", "plain-language", "specific", "hsb-explained"]
    assert not any("hidden" in a for a in items)
    assert not any("hidden" in a for a in tree.all("section") if "data-mode-panel" in a)
    assert len([a for a in tree.all("input") if a.get("type") == "checkbox" and "data-item" in a]) == 9
    # the one other checkbox is the opt-in to keep answers, hidden and disabled until the script runs
    keep = [a for a in tree.all("input") if a.get("type") == "checkbox" and "data-item" not in a]
    assert [(a["data-action"], "disabled" in a) for a in keep] == [("keep", True)]
    # conditional items are labelled with their condition
    assert "Only if you answered: Has the child told you about the abuse? Yes" in " ".join("".join(tree.text).split())
    # notes boxes for items that offer them (trusted-adult does not)
    assert [a["data-notes"] for a in tree.all("textarea")] == [
        "what-your-concerns-are", "straightforward-language", "childs-words", "told-parents", "one-child-harming",
        "plain-language", "specific", "hsb-explained"]
    assert len(tree.all("details")) >= 9
    assert len(tree.all("fieldset")) >= 5 and len(tree.all("legend")) == len(tree.all("fieldset"))
    assert any(a.get("aria-live") == "polite" and a.get("data-output") == "summary" for a in tree.all("div"))
    assert tree.all("pre")[0]["data-output"] == "draft"
    buttons = {a["data-action"]: a for a in tree.all("button")}
    assert set(buttons) == {"copy", "print", "clear"}
    assert all("disabled" in b and "data-needs-js" in b for b in buttons.values())
    assert any(a.get("href") == "/guides/making-a-referral/#referral-to-childrens-social-care" for a in tree.all("a"))
    assert_accessible_controls(tree)
    assert_safe(tree)
    assert "not a risk assessment" in html


def test_the_urgent_rule_interrupts_right_under_its_question(referral: dict) -> None:
    html = render_checklist(referral)
    tree = Tree(html)
    rules = [a["data-rule"] for a in tree.all("li") if "pw-rule" in (a.get("class") or "")]
    urgent = [r["id"] for r in referral["rules"] if r.get("urgent")]
    assert urgent == ["call-999"] and "call-999" not in rules
    assert sorted(rules + urgent) == sorted(r["id"] for r in referral["rules"])
    # Built without a state: the box under the question says what "Yes" means, before any other question.
    question = html.index('data-condition="immediate-danger"')
    box = html.index('data-interrupt="immediate-danger"')
    assert question < box < html.index('data-rule="call-999"') < html.index('data-condition="one-child-harming-another"')
    assert "If the answer is yes:" in html
    # With a state, only a "Yes" shows it; Python fills the same slot in the browser.
    assert 'data-rule="call-999"' not in render_checklist(referral, ChecklistState())
    assert 'data-rule="call-999"' in render_checklist(referral, ChecklistState(answers={"immediate-danger": "yes"}))


def test_checklist_with_state(bundle: dict) -> None:
    state = ChecklistState(mode="call", answers={"one-child-harming-another": "yes"}, checked={"specific"},
                           notes={"plain-language": "She said it happened on Monday"})
    html = render_checklist(bundle, state)
    tree = Tree(html)
    panels = {a["data-mode-panel"]: "hidden" in a for a in tree.all("section") if "data-mode-panel" in a}
    assert panels == {"referral": True, "call": False}
    checked = [a["value"] for a in tree.all("input") if a.get("type") == "checkbox" and "checked" in a]
    assert checked == ["specific"]
    assert any(a.get("value") == "call" and "checked" in a for a in tree.all("input") if a.get("name") == "rc-mode")
    assert "She said it happened on Monday" in html
    assert render_checklist(bundle, state) == html  # deterministic


def test_hidden_items_with_state(referral: dict) -> None:
    tree = Tree(render_checklist(referral, ChecklistState(answers={"child-has-told-you": "no"})))
    hidden = [a["data-item"] for a in tree.all("div") if "data-item" in a and "hidden" in a]
    assert hidden == ["childs-words", "one-child-harming"]


def test_summary_and_checks(referral: dict) -> None:
    state = ChecklistState(answers={"immediate-danger": "yes"}, notes={"told-parents": "inappropriate"})
    summary = render_summary(referral, state)
    assert "If the child is in immediate danger" in render_urgent(referral, state)
    assert "If the child is in immediate danger" not in summary  # the urgent rule interrupts; it is not a reminder
    assert "2 of 2 still open" in summary
    checks = render_text_checks(text_checks(state, "referral", referral))
    Tree(checks)
    assert 'data-check="vague-label"' in checks and "sexualised behaviour" in checks
    assert render_text_checks([]) == '<p class="pw-no-checks">No prompts about your notes.</p>'


def _poison(obj: object) -> object:
    """Replace every string value (not keys or ids) with hostile text plus the original."""
    if isinstance(obj, dict):
        return {k: (v if k in {"id", "when", "next", "node", "stage", "mode", "modality", "kind", "check"} else _poison(v))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_poison(v) for v in obj]
    if isinstance(obj, str):
        return HOSTILE + obj
    return obj


def test_hostile_checklist_strings_are_escaped(referral: dict) -> None:
    data = _poison(copy.deepcopy(referral))
    data["groups"][0]["items"][0]["help"] = "[click](javascript:alert(1)) [x](JavaScript:alert) [y](data:text/html,x)"
    state = ChecklistState(notes={"what-your-concerns-are": HOSTILE + "</textarea><script>x</script>"})
    html = render_checklist(data, state)  # type: ignore[arg-type]
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert_safe(Tree(html))
    assert "&lt;script&gt;" in html
    assert 'class="pw-reasoning"' in html  # the prompts' reasons and citations, hostile too, are escaped


def test_hostile_pathway_strings_are_escaped(pathway: dict) -> None:
    data = _poison(copy.deepcopy(pathway))
    html = render_walker(data)  # type: ignore[arg-type]
    assert "<script" not in html.lower()
    assert_safe(Tree(html))
    for answers in ([], [("heard-back", "no")]):
        step = render_walker_step(data, walk(data, "made-referral", answers, dt.date(2025, 5, 2)))  # type: ignore[arg-type]
        assert "<script" not in step.lower()
        assert_safe(Tree(step))


def test_every_step_has_a_page_that_walks_on_by_links(pathway: dict) -> None:
    """Without JavaScript each step's own page shows it and links to the next pages (noscript links)."""
    pages = walker_pages(pathway)
    assert {"talk-to-lead", "immediate-danger", "call-999", "await-confirmation", "heard-back"} <= set(pages)
    start = Tree(render_walker(pathway))
    assert start.tags[0][1]["data-widget"] == "pathway-walker" and start.tags[0][1]["data-page"] == ""
    assert assert_safe(start) is None
    for page in pages:
        html = render_walker(pathway, page=page)
        tree = Tree(html)
        assert_safe(tree)
        assert tree.tags[0][1]["data-page"] == page
        targets = [a["href"] for a in tree.all("a") if a.get("data-action") in ("go", "continue")]
        for href in targets:  # every way on is the page of a step that exists
            assert href.startswith("/tools/what-happens-next/")
            assert href.split("/")[3] in pages
    question = render_walker(pathway, page="immediate-danger")
    assert "<noscript>" in question and 'href="/tools/what-happens-next/call-999/' in question


def test_walker_step_question(pathway: dict) -> None:
    result = walk(pathway, "worried", [("immediate-danger", "no")])
    html = render_walker_step(pathway, result, selected="not-sure")
    tree = Tree(html)
    assert_accessible_controls(tree)
    heading = [a for t, a in tree.tags if t == "h1" and "data-focus" in a]
    assert len(heading) == 1
    radios = [a for a in tree.all("input") if a.get("type") == "radio"]
    assert [r["value"] for r in radios] == ["yes", "not-sure", "no"]
    assert [r["value"] for r in radios if "checked" in r] == ["not-sure"]
    assert len([b for b in tree.all("button") if b.get("type") == "submit"]) == 1  # one submit button per page
    back = next(a for a in tree.all("a") if a.get("data-action") == "back")
    assert back["href"] == "/tools/what-happens-next/immediate-danger/#e=worried&k=immediate-danger.no"
    change = [a for a in tree.all("a") if a.get("data-action") == "change"]
    assert [a["href"] for a in change] == ["/tools/what-happens-next/#k=pw-start.worried,immediate-danger.no",
                                           "/tools/what-happens-next/immediate-danger/#e=worried&k=immediate-danger.no"]
    assert any(a.get("data-action") == "restart" for a in tree.all("a"))
    assert "Is the child suffering significant harm or likely to?" in html
    assert html.index("Is the child suffering") < html.index('type="radio"') < html.index("Where this comes from")


def test_walker_step_start_and_steps(pathway: dict) -> None:
    start = render_walker_step(pathway, walk(pathway, None))
    tree = Tree(start)
    assert [a["value"] for a in tree.all("input")] == ["worried", "made-referral"]
    assert not any(a.get("data-action") == "back" for a in tree.all("a"))
    first = render_walker_step(pathway, walk(pathway, "worried"))
    assert 'data-node="talk-to-lead"' in first and 'data-status="step"' in first
    assert next(a for a in Tree(first).all("a") if a.get("data-action") == "continue")["href"] == (
        "/tools/what-happens-next/immediate-danger/#e=worried")
    assert next(a for a in Tree(first).all("a") if a.get("data-action") == "back")["href"] == (
        "/tools/what-happens-next/#k=pw-start.worried")


def test_walker_step_outcome_with_deadlines(pathway: dict) -> None:
    result = walk(pathway, "made-referral", [("heard-back", "no")], dt.date(2025, 5, 2))
    html = render_walker_step(pathway, result)
    Tree(html)
    assert "Tuesday 6 May 2025" in html and "Thursday 8 May 2025" in html
    assert "bank holidays for England and Wales" in html and "Local procedures may set other timescales" in html
    assert "Friday 2 May 2025" in html  # the date given, in "Your answers", with a Change link
    planned = render_walker_step(pathway, walk(pathway, "worried", [("immediate-danger", "no"), ("significant-harm", "no")]))
    assert "not yet available" in planned
    date_page = Tree(render_walker_step(pathway, walk(pathway, "made-referral")))
    inputs = [a for a in date_page.all("input") if a.get("id", "").startswith("pw-referral-date-")]
    assert [a["id"] for a in inputs] == ["pw-referral-date-day", "pw-referral-date-month", "pw-referral-date-year"]
    assert all(a["inputmode"] == "numeric" and a["type"] == "text" for a in inputs)
    error = render_walker_step(pathway, walk(pathway, "made-referral"), error={"message": "Enter the date you made the referral",
                                                                               "field": "pw-referral-date-day"})
    assert 'role="alert"' in error and 'href="#pw-referral-date-day"' in error


def test_markdown_subset() -> None:
    assert inline_html("**a** *b* _c_ [d](/x/#y)") == '<strong>a</strong> <em>b</em> <em>c</em> <a href="/x/#y">d</a>'
    assert inline_html("[guide](guide:making-a-referral)") == "guide"
    assert inline_html("[x](//evil.example)") == "x"
    assert inline_html("snake_case_name stays") == "snake_case_name stays"
    assert inline_html("a < b & c") == "a &lt; b &amp; c"
    assert inline_html("note[^1]") == "note"
    assert markdown_html("One\n\n- a\n- b\n\n1. x\n2. y") == "<p>One</p><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>"
    assert markdown_html("single", compact=True) == "single"
    assert markdown_text("**Bold** and [link](https://x.example)\n\n- a") == "Bold and link\n\n- a"
    assert safe_href("mailto:a@b.example") == "mailto:a@b.example"
    assert safe_href("relative/page/") == "relative/page/"
    assert safe_href("vbscript:x") is None and safe_href("java\tscript:x") is None


def test_rendering_is_deterministic(bundle: dict, pathway: dict) -> None:
    assert render_checklist(bundle) == render_checklist(json.loads(json.dumps(bundle)))
    assert render_walker(pathway) == render_walker(json.loads(json.dumps(pathway)))
