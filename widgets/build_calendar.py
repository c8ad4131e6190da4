"""Generate ``widgets/data/bank_holidays.json`` from the ``holidays`` package.

Run at build time only (``python -m widgets.build_calendar``): the browser
never imports this module, because ``holidays`` is a third-party package and
the widget core must stay standard-library only.  The output is committed, so
the calendar a user sees is reviewable data, not a runtime dependency.

England and Wales share one bank-holiday calendar; the generator checks that
the library agrees before writing one list for both.  Substitute days
("(observed)") and one-off days (the 2022 jubilee and state funeral, the 2023
coronation) come from the library.  Holidays that fall on a weekend are kept:
they are harmless to the arithmetic and keep the list faithful to the source.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

FIRST_YEAR = 2020
LAST_YEAR = 2035
DEFAULT_PATH = Path(__file__).parent / "data" / "bank_holidays.json"

# Calendar name -> the ``holidays.UK`` subdivision codes it covers.
SUBDIVISIONS: dict[str, tuple[str, ...]] = {
    "england-and-wales": ("ENG", "WLS"),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
}


def build(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict[str, list[str]]:
    """Return ``{calendar: [ISO dates, sorted]}`` for the years given (inclusive)."""
    import holidays  # build-time only: see the module docstring

    years = range(first_year, last_year + 1)
    result: dict[str, list[str]] = {}
    for calendar, subdivs in SUBDIVISIONS.items():
        lists = [sorted(holidays.UK(subdiv=code, years=years)) for code in subdivs]
        if any(other != lists[0] for other in lists[1:]):
            raise RuntimeError(f"the holidays package disagrees between {subdivs} for {calendar}")
        dates: list[dt.date] = lists[0]
        missing = set(years) - {d.year for d in dates}
        if missing:
            raise RuntimeError(f"no bank holidays for {calendar} in {sorted(missing)}")
        result[calendar] = [d.isoformat() for d in dates]
    return result


def dumps(calendars: dict[str, list[str]]) -> str:
    """Serialise deterministically (sorted keys, one date per line, final newline)."""
    return json.dumps(calendars, indent=2, sort_keys=True) + "\n"


def write_calendar(path: str | Path = DEFAULT_PATH) -> Path:
    """Write the calendar JSON to ``path`` and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(build()), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m widgets.build_calendar [PATH]``."""
    args = sys.argv[1:] if argv is None else argv
    written = write_calendar(args[0] if args else DEFAULT_PATH)
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
