"""Report months and the arithmetic of figures; pure."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadMonth(ValueError):
    """The text does not name a month as YYYY-MM."""


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month of the report."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Return the month named `YYYY-MM`, or raise BadMonth."""
        found = _MONTH.match((text or "").strip())
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
            raise BadMonth(f"month must be YYYY-MM, e.g. 2026-11, not {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        """Return the month `day` falls in."""
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        """Return the month's first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """Return the month's last day."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Month:
        """Return the month before."""
        return Month.of(self.first - timedelta(days=1))

    def same_month_last_year(self) -> Month:
        """Return the same month a year earlier."""
        return Month(self.year - 1, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def rate(part: int, whole: int) -> float | None:
    """Return part/whole rounded to four places; None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def change(current: float | int | None, before: float | int | None) -> float | int | None:
    """Return current − before, or None when either is unknown."""
    if current is None or before is None:
        return None
    difference = current - before
    return round(difference, 4) if isinstance(difference, float) else difference
