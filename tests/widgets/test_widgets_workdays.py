"""Working days against the real calendar, from the shared vectors (also run in Pyodide)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from widgets import build_calendar, workdays
from widgets.workdays import add_working_days, is_working_day, referral_deadlines

VECTORS = json.loads((Path(__file__).parent / "vectors" / "workdays.json").read_text(encoding="utf-8"))
D = dt.date.fromisoformat


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['start']}+{v['days']}-{v.get('calendar', 'ew')}")
def test_vectors(vector: dict) -> None:
    calendar = vector.get("calendar", "england-and-wales")
    assert add_working_days(D(vector["start"]), vector["days"], calendar) == D(vector["expected"])


def test_vectors_cover_the_brief() -> None:
    notes = " ".join(v.get("note", "") for v in VECTORS).lower()
    for topic in ("christmas", "new year", "substitute", "easter 2025", "easter 2026", "early may", "spring bank",
                  "jubilee", "coronation", "saturday", "friday before"):
        assert topic in notes, topic


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-05-05", False),  # early May bank holiday
        ("2025-05-06", True),
        ("2025-05-03", False),  # Saturday
        ("2025-05-04", False),  # Sunday
        ("2021-12-27", False),  # Christmas substitute
        ("2021-12-28", False),  # Boxing Day substitute
        ("2022-01-03", False),  # New Year substitute
        ("2022-06-03", False),  # platinum jubilee
        ("2023-05-08", False),  # coronation
        ("2022-09-19", False),  # state funeral
        ("2026-04-03", False),  # Good Friday 2026
        ("2026-04-06", False),  # Easter Monday 2026
        ("2025-01-02", True),
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


def test_scotland_and_northern_ireland_differ() -> None:
    assert not is_working_day(D("2025-01-02"), "scotland")
    assert is_working_day(D("2025-04-21"), "scotland")
    assert not is_working_day(D("2025-07-14"), "northern-ireland")  # Battle of the Boyne (observed)


def test_referral_deadlines_friday_before_bank_holiday() -> None:
    result = referral_deadlines(D("2025-05-02"), referral_time="16:45")
    assert result.counted_from == D("2025-05-02")
    assert result.confirmation_by == D("2025-05-06")
    assert result.follow_up_on == D("2025-05-08")
    data = result.to_json()
    assert data["confirmation_by_text"] == "Tuesday 6 May 2025"
    assert data["follow_up_on_text"] == "Thursday 8 May 2025"
    assert data["referral_time"] == "16:45"
    assert data["calendar_label"] == "England and Wales"
    assert data["cite"]["lines"] == "159-161"


def test_time_of_day_is_not_used() -> None:
    morning = referral_deadlines(D("2025-05-02"), referral_time="08:00")
    evening = referral_deadlines(D("2025-05-02"), referral_time="23:59")
    assert (morning.confirmation_by, morning.follow_up_on) == (evening.confirmation_by, evening.follow_up_on)
    assert add_working_days(dt.datetime(2025, 5, 2, 23, 59), 1) == D("2025-05-06")


def test_weekend_referral_counts_from_monday() -> None:
    result = referral_deadlines(D("2025-05-03"))
    assert result.counted_from == D("2025-05-06")  # Monday 5 May is the bank holiday
    assert result.confirmation_by == D("2025-05-07")


@pytest.mark.parametrize(
    ("start", "days", "calendar"),
    [
        ("2019-12-31", 1, "england-and-wales"),
        ("2036-01-01", 0, "england-and-wales"),
        ("2035-12-31", 1, "england-and-wales"),  # the answer would fall outside the data
        ("2025-05-02", -1, "england-and-wales"),
        ("2025-05-02", 1, "wales"),
        ("2025-05-02", 1, "ENGLAND-AND-WALES"),
    ],
)
def test_errors(start: str, days: int, calendar: str) -> None:
    with pytest.raises(ValueError):
        add_working_days(D(start), days, calendar)


def test_is_working_day_rejects_out_of_range_and_unknown_calendar() -> None:
    with pytest.raises(ValueError):
        is_working_day(D("2040-01-02"))
    with pytest.raises(ValueError):
        is_working_day(D("2025-01-02"), "mars")


def test_type_errors() -> None:
    with pytest.raises(TypeError):
        add_working_days("2025-05-02", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_working_days(D("2025-05-02"), 1.5)  # type: ignore[arg-type]


def test_calendar_range_and_names() -> None:
    assert workdays.calendars() == ("england-and-wales", "northern-ireland", "scotland")
    cal = workdays.get_calendar()
    assert (cal.first, cal.last) == (D("2020-01-01"), D("2035-12-31"))


def test_shipped_calendar_matches_the_holidays_package() -> None:
    """The committed JSON is exactly what the generator makes today (regenerate if this fails)."""
    shipped = (Path(workdays.__file__).parent / "data" / "bank_holidays.json").read_text(encoding="utf-8")
    assert shipped == build_calendar.dumps(build_calendar.build())


def test_write_calendar(tmp_path: Path) -> None:
    target = build_calendar.write_calendar(tmp_path / "out" / "bank_holidays.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data) == {"england-and-wales", "scotland", "northern-ireland"}
    assert "2023-05-08" in data["england-and-wales"]
    assert build_calendar.main([str(tmp_path / "again.json")]) == 0


def test_format_date_is_locale_free() -> None:
    assert workdays.format_date(D("2026-04-06")) == "Monday 6 April 2026"
