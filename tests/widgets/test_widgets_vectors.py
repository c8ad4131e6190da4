"""CPython still computes exactly what the shared vectors say (the same files run in Pyodide).

Each file in ``vectors/`` holds inputs and the outputs CPython computed for
them when they were written (``make_vectors.py``).  A change to the widget
core that alters any output fails here first, with the case named; if the
change is intended, regenerate and review the JSON diff like a snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from make_vectors import FRAGMENT_CASES, VECTORS, driver  # type: ignore[import-not-found]

FILES = sorted(p for p in VECTORS.glob("*.json") if p.name != "workdays.json")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cpython_computes_the_vectors(path: Path) -> None:
    vectors = load(path)
    actual = driver().compute(vectors["kind"], vectors)
    for case, got in zip(vectors["cases"], actual, strict=True):
        assert got == case["expected"], (
            f"{path.name}: {case.get('name')!r} changed; if intended, run "
            "`.venv/bin/python tests/widgets/make_vectors.py` and review the diff"
        )


def test_the_vectors_cover_what_the_browser_relies_on() -> None:
    """Not a tautology check: the files must exercise the cases the widgets' promises rest on."""
    walker = {c["name"]: c["expected"] for c in load(VECTORS / "walker.json")["cases"]}
    friday = walker["a referral on Friday 22 August 2025 before the bank holiday, no reply"]["result"]
    assert friday["deadlines"]["confirmation_by"] == "2025-08-26"  # Monday 25 August 2025 is a bank holiday
    assert friday["deadlines"]["follow_up_on"] == "2025-08-28"
    assert friday["outcome"]["due"]["date"] == "2025-08-28"
    assert walker["a date beyond the calendar"]["result"]["deadline_error"]
    assert "error" in walker["an answer for the wrong question"]

    fragments = {c["name"]: c["expected"] for c in load(VECTORS / "fragments.json")["cases"]}
    refused = [c["name"] for c in FRAGMENT_CASES if "error" in fragments[c["name"]]]
    assert "free text is refused" in refused and "percent escapes are refused" in refused

    checks = {c["name"]: c["expected"] for c in load(VECTORS / "checklist.json")["cases"]}
    call = checks["call mode with jargon the call handler may not know (the whole page too)"]
    jargon = next(c for c in call["text_checks"] if c["id"] == "jargon")
    assert jargon["strength"] == "important" and "CSE" in jargon["found"]
    hostile = checks["hostile and unusual text is escaped and kept"]
    assert "<script>" in hostile["draft"] and "<script>" not in hostile["page_html"]

    browser = {c["name"]: c["expected"] for c in load(VECTORS / "browser.json")["cases"]}
    assert browser["unknown operation"] == {"ok": False, "error": "unknown request 'drop_tables'"}
    view = browser["immediate danger in referral mode"]["result"]
    assert 'href="/sub/guides/' in view["urgent_html"]  # served below /sub/: links rebased
    assert 'href="/guides/' not in view["urgent_html"] + view["summary_html"] + view["checks_html"]
