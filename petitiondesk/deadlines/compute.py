"""Due-date arithmetic for statutory periods; pure.

How a period is counted (domain/deadlines.md, "How periods are counted"):

- Every event takes effect at the end (24:00) of the day it happens on. That is why
  the start day is not counted, and it gives suspensions the same reading (below).
- ``d``: natural days. ``m``: the same day-of-month in the final month, or that
  month's last day when it has no such day. If the last day of a ``d`` or ``m``
  period is not a working day, the period ends on the next working day.
- ``wd``: working days; weekends and statutory holidays are skipped, make-up
  working days (调休) count. The result is always a working day.

Extension: ``extension`` more units (``extension_unit``, by default the period's
own unit) are added to the *unrolled* end of the period, before the roll-over to
a working day. So 60 d + 30 d is simply 90 d from the start, then rolled.

Suspension ``(stopped, resumed)``: the clock stops at the end of ``stopped`` and
runs again from the day after ``resumed``; the days ``stopped + 1 .. resumed`` do
not count. Days on or before the start never counted anyway, and a suspension that
begins on or after the (unrolled) end of the period has no effect: the period had
already run out. Otherwise the time that remained when the clock stopped continues
after ``resumed``: for ``d``/``m`` periods the end moves by the suspended natural
days, for ``wd`` periods the remaining working days are counted again from
``resumed``. Overlapping suspensions count once. An open suspension
``(stopped, None)`` is treated as resumed on ``as_of`` (normally today): the due
date shown is "the due date if the clock ran again tomorrow", and it moves on each
day the suspension lasts. ``as_of`` is required when a suspension is open.

Provisional: when a day whose working-day status the computation had to judge lies
in a year the calendar does not cover (for ``d``/``m``: the unrolled end and the
roll-over days; for ``wd``: every day after the start up to the due date), the
weekends-only rule is used and the result is marked provisional. It never raises
and never guesses silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from petitiondesk.deadlines.calendar import HolidayCalendar

if TYPE_CHECKING:
    from petitiondesk.deadlines.rules import DeadlineRule

UNITS = ("d", "wd", "m")

Suspension = tuple[date, date | None]

_ONE_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Due:
    """A computed due date, and whether it rests on an unloaded holiday year."""

    on: date
    provisional: bool


def compute_due(
    *,
    start: date,
    length: int,
    unit: str,
    calendar: HolidayCalendar,
    extension: int = 0,
    extension_unit: str | None = None,
    suspensions: Sequence[Suspension] = (),
    as_of: date | None = None,
) -> Due:
    """Return the last day of a period of `length` `unit`s counted from `start`.

    See the module docstring for the counting, extension and suspension rules.
    """
    extension_unit = extension_unit or unit
    _check_period(length, unit, extension, extension_unit)
    end = advance(start, length, unit, calendar)
    if extension:
        end = advance(end, extension, extension_unit, calendar)
    if suspensions:
        spans = stopped_spans(suspensions, start=start, as_of=as_of)
        end = _shift_for_suspensions(end, spans, unit, calendar)
    due = calendar.next_working_day(end)
    # wd periods judge every day they count; d/m periods judge only the last days.
    judged_from = start + _ONE_DAY if unit == "wd" or extension_unit == "wd" else end
    return Due(due, not calendar.covers_range(judged_from, due))


def rule_due(
    rule: DeadlineRule,
    *,
    start: date,
    calendar: HolidayCalendar,
    variant: str | None = None,
    extension: int = 0,
    suspensions: Sequence[Suspension] = (),
    as_of: date | None = None,
) -> Due:
    """Return the due date of `rule` (or one of its variants) started on `start`."""
    length, unit = rule.period(variant)
    return compute_due(
        start=start,
        length=length,
        unit=unit,
        calendar=calendar,
        extension=extension,
        extension_unit=rule.extension_unit if variant is None else unit,
        suspensions=suspensions,
        as_of=as_of,
    )


def advance(day: date, n: int, unit: str, calendar: HolidayCalendar) -> date:
    """Return the unrolled end of `n` `unit`s after `day` (no roll-over for d/m)."""
    if unit == "d":
        return day + timedelta(days=n)
    if unit == "m":
        return add_months(day, n)
    if unit == "wd":
        return calendar.add_working_days(day, n)
    raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")


def add_months(day: date, months: int) -> date:
    """Return the same day-of-month `months` later, or that month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    last = _DAYS_IN_MONTH[month0] + (month == 2 and _is_leap(year))
    return date(year, month, min(day.day, last))


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def stopped_spans(
    suspensions: Sequence[Suspension], *, start: date, as_of: date | None = None
) -> list[tuple[date, date]]:
    """Return merged, sorted (stopped, resumed) pairs, clipped to after `start`.

    Each pair (a, b) means the days a+1 .. b do not count. Open suspensions end on
    `as_of`; empty spans are dropped.
    """
    spans = []
    for stopped, resumed in suspensions:
        if resumed is None:
            if as_of is None:
                raise ValueError(f"suspension since {stopped} is open: pass as_of")
            resumed = max(as_of, stopped)
        if resumed < stopped:
            raise ValueError(f"suspension resumes on {resumed}, before it stopped ({stopped})")
        stopped = max(stopped, start)
        if resumed > stopped:
            spans.append((stopped, resumed))
    spans.sort()
    merged: list[tuple[date, date]] = []
    for stopped, resumed in spans:
        if merged and stopped <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], resumed))
        else:
            merged.append((stopped, resumed))
    return merged


def _shift_for_suspensions(
    end: date, spans: list[tuple[date, date]], unit: str, calendar: HolidayCalendar
) -> date:
    """Move the unrolled `end` past every span that began before the period ran out."""
    for stopped, resumed in spans:
        if stopped >= end:
            break  # spans are sorted: this and every later one came too late
        if unit == "wd":
            remaining = calendar.working_days_between(stopped, end)
            end = calendar.add_working_days(resumed, remaining)
        else:
            end += resumed - stopped
    return end


def _check_period(length: int, unit: str, extension: int, extension_unit: str) -> None:
    """Raise ValueError for a period the arithmetic cannot count."""
    if unit not in UNITS or extension_unit not in UNITS:
        bad = unit if unit not in UNITS else extension_unit
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {bad!r}")
    if length < 1:
        raise ValueError(f"length must be a positive number of {unit}, got {length}")
    if extension < 0:
        raise ValueError(f"extension must not be negative, got {extension}")
