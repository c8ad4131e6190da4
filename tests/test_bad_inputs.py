"""The bad-input corpus: every broken or hostile content folder gives its located error.

Each folder under ``tests/bad_inputs/`` is an overlay on ``tests/fixtures/minimal``:
files at the same relative paths replace (or add to) the fixture's, and a file
named ``DELETE`` lists fixture paths to remove, one a line.  ``expected.txt``
holds the diagnostic lines ``pathway check`` must print (the content folder is
always copied to ``<tmp>/data``, so paths start with ``data/``); a line
starting with ``    hint:`` must directly follow the diagnostic above it.  An
``expected.txt`` holding just ``OK`` marks input that must be *accepted*
(a BOM, CRLF line endings, HTML in a plain-text field, which is escaped on
output).  A folder whose name ends in ``-strict`` is checked with ``--strict``.
An ``expected.txt`` whose last line is the summary (``1 error(s), 0 warning(s)``)
pins the *whole* output, line for line, notes included: the one-error-per-cause
cases use it, so a cascade of derived errors cannot creep back in.

Resource-limit cases (a 50 MB file, 10,000-level nesting, >200,000 values,
pathological Markdown) are generated here rather than committed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import yaml_source
from generator.cli import main

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "bad_inputs"
FIXTURE = TESTS / "fixtures" / "minimal"
CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir())
CONTROL_FILES = {"expected.txt", "DELETE", "BUILD"}
# Accepted hostile input that must also *build*: its markup escaped on output, which the build's own
# post-build audit (generator/audit.py) proves on every page.
BUILD_CASES = [case for case in CASES if (case / "BUILD").is_file()]

SUMMARY = re.compile(r"\d+ error\(s\), \d+ warning\(s\)")

# Generous: every case takes well under a second; this only catches a hang.
TIME_LIMIT = 30.0


# ---------------------------------------------------------------- helpers

@contextlib.contextmanager
def deadline(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block takes longer than ``seconds``."""
    started = time.monotonic()
    if hasattr(signal, "setitimer"):
        def expire(signum: int, frame: object) -> None:
            raise TimeoutError(f"still running after {seconds} s: a hang")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    else:  # pragma: no cover - no SIGALRM on Windows: measure afterwards instead
        yield
    assert time.monotonic() - started < seconds


