"""The state of a clock on a given day."""

from __future__ import annotations

import pytest

from petitiondesk.deadlines.state import STATES, clock_state
from tests.unit.deadline_helpers import d

DUE = d("2026-10-08")


def state(today: str, *, met_on: str | None = None, suspended: bool = False, soon: int = 3) -> str:
    """Return the state of a clock due on 2026-10-08."""
    return clock_state(
        due_on=DUE,
        met_on=d(met_on) if met_on else None,
        suspended=suspended,
        today=d(today),
        due_soon_days=soon,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-09-20", "on_track"),
        ("2026-10-04", "on_track"),
        ("2026-10-05", "due_soon"),  # three calendar days before
        ("2026-10-07", "due_soon"),
        ("2026-10-08", "due_soon"),  # the period ends at 24:00 of the due day
        ("2026-10-09", "overdue"),
        ("2027-01-01", "overdue"),
    ],
)
def test_a_running_clock_becomes_due_soon_then_overdue_the_day_after_its_due_day(today, expected):
    assert state(today) == expected


def test_a_clock_met_on_its_due_day_is_met():
    assert state("2026-10-20", met_on="2026-10-08") == "met"


def test_a_clock_met_the_day_after_its_due_day_is_met_late():
    assert state("2026-10-20", met_on="2026-10-09") == "met_late"


def test_a_met_clock_stays_met_even_if_it_was_suspended():
    assert state("2026-10-20", met_on="2026-10-01", suspended=True) == "met"


def test_a_suspended_clock_is_neither_due_soon_nor_overdue():
    assert state("2026-10-07", suspended=True) == "suspended"
    assert state("2026-10-20", suspended=True) == "suspended"


def test_due_soon_days_of_zero_flags_only_the_due_day():
    assert state("2026-10-07", soon=0) == "on_track"
    assert state("2026-10-08", soon=0) == "due_soon"


def test_a_negative_due_soon_window_is_refused():
    with pytest.raises(ValueError, match="due_soon_days"):
        state("2026-10-07", soon=-1)


def test_every_state_returned_is_a_known_state():
    assert set(STATES) == {"on_track", "due_soon", "overdue", "met", "met_late", "suspended"}
