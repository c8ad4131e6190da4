"""Fuzzing the loader: no input, however broken, may produce a traceback.

``generator.yaml_source.parse`` may only ever raise :class:`YamlProblem`;
``load_site`` and ``validate_site`` never raise at all (every problem becomes
a diagnostic in the report).  Three kinds of input: random bytes, random
"YAML-ish" text built from the tokens YAML and Markdown give meaning to, and
structured mutations of the valid fixture (a value swapped for something
hostile), which get past the parser and exercise the models and the
cross-file checks.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Report
from generator.load import load_site
from generator.validate import validate_site
from generator.yaml_source import YamlProblem, parse

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
CONTENT_FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yml"))

# PATHWAY_FUZZ_EXAMPLES raises the count for a longer campaign (e.g. nightly).
FUZZ = settings(
    max_examples=int(os.environ.get("PATHWAY_FUZZ_EXAMPLES", "200")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TOKENS = [
    # YAML structure
    "\n", "\n  ", "\n    ", "  ", " ", "\t", "- ", ": ", ":", "? ", "---\n", "...\n", "[", "]", "{", "}", ", ",
    "#", "|\n", ">-\n", "'", '"', "\\", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "!tag ", "!!set ",
    "!!bool ", "!!int ", "!!float ", "!!timestamp ", "!!null ", "!!str ", "!!map ", "!!seq ", "! ", "!<x> ", "=",
    "%YAML 1.1\n", "<<: ", "\r\n", "\ufeff", "\x00", "\x07", "\x85", "\u2028", "\u202e", "\u200b", "\udfff",
    # values YAML converts
    "2024-13-45", "2099-01-01", "1e999", "0x1F", "0o17", "1_000", "1:20:30", ".inf", ".nan", "~", "null", "yes",
    "9" * 5000, "-" * 3,
    # the content model's words
    "id", "title", "summary", "sections", "blocks", "type", "paragraph", "text", "cite", "source", "lines",
    "nodes", "next", "options", "kind", "question", "outcome", "terms", "sources", "test-source", "test-guide",
    "review", "next_review", "footnotes", "guide:test-guide#what-to-say", "planned:later-guide",
    # hostile Markdown
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "&#106;", "{: onclick=x }", "{#id}",
    "[x](javascript:alert(1))", "[x](java\nscript:1)", "[^1]", "[^", "](", "[AG1]", "TODO", "data:", "file:",
]

yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map("".join)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates make invalid UTF-8 too


def _parse_only_yaml_problems(raw: bytes) -> None:
    try:
        parse(Path("fuzz.yml"), raw)
    except YamlProblem as problem:
        assert problem.code and problem.message
        assert problem.line >= 1 and problem.col >= 1


@FUZZ
@given(st.binary(max_size=4096))
def test_parse_random_bytes(raw: bytes) -> None:
    _parse_only_yaml_problems(raw)


@FUZZ
@given(yamlish)
def test_parse_yamlish_text(text: str) -> None:
    _parse_only_yaml_problems(_encode(text))


def _load_and_validate(overrides: dict[str, bytes]) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(FIXTURE, root)
        for rel, content in overrides.items():
            (root / rel).write_bytes(content)
        site, report = load_site(root)
        assert isinstance(report, Report)
        report.extend(validate_site(site))
        for item in report.items:
            assert item.line >= 1 and item.col >= 1
            assert item.path.startswith("data")
        report.format()
        return report


@FUZZ
@given(st.sampled_from(CONTENT_FILES), st.one_of(st.binary(max_size=2048), yamlish.map(_encode)))
def test_load_site_random_file(rel: str, content: bytes) -> None:
    _load_and_validate({rel: content})


# ---------------------------------------------------------------- structured mutations of valid content

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the project's own loader uses libyaml too


def _fixture_data(rel: str) -> Any:
    return yaml.load((FIXTURE / rel).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, prefix + (index,))
    return found


hostile_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.dates(),
        st.text(max_size=30), st.sampled_from(TOKENS),
        st.sampled_from(["", "x" * 600, "test-guide", "guide:nowhere", "javascript:alert(1)", "1-99", "99-1"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(["id", "type", "text", "x"]), children, max_size=4)
    ),
    max_leaves=8,
)


@FUZZ
@given(st.data())
def test_load_site_mutated_fixture(data: st.DataObject) -> None:
    rel = data.draw(st.sampled_from(CONTENT_FILES))
    document = _fixture_data(rel)
    path = data.draw(st.sampled_from(_paths(document)))
    replacement = data.draw(hostile_values)
    if path:
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]  # a missing field
        else:
            parent[path[-1]] = replacement
    else:
        document = replacement
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    _load_and_validate({rel: _encode(text)})