def copy_fixture(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    return data


def overlay_files(case: Path) -> list[Path]:
    return sorted(
        path for path in case.rglob("*")
        if path.is_file() and not (path.parent == case and path.name in CONTROL_FILES)
    )


def deleted_paths(case: Path) -> list[str]:
    delete = case / "DELETE"
    if not delete.exists():
        return []
    return [line.strip() for line in delete.read_text(encoding="utf-8").splitlines() if line.strip()]


def apply_overlay(case: Path, data: Path) -> None:
    for source in overlay_files(case):
        target = data / source.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for rel in deleted_paths(case):
        (data / rel).unlink()


def make_case(tmp_path: Path, case: Path) -> Path:
    data = copy_fixture(tmp_path)
    apply_overlay(case, data)
    return data


def expected_lines(case: Path) -> list[str]:
    text = (case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def run_check(capsys: pytest.CaptureFixture[str], data: Path, strict: bool = False) -> tuple[int, str]:
    capsys.readouterr()
    argv = ["check", "--data", str(data)] + (["--strict"] if strict else [])
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def assert_lines_present(expected: list[str], stderr: str) -> None:
    lines = stderr.splitlines()
    for index, line in enumerate(expected):
        if line.startswith("    hint:"):
            previous = expected[index - 1]
            followers = {lines[i + 1] for i, seen in enumerate(lines[:-1]) if seen == previous}
            assert line in followers, f"hint not printed under {previous!r}: {line!r}\n--- stderr ---\n{stderr}"
        else:
            assert line in lines, f"missing diagnostic: {line!r}\n--- stderr ---\n{stderr}"


# ---------------------------------------------------------------- the corpus itself

def test_fixture_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The base every case overlays must itself be valid, or the corpus proves nothing."""
    code, err = run_check(capsys, copy_fixture(tmp_path))
    assert code == 0, err
    assert err.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 60
    names = [case.name for case in CASES]
    assert len({name.split("-", 1)[0] for name in names}) == len(names), "case numbers must be unique"
    for case in CASES:
        assert (case / "expected.txt").is_file(), f"{case.name} has no expected.txt"
        assert expected_lines(case), f"{case.name}: expected.txt is empty"
        changes = overlay_files(case)
        assert changes or deleted_paths(case), f"{case.name} changes nothing"
        for source in changes:
            original = FIXTURE / source.relative_to(case)
            assert not original.exists() or original.read_bytes() != source.read_bytes(), (
                f"{case.name}: {source.relative_to(case)} is identical to the fixture"
            )
        for rel in deleted_paths(case):
            assert (FIXTURE / rel).is_file(), f"{case.name}: DELETE names {rel}, which the fixture lacks"
        for line in expected_lines(case):
            assert line == "OK" or line.startswith(("data/", "    hint: ", "    note: ")) or (
                SUMMARY.fullmatch(line) and line == expected_lines(case)[-1]), f"{case.name}: odd line {line!r}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_case(tmp_path, case)
    strict = case.name.endswith("-strict")
    expected = expected_lines(case)
    with deadline():
        code, err = run_check(capsys, data, strict)

    if expected == ["OK"]:
        assert code == 0, err
        assert err.strip().splitlines()[-1] == "0 error(s), 0 warning(s)", err
        return
    if SUMMARY.fullmatch(expected[-1]):  # the whole output is pinned
        assert err.splitlines() == expected, err
        assert code == (0 if expected[-1].startswith("0 error(s)") and not strict else 1), err
        return
    diagnostics = [line for line in expected if not line.startswith("    hint:")]
    fails = strict or any(" error[" in line for line in diagnostics)
    assert code == (1 if fails else 0), err
    assert_lines_present(expected, err)
    errors = int(err.strip().splitlines()[-1].split()[0])
    if fails:
        assert errors >= 1
    if strict:
        # --strict counts the warnings as errors in the summary.
        assert errors >= len(diagnostics)


@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.name for case in BUILD_CASES])
def test_accepted_hostile_input_builds_and_passes_the_audit(case: Path, tmp_path: Path) -> None:
    from generator.audit import audit_site
    from generator.build import build

    assert expected_lines(case) == ["OK"], f"{case.name}: only accepted input is built"
    data = make_case(tmp_path, case)
    result = build(data, tmp_path / "site", work=tmp_path / "work")  # raises BuildFailed on any audit finding
    assert result.pages > 5
    assert audit_site(tmp_path / "site").items == []  # and again without the site's own origin: nothing absolute


# ---------------------------------------------------------------- generated resource-limit cases

def _check_one(tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, content: bytes) -> str:
    data = copy_fixture(tmp_path)
    (data / rel).write_bytes(content)
    with deadline():
        code, err = run_check(capsys, data)
    assert code == 1
    return err


def test_fifty_megabyte_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = b"title: " + b"a" * (50 * 1024 * 1024 - 8) + b"\n"
    err = _check_one(tmp_path, capsys, "guides/test-guide.yml", content)
    assert (
        f"data/guides/test-guide.yml:1:1: error[file-too-large]: the file is {len(content):,} bytes; "
        f"the limit is {yaml_source.MAX_BYTES:,}"
    ) in err.splitlines()


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("flow-sequences", b"[" * 10_000, "1:65"),
        ("flow-mappings", b"{a: " * 10_000, "1:257"),
        ("block-sequences", b"- " * 10_000 + b"x\n", "1:129"),
        ("block-mappings-1000", "".join(" " * i + "a:\n" for i in range(1_000)).encode(), "65:65"),
        ("flow-sequences-in-a-block", b"terms:\n  - " + b"[" * 10_000, "2:67"),
        ("flow-sequences-after-a-line-break", b"terms: [\n" + b"[" * 10_000, "2:63"),
    ],
)
def test_deep_nesting(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
                      where: str) -> None:
    err = _check_one(tmp_path, capsys, "glossary.yml", content)
    assert (
        f"data/glossary.yml:{where}: error[too-deep]: the document is nested more than "
        f"{yaml_source.MAX_DEPTH} levels deep"
    ) in err.splitlines()


def test_a_parser_that_stops_at_its_own_depth_limit_still_gives_too_deep_where_our_limit_is(tmp_path: Path) -> None:
    """libyaml 0.2.6 (PyYAML 6.0.4) refuses flow nesting past 1,000 levels before it emits an event;
    whatever a parser's limit, the author is told where the 65th level opens, as with any other."""
    text = "terms:\n  - " + "[" * 2_000
    refused = yaml.MarkedYAMLError(
        context="while increasing flow level", problem="exceeded maximum nesting depth",
        problem_mark=yaml.Mark("glossary.yml", 1_011, 1, 1_004, None, None),
    )
    problem = yaml_source._too_deep_before(text, refused, tmp_path / "glossary.yml")
    assert (problem.code, problem.line, problem.col) == ("too-deep", 2, 67)
    assert problem.message == f"the document is nested more than {yaml_source.MAX_DEPTH} levels deep"


def test_ten_thousand_level_block_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """10,000 nested block mappings need ~50 MB of indentation: refused by size in a check,
    and by depth when the size limit is lifted (the depth guard alone must hold too)."""
    content = "".join(" " * i + f"k{i}:\n" for i in range(10_000)).encode()
    err = _check_one(tmp_path, capsys, "glossary.yml", content)
    assert f"data/glossary.yml:1:1: error[file-too-large]: the file is {len(content):,} bytes; " \
           f"the limit is {yaml_source.MAX_BYTES:,}" in err.splitlines()

    monkeypatch.setattr(yaml_source, "MAX_BYTES", len(content) + 1)
    with deadline(), pytest.raises(yaml_source.YamlProblem) as problem:
        yaml_source.parse(tmp_path / "deep.yml", content)
    assert (problem.value.code, problem.value.line, problem.value.col) == ("too-deep", 65, 65)


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("block-list", b"terms:\n" + b"- 1\n" * 200_001, "199999:3"),
        ("flow-list", b"terms: [" + b"1," * 250_000 + b"1]\n", "1:400003"),
        ("mapping-keys", b"".join(b"k%d: 1\n" % i for i in range(150_000)), "100000:9"),
    ],
)
def test_too_many_values(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
                         where: str) -> None:
    err = _check_one(tmp_path, capsys, "glossary.yml", content)
    assert (
        f"data/glossary.yml:{where}: error[too-many-values]: the file has more than "
        f"{yaml_source.MAX_NODES:,} values"
    ) in err.splitlines()


