"""Check a year's calendar as an administrator supplies it, reporting every bad line; pure.

`calendar.parse_calendar_csv` stops at the first bad row, which suits loading the
shipped files. An administrator fixing a file wants every problem at once, each with
its line (CSV) or position (JSON), and nothing changed until all of them are gone.

Which years a file *covers* (and therefore replaces) is decided here too: the State
Council's notice for a year sometimes lists a day of the year before (a make-up
working day late in December), so the covered year comes from an explicit argument or
a `YYYY.csv` file name first, and only then from the dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from petitiondesk.deadlines.calendar import HEADER, CalendarEntry, CalendarFormatError
from petitiondesk.deadlines.calendar import _parse_row as parse_row

_YEAR_FILE = re.compile(r"(\d{4})\.csv")
# A real year lists a few dozen days; a year with fewer than this many entries in a
# file without a named year is taken as a neighbour's stray day, not a covered year.
MIN_DAYS_FOR_A_YEAR = 5


@dataclass
class CalendarInput:
    """Entries with where each came from, and every problem found."""

    entries: list[CalendarEntry] = field(default_factory=list)
    where: list[str] = field(default_factory=list)  # "line 3" or "days[2]", per entry
    errors: list[str] = field(default_factory=list)
    seen: set = field(default_factory=set, repr=False)


def year_from_filename(name: str) -> int | None:
    """Return the year of a file named `YYYY.csv`, else None."""
    match = _YEAR_FILE.fullmatch(name)
    return int(match.group(1)) if match else None


def read_csv(text: str) -> CalendarInput:
    """Parse `date,kind,name` CSV text, collecting line-numbered errors."""
    found = CalendarInput()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != HEADER:
        found.errors.append(f"line 1: header must be date,kind,name, got {','.join(header)}")
        return found
    for row in reader:
        if any(cell.strip() for cell in row):
            _add(found, lambda r=row: parse_row(r), f"line {reader.line_num}")
    return found


def read_days(days: Iterable[dict]) -> CalendarInput:
    """Parse JSON days `[{date, kind, name}]`, collecting position-numbered errors."""
    found = CalendarInput()
    for i, day in enumerate(days):
        row = [str(day.get(k, "")) for k in HEADER] if isinstance(day, dict) else []
        _add(found, lambda r=row: parse_row(r), f"days[{i}]")
    return found


def _add(found: CalendarInput, parse, where: str) -> None:
    """Parse one row into `found`, or note why it cannot be used."""
    try:
        entry = parse()
    except CalendarFormatError as exc:
        found.errors.append(f"{where}: {exc}")
        return
    if entry.day in found.seen:
        found.errors.append(f"{where}: duplicate date {entry.day.isoformat()}")
        return
    found.entries.append(entry)
    found.where.append(where)
    found.seen.add(entry.day)


def covered_years(found: CalendarInput, *, year: int | None = None,
                  filename: str | None = None) -> list[int]:
    """Return the years the input replaces; add an error when that cannot be told."""
    named = year if year is not None else year_from_filename(filename or "")
    if named is not None:
        return [named]
    counts = Counter(e.day.year for e in found.entries)
    years = sorted(y for y, n in counts.items() if n >= MIN_DAYS_FOR_A_YEAR)
    if not years and not found.errors:
        found.errors.append("cannot tell which year this calendar covers: "
                            "name the file YYYY.csv or give the year")
    return years


def check_coverage(found: CalendarInput, years: Sequence[int]) -> None:
    """Add errors for days far from the covered years and for years with no holiday."""
    if not years:
        return
    lo, hi = min(years) - 1, max(years) + 1
    for entry, where in zip(found.entries, found.where, strict=True):
        if not lo <= entry.day.year <= hi:
            found.errors.append(f"{where}: {entry.day.isoformat()} is outside "
                                f"{'-'.join(map(str, sorted({years[0], years[-1]})))}"
                                " and the years next to it")
    holiday_years = {e.day.year for e in found.entries if e.kind == "holiday"}
    for year in years:
        if year not in holiday_years and not found.errors:
            found.errors.append(f"{year}: no statutory holiday listed")
