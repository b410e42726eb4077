"""The working-day calendar: statutory holidays, make-up working days and weekends.

Pure: no Flask, no SQLAlchemy. The State Council announces each year's holidays and
make-up working days (调休) late in the previous year, so the calendar knows which
years it *covers*. Outside a covered year it falls back to "Monday to Friday are
working days" and callers mark what they computed as provisional.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate
from pathlib import Path

KINDS = ("holiday", "workday")
HEADER = ["date", "kind", "name"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_FILE = re.compile(r"\d{4}\.csv")
_ONE_DAY = timedelta(days=1)

# The lookup table spans at least these years (padded around the loaded ones) so that
# realistic dates never take the slow day-by-day path.
_TABLE_FIRST_YEAR = 2000
_TABLE_LAST_YEAR = 2060


class CalendarFormatError(ValueError):
    """A calendar file or list of entries that cannot be trusted."""


@dataclass(frozen=True)
class CalendarEntry:
    """One statutory holiday or make-up working day."""

    day: date
    kind: str
    name: str


@dataclass(frozen=True)
class _DayTable:
    """Working-day flags and running counts for a contiguous range of days.

    `counts[i]` is the number of working days in [first, first + i], so the working
    days in (a, b] are `counts[b] - counts[a]` and "the n-th working day after a" is a
    binary search, which keeps long working-day periods cheap.
    """

    first: int  # ordinal of the first day in the table
    flags: bytes
    counts: list[int]


@dataclass(frozen=True)
class HolidayCalendar:
    """Statutory holidays and make-up working days, for the years that are loaded."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()

    @classmethod
    def from_entries(
        cls, entries: Iterable[CalendarEntry], years: Iterable[int]
    ) -> HolidayCalendar:
        """Build a calendar from entries, covering exactly `years`."""
        kinds: dict[date, str] = {}
        for entry in entries:
            if entry.kind not in KINDS:
                raise CalendarFormatError(f"{entry.day}: unknown kind {entry.kind!r}")
            if kinds.setdefault(entry.day, entry.kind) != entry.kind:
                raise CalendarFormatError(f"{entry.day}: listed both as holiday and as workday")
        return cls(
            holidays=frozenset(d for d, k in kinds.items() if k == "holiday"),
            workdays=frozenset(d for d, k in kinds.items() if k == "workday"),
            years=frozenset(years),
        )

    def covers(self, day: date) -> bool:
        """Return whether the holidays of `day`'s year are loaded."""
        return day.year in self.years

    def covers_range(self, first: date, last: date) -> bool:
        """Return whether every year from `first` to `last` (inclusive) is loaded."""
        if first.year == last.year:  # the common case, kept cheap for bulk recomputes
            return first.year in self.years
        return all(y in self.years for y in range(first.year, last.year + 1))

    def is_working_day(self, day: date) -> bool:
        """Return whether `day` is a working day.

        Listed days win; any other day is a working day from Monday to Friday. In a
        year that is not covered nothing is listed, so that is the weekends-only rule.
        """
        table = self._table
        i = day.toordinal() - table.first
        if 0 <= i < len(table.flags):
            return bool(table.flags[i])
        return self._listed_or_weekday(day)

    def next_working_day(self, day: date) -> date:
        """Return the first working day on or after `day`."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def add_working_days(self, start: date, n: int) -> date:
        """Return the n-th working day after `start` (`start` itself not counted)."""
        if n < 0:
            raise ValueError(f"cannot add a negative number of working days: {n}")
        table = self._table
        i = start.toordinal() - table.first
        if 0 <= i < len(table.counts):
            target = table.counts[i] + n
            if target <= table.counts[-1]:
                return date.fromordinal(table.first + bisect_left(table.counts, target, i))
        return self._add_working_days_slowly(start, n)

    def working_days_between(self, a: date, b: date) -> int:
        """Return the number of working days in (a, b]; 0 when b is not after a."""
        if b <= a:
            return 0
        table = self._table
        i, j = a.toordinal() - table.first, b.toordinal() - table.first
        if i >= 0 and j < len(table.counts):
            return table.counts[j] - table.counts[i]
        days = (a + timedelta(days=k) for k in range(1, (b - a).days + 1))
        return sum(self._listed_or_weekday(day) for day in days)

    def _listed_or_weekday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def _add_working_days_slowly(self, start: date, n: int) -> date:
        # Only reached for dates far outside the table; correctness over speed.
        day = start
        while n > 0:
            day += _ONE_DAY
            n -= self._listed_or_weekday(day)
        return day

    @cached_property
    def _table(self) -> _DayTable:
        # cached_property writes straight into the instance __dict__, which a frozen
        # dataclass allows; the table is built on first use, not per calendar.
        listed = self.holidays | self.workdays
        known_years = self.years | {d.year for d in listed}
        first = date(min(known_years | {_TABLE_FIRST_YEAR}) - 1, 1, 1)
        last = date(max(known_years | {_TABLE_LAST_YEAR}) + 10, 12, 31)
        size = last.toordinal() - first.toordinal() + 1
        monday_offset = first.weekday()
        flags = bytearray(1 if (monday_offset + i) % 7 < 5 else 0 for i in range(size))
        for day in listed:
            flags[day.toordinal() - first.toordinal()] = day in self.workdays
        return _DayTable(first.toordinal(), bytes(flags), list(accumulate(flags)))


def parse_calendar_csv(text: str, *, source: str = "calendar") -> list[CalendarEntry]:
    """Parse a `date,kind,name` CSV into entries sorted by date.

    Raise CalendarFormatError naming `source` and the line on the first bad row.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != HEADER:
        raise CalendarFormatError(f"{source}: line 1: header must be date,kind,name, got {header}")
    entries: dict[date, CalendarEntry] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        try:
            entry = _parse_row(row)
        except CalendarFormatError as exc:
            raise CalendarFormatError(f"{source}: line {reader.line_num}: {exc}") from None
        if entry.day in entries:
            raise CalendarFormatError(
                f"{source}: line {reader.line_num}: duplicate date {entry.day.isoformat()}"
            )
        entries[entry.day] = entry
    return sorted(entries.values(), key=lambda e: e.day)