@pytest.mark.parametrize(
    "unit",
    ["<a", "< / a", "{:", "{a-a ", "{a-", "[", "[a", "](", "&a", "[AB", "commented [", "javascript "],
)
def test_pathological_markdown_is_checked_in_linear_time(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        unit: str) -> None:
    """Megabytes of text built to make a backtracking pattern rescan the rest from
    every position: the safe-text rules must stay linear (a hang is a denial of service)."""
    lines = "".join("  " + unit * 40 + "\n" for _ in range(3_000_000 // (len(unit) * 40)))
    data = copy_fixture(tmp_path)
    guide = data / "guides" / "test-guide.yml"
    text = guide.read_text(encoding="utf-8")
    old = "summary: A guide used by the tests. See [the later guide](planned:later-guide).\n"
    guide.write_text(text.replace(old, "summary: |\n" + lines), encoding="utf-8")
    with deadline():
        run_check(capsys, data)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_source_file_that_never_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``file: /dev/zero`` in sources.yml must not make the line-count check read forever."""
    data = copy_fixture(tmp_path)
    sources = data / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("file: source.txt", "file: /dev/zero"),
                       encoding="utf-8")
    with deadline():
        code, err = run_check(capsys, data)
    assert code == 0, err


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs a POSIX system")
def test_content_file_that_is_not_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pipe would block the loader for ever and a device never ends: each is refused unread."""
    data = copy_fixture(tmp_path)
    os.mkfifo(data / "guides" / "pipe.yml")
    (data / "cases" / "zero.yml").symlink_to("/dev/zero")
    (data / "learning" / "folder.yml").mkdir()
    with deadline():
        code, err = run_check(capsys, data)
    assert code == 1
    for rel in ("guides/pipe.yml", "cases/zero.yml", "learning/folder.yml"):
        assert f"data/{rel}:1:1: error[unreadable]: this is not a regular file" in err.splitlines()


# ---------------------------------------------------------------- the real console script and the build

def _case(name_part: str) -> Path:
    (case,) = [c for c in CASES if name_part in c.name]
    return case


def _console_script() -> Path | None:
    candidate = Path(sys.executable).parent / ("pathway.exe" if os.name == "nt" else "pathway")
    if candidate.exists():
        return candidate
    found = shutil.which("pathway")
    return Path(found) if found else None


@pytest.mark.parametrize("name_part", ["yaml-alias-bomb", "invalid-utf8", "link-javascript-with-newline"])
def test_console_script_prints_no_traceback(tmp_path: Path, name_part: str) -> None:
    script = _console_script()
    if script is None:
        pytest.skip("the pathway console script is not installed (pip install -e .)")
    case = _case(name_part)
    data = make_case(tmp_path, case)
    result = subprocess.run(
        [str(script), "check", "--data", str(data)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert_lines_present(expected_lines(case), result.stderr)


@pytest.mark.parametrize("name_part", ["html-script", "yaml-alias-bomb", "pathway-cycle"])
def test_failed_build_leaves_previous_site_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     name_part: str) -> None:
    try:
        import generator.build  # noqa: F401  (the build needs the renderer and its dependencies)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.xfail(f"pathway build cannot be imported here: {exc}")
    data = make_case(tmp_path, _case(name_part))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the previous good site</p>", encoding="utf-8")
    (site / "MARKER").write_text("untouched", encoding="utf-8")
    before = {p.relative_to(site): (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*")}

    capsys.readouterr()
    code = main(["build", "--data", str(data), "--out", str(site)])
    captured = capsys.readouterr()

    assert code == 1
    assert "Traceback" not in captured.err + captured.out
    assert "the previous site was left as it was" in captured.err
    after = {p.relative_to(site): (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*")}
    assert after == before
    # No half-written staging folder is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]
