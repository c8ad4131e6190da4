"""Citation line ranges are read in one place (generator.models.common.line_ranges) by the check and the exporter."""

from __future__ import annotations

import sys

from generator.models.common import LineRange, line_ranges


def test_ranges_as_written() -> None:
    assert line_ranges("34, 70-71") == [LineRange("34", 34, 34), LineRange("70-71", 70, 71)]
    assert line_ranges("113-119") == [LineRange("113-119", 113, 119)]


def test_no_lines_no_ranges() -> None:
    assert line_ranges(None) == [] and line_ranges("") == []


def test_a_number_too_long_to_convert_is_beyond_any_file() -> None:
    huge = "9" * 5000
    assert line_ranges(f"3-{huge}") == [LineRange(f"3-{huge}", 3, sys.maxsize)]
