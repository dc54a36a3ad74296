"""Reporting periods as departments name them: a year, a half, a quarter, a month, a day, or a range.

    2025          the calendar year
    2025-H1       1 January to 30 June (H2: 1 July to 31 December)
    2025-Q3       1 July to 30 September
    2025-03       March 2025
    2025-03-15    one day
    FROM..TO      from the first day of FROM to the last day of TO, each one of the above

Reports also split a period into the parts its trend is shown in (`trend_parts`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from commhub.i18n.messages import MessageError

YEAR = re.compile(r"^(\d{4})$")
HALF = re.compile(r"^(\d{4})-[Hh]([12])$")
QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class PeriodError(MessageError, ValueError):
    """A period that cannot be read; `code` names its message (problem.<code>)."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # how it was named ("2025-H1"), or "FROM..TO"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _one(text: str) -> tuple[dt.date, dt.date]:
    if match := YEAR.match(text):
        year = int(match[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := HALF.match(text):
        year, half = int(match[1]), int(match[2])
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if match := QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * quarter - 2
        return dt.date(year, first, 1), _month_end(year, first + 2)
    if (match := MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return dt.date(year, month, 1), _month_end(year, month)
    if match := DAY.match(text):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise PeriodError("period_invalid", value=text) from None
        return day, day
    raise PeriodError("period_invalid", value=text)


def parse_period(text: str) -> Period:
    """The period `text` names; PeriodError when it names none or ends before it starts."""
    text = text.strip()
    if ".." in text:
        first, _, last = text.partition("..")
        start, end = _one(first.strip())[0], _one(last.strip())[1]
    else:
        start, end = _one(text)
    if start.year < 1 or start > end:
        raise PeriodError("report_period_reversed", start=start.isoformat(), end=end.isoformat())
    return Period(start, end, text)


def halves(start: dt.date, end: dt.date) -> list[Period]:
    parts = []
    for year in range(start.year, end.year + 1):
        for half in (1, 2):
            first, last = _one(f"{year}-H{half}")
            if first <= end and start <= last:
                parts.append(Period(max(first, start), min(last, end), f"{year}-H{half}"))
    return parts


def months(start: dt.date, end: dt.date) -> list[Period]:
    parts, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        first, last = dt.date(year, month, 1), _month_end(year, month)
        parts.append(Period(max(first, start), min(last, end), f"{year:04d}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return parts


def trend_parts(start: dt.date, end: dt.date) -> list[Period]:
    """The parts a trend over [start, end] is shown in: half-years (the six-monthly reports), or the
    months when the period lies within one half-year."""
    parts = halves(start, end)
    return parts if len(parts) > 1 else months(start, end)