def _parse_row(row: list[str]) -> CalendarEntry:
    """Turn one CSV row into an entry, or raise CalendarFormatError saying why."""
    if len(row) != 3:
        raise CalendarFormatError(f"expected 3 fields (date,kind,name), got {len(row)}")
    raw_day, kind, name = (cell.strip() for cell in row)
    if not _ISO_DATE.fullmatch(raw_day):
        raise CalendarFormatError(f"bad date {raw_day!r}, expected YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        raise CalendarFormatError(f"bad date {raw_day!r}, no such day") from None
    if kind not in KINDS:
        raise CalendarFormatError(f"unknown kind {kind!r}, expected holiday or workday")
    if kind == "workday" and day.weekday() < 5:
        # A make-up working day is always a Saturday or Sunday; a weekday listed as
        # one is almost certainly a typo in the date.
        raise CalendarFormatError(f"workday {raw_day} is a {day:%A}, not a weekend day")
    if not name:
        raise CalendarFormatError(f"{raw_day} has no name")
    return CalendarEntry(day=day, kind=kind, name=name)


def load_calendar_dir(directory: str | Path) -> HolidayCalendar:
    """Load every `YYYY.csv` in `directory`; each file makes its year covered."""
    directory = Path(directory)
    entries: list[CalendarEntry] = []
    years: set[int] = set()
    for path in sorted(directory.iterdir()):
        if _YEAR_FILE.fullmatch(path.name):
            entries += parse_calendar_csv(path.read_text(encoding="utf-8"), source=str(path))
            years.add(int(path.stem))
    return HolidayCalendar.from_entries(entries, years)
