"""One error per cause: what depends on a failed item is counted under its error, not reported again.

The author's case from issue 20: an unclosed ``[`` on line 3 of a copy of the real
``guides/making-a-referral.yml`` used to print 62 errors (the syntax error and 61
"no guide has the id" from every file linking to the guide).  It must print one, whose
note says how many references it leaves unchecked; ``--verbose`` lists them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import Report

PROJECT = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"        data/[\w/.-]+\.yml:\d+:\d+: guide:making-a-referral(#[a-z0-9-]+)?")


def _broken_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "pathway_data", data)
    guide = data / "guides" / "making-a-referral.yml"
    lines = guide.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[2].startswith("title: ")
    lines[2] = lines[2].replace("title: ", "title: [", 1)
    guide.write_text("".join(lines), encoding="utf-8")
    return data


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", "--no-cache", *argv])
    return code, capsys.readouterr().err.splitlines()


def test_an_unclosed_bracket_in_the_referral_guide_is_one_error(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _check(capsys, "--data", str(_broken_copy(tmp_path)))
    assert code == 1
    assert lines == [
        "data/guides/making-a-referral.yml:4:8: error[yaml-syntax]: YAML syntax error: did not find expected ',' "
        "or ']' (while parsing a flow sequence that starts at line 3, column 8)",
        "    hint: check indentation and quoting; text containing ': ' or starting with a symbol needs quotes",
        "    note: 61 references to it are not checked until it is fixed (pathway check --verbose lists them)",
        "1 error(s), 0 warning(s)",
    ]


def test_verbose_lists_every_reference_held_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _check(capsys, "--verbose", "--data", str(_broken_copy(tmp_path)))
    assert code == 1
    assert lines[2] == "    note: 61 references to it are not checked until it is fixed:"
    listed = lines[3:-1]
    assert len(listed) == 61 and all(LOCATED.fullmatch(line) for line in listed), listed
    assert len({line.split(": ", 1)[0] for line in listed}) > 10  # from many files, each located
    def place(line: str) -> tuple[str, int, int]:
        path, row, col = line.strip().split(": ", 1)[0].split(":")
        return path, int(row), int(col)

    assert listed == sorted(listed, key=place)  # in file, then line order
    assert lines[-1] == "1 error(s), 0 warning(s)"


def test_once_the_guide_loads_a_genuinely_broken_reference_is_an_error_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Held back, not hidden: fixing the root brings back each real problem it was hiding."""
    data = _broken_copy(tmp_path)
    shutil.copyfile(PROJECT / "pathway_data" / "guides" / "making-a-referral.yml",
                    data / "guides" / "making-a-referral.yml")
    case = data / "cases" / "iopc-39-case-9.yml"
    text = case.read_text(encoding="utf-8")
    assert "guide:making-a-referral" in text
    case.write_text(text.replace("guide:making-a-referral", "guide:making-a-referral#no-such-section", 1),
                    encoding="utf-8")
    code, lines = _check(capsys, "--data", str(data))
    assert code == 1
    assert any("error[unknown-reference]" in line and "has no section 'no-such-section'" in line for line in lines)
    # The case's content changed with no change note: a warning of its own (generator.changes).
    assert any("warning[change-note-missing]" in line for line in lines)
    assert lines[-1] == "1 error(s), 1 warning(s)"


def test_a_held_back_check_whose_root_is_missing_still_shows() -> None:
    """Nothing is silently dropped: an orphaned held-back check goes under the first error of all."""
    report = Report()
    report.add("data/a.yml", 2, 3, "yaml-syntax", "broken")
    report.defer("data/elsewhere.yml", "data/b.yml", 4, 5, "reference", "guide:x")
    assert report.format().splitlines()[-1] == (
        "    note: 1 reference to it is not checked until it is fixed (pathway check --verbose lists them)")
