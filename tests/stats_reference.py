"""The month-end figures read from the whole timeline, as before they were bounded.

Kept as the reference the bounded queries (stats/queries.py open_at_end, _candidates)
must agree with: it reads every reopened case's timeline and every clock ever started.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select, true

from petitiondesk.cases.models import Case, Event
from petitiondesk.extensions import db
from petitiondesk.stats.asof import REOPENING, Window, closed_by_timeline


def open_at_end(w: Window) -> int:
    """Return the cases open at the month's end: rows of never reopened cases, the
    timelines of every case ever reopened."""
    received = Case.received_on <= w.month.last
    reopened = select(Event.case_id).where(Event.type.in_(REOPENING))
    never_reopened = select(func.count(Case.id)).where(
        received, Case.id.not_in(reopened),
        or_(Case.closed_at.is_(None), Case.closed_at >= w.end))
    closed_then = closed_by_timeline(w, reopened)
    reopened_open = select(func.count(Case.id)).where(
        received, Case.id.in_(reopened), Case.id.not_in(closed_then))
    return int(db.session.scalar(never_reopened) or 0) + int(
        db.session.scalar(reopened_open) or 0)


def unbounded(monkeypatch) -> None:
    """Make month_figures read the whole timeline: no bound on the clocks it reads."""
    from petitiondesk.stats import queries

    monkeypatch.setattr(queries, "open_at_end", open_at_end)
    monkeypatch.setattr(queries, "_candidates", lambda w: true())
