"""The state of one clock on a given day; pure."""

from __future__ import annotations

from datetime import date

ON_TRACK = "on_track"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
MET = "met"
MET_LATE = "met_late"
SUSPENDED = "suspended"

STATES = (ON_TRACK, DUE_SOON, OVERDUE, MET, MET_LATE, SUSPENDED)


def clock_state(
    *, due_on: date, met_on: date | None, suspended: bool, today: date, due_soon_days: int
) -> str:
    """Return the state of a clock due on `due_on`, as seen on the local date `today`.

    A period ends at 24:00 local time of its due day, so meeting it on the due day is
    on time and it becomes overdue only the day after. A met clock stays met (or
    met_late) whatever else is true; a suspended clock is neither due soon nor
    overdue, its due date moves while it is stopped. `due_soon_days` counts calendar
    days: with 3, a clock due on the 10th is due soon from the 7th.
    """
    if due_soon_days < 0:
        raise ValueError(f"due_soon_days must not be negative, got {due_soon_days}")
    if met_on is not None:
        return MET if met_on <= due_on else MET_LATE
    if suspended:
        return SUSPENDED
    days_left = (due_on - today).days
    if days_left < 0:
        return OVERDUE
    return DUE_SOON if days_left <= due_soon_days else ON_TRACK
