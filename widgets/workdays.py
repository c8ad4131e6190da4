"""Working-day arithmetic for referral deadlines, against a shipped calendar.

The referral guide says a referrer "should expect to receive confirmation of
this and information on next steps within 24 hours (one working day)" and,
"If you have not heard anything after three working days, follow this up as a
priority" (csa-centre-making-a-referral, lines 159-161).  This module turns a
referral date into those two dates.

Semantics (the guide does not spell them out, so they are fixed here):

- A referral made on a working day counts from that day: one working day
  later is the next working day (Monday + 1 = Tuesday).
- A referral made on a weekend or bank holiday counts from the next working
  day, as if it had been made then (Saturday + 1 = Tuesday, because the
  referral counts from Monday).
- ``days == 0`` gives the working day the count starts from.
- A time of day may be recorded with a referral but is not used: the guide
  names no cut-off time, so none is invented.

The bank holidays are data (``widgets/data/bank_holidays.json``), generated at
build time by ``widgets.build_calendar`` from the ``holidays`` package.  Dates
outside the years the data covers raise ``ValueError`` rather than silently
treating unknown years as having no bank holidays.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .refs import referral_cite

DEFAULT_CALENDAR = "england-and-wales"
CALENDAR_LABELS: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
CONFIRMATION_WORKING_DAYS = 1
FOLLOW_UP_WORKING_DAYS = 3
# Where the two time limits come from (line numbers in the provenance text).
DEADLINE_CITE: dict[str, str] = referral_cite(
    "What happens next? (after a referral to children's social care)", "159-161", "what-happens-next-social-care"
)

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Calendar:
    """One calendar's bank holidays and the span of dates it can answer for."""

    name: str
    holidays: frozenset[dt.date]
    first: dt.date
    last: dt.date


def _read_data() -> str:
    """The calendar JSON next to this module, or inside the zip it was imported from."""
    try:
        return (Path(__file__).parent / "data" / "bank_holidays.json").read_text(encoding="utf-8")
    except OSError:
        return resources.files(__package__ or "widgets").joinpath("data", "bank_holidays.json").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _load() -> dict[str, Calendar]:
    """Read the shipped JSON once; works from a directory or a zip import."""
    raw = json.loads(_read_data())
    calendars: dict[str, Calendar] = {}
    for name, dates in raw.items():
        days = frozenset(dt.date.fromisoformat(d) for d in dates)
        years = {d.year for d in days}
        calendars[name] = Calendar(
            name=name,
            holidays=days,
            first=dt.date(min(years), 1, 1),
            last=dt.date(max(years), 12, 31),
        )
    return calendars


def calendars() -> tuple[str, ...]:
    """The calendar names the shipped data supports."""
    return tuple(sorted(_load()))


def get_calendar(calendar: str = DEFAULT_CALENDAR) -> Calendar:
    """The named calendar, or ``ValueError`` naming the ones that exist."""
    try:
        return _load()[calendar]
    except (KeyError, TypeError):
        raise ValueError(f"unknown calendar {calendar!r}; use one of {', '.join(calendars())}") from None


def _as_date(value: dt.date) -> dt.date:
    """Accept a date (a datetime is reduced to its date: time is not used)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")
    return value


def _check_range(cal: Calendar, day: dt.date) -> None:
    if not cal.first <= day <= cal.last:
        raise ValueError(
            f"{day.isoformat()} is outside the bank-holiday data for {CALENDAR_LABELS.get(cal.name, cal.name)} "
            f"({cal.first.isoformat()} to {cal.last.isoformat()})"
        )


def is_working_day(day: dt.date, calendar: str = DEFAULT_CALENDAR) -> bool:
    """True on Monday to Friday unless the day is a bank holiday in ``calendar``."""
    cal = get_calendar(calendar)
    day = _as_date(day)
    _check_range(cal, day)
    return day.weekday() < 5 and day not in cal.holidays


def counting_from(day: dt.date, calendar: str = DEFAULT_CALENDAR) -> dt.date:
    """The working day a referral made on ``day`` counts from (``day`` itself if it is one)."""
    return add_working_days(day, 0, calendar)


def add_working_days(start: dt.date, days: int, calendar: str = DEFAULT_CALENDAR) -> dt.date:
    """The date ``days`` working days after ``start``, skipping weekends and bank holidays.

    See the module docstring for how a non-working ``start`` is treated.
    """
    cal = get_calendar(calendar)
    current = _as_date(start)
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, got {type(days).__name__}")
    if days < 0:
        raise ValueError("days must not be negative")
    _check_range(cal, current)
    one = dt.timedelta(days=1)

    def working(day: dt.date) -> bool:
        _check_range(cal, day)
        return day.weekday() < 5 and day not in cal.holidays

    while not working(current):
        current += one
    for _ in range(days):
        current += one
        while not working(current):
            current += one
    return current


@dataclass(frozen=True)
class ReferralDeadlines:
    """The two dates the guide gives for a referral, and how they were reached."""

    referral_date: dt.date
    referral_time: str | None
    counted_from: dt.date
    confirmation_by: dt.date
    follow_up_on: dt.date
    calendar: str

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict, with readable dates alongside the ISO ones."""
        return {
            "referral_date": self.referral_date.isoformat(),
            "referral_time": self.referral_time,
            "counted_from": self.counted_from.isoformat(),
            "confirmation_by": self.confirmation_by.isoformat(),
            "follow_up_on": self.follow_up_on.isoformat(),
            "confirmation_by_text": format_date(self.confirmation_by),
            "follow_up_on_text": format_date(self.follow_up_on),
            "referral_date_text": format_date(self.referral_date),
            "counted_from_text": format_date(self.counted_from),
            "confirmation_working_days": CONFIRMATION_WORKING_DAYS,
            "follow_up_working_days": FOLLOW_UP_WORKING_DAYS,
            "calendar": self.calendar,
            "calendar_label": CALENDAR_LABELS.get(self.calendar, self.calendar),
            "cite": dict(DEADLINE_CITE),
        }


def referral_deadlines(
    referral_date: dt.date, calendar: str = DEFAULT_CALENDAR, referral_time: str | None = None
) -> ReferralDeadlines:
    """Confirmation expected by (1 working day) and follow up as a priority on (3 working days).

    ``referral_time`` ("HH:MM") is carried through for display only.
    """
    day = _as_date(referral_date)
    return ReferralDeadlines(
        referral_date=day,
        referral_time=referral_time,
        counted_from=add_working_days(day, 0, calendar),
        confirmation_by=add_working_days(day, CONFIRMATION_WORKING_DAYS, calendar),
        follow_up_on=add_working_days(day, FOLLOW_UP_WORKING_DAYS, calendar),
        calendar=calendar,
    )


def format_date(day: dt.date) -> str:
    """GOV.UK style, locale-independent: "Tuesday 6 May 2025"."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
