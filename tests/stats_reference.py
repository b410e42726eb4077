"""The month-end figures read from the whole timeline, as before they were bounded.

Kept as the reference the bounded queries (stats/queries.py open_at_end, _candidates)
must agree with: it reads every reopened case's timeline and every clock ever started.
"""

from __future__ import annotations

from sqlalchemy import case, func, or_, select, true

from petitiondesk.cases.models import Case, Event
from petitiondesk.extensions import db
from petitiondesk.stats.asof import ENDING, REOPENING, Window


def open_at_end(w: Window) -> int:
    """Return the cases open at the month's end: rows of never reopened cases, the
    timelines of every case ever reopened."""
    received = Case.received_on <= w.month.last
    reopened = select(Event.case_id).where(Event.type.in_(REOPENING))
    never_reopened = select(func.count(Case.id)).where(
        received, Case.id.not_in(reopened),
        or_(Case.closed_at.is_(None), Case.closed_at >= w.end))
    last_closed = func.max(case((Event.type.in_(ENDING), Event.created_at)))
    last_reopened = func.max(case((Event.type.in_(REOPENING), Event.created_at)))
    closed_then = (select(Event.case_id)
                   .where(Event.case_id.in_(reopened), Event.type.in_(ENDING + REOPENING),
                          Event.created_at < w.end)
                   .group_by(Event.case_id)
                   .having(last_closed.is_not(None),
                           or_(last_reopened.is_(None), last_closed > last_reopened)))
    reopened_open = select(func.count(Case.id)).where(
        received, Case.id.in_(reopened), Case.id.not_in(closed_then))
    return int(db.session.scalar(never_reopened) or 0) + int(
        db.session.scalar(reopened_open) or 0)


def unbounded(monkeypatch) -> None:
    """Make month_figures read the whole timeline: no bound on the clocks it reads."""
    from petitiondesk.stats import queries

    monkeypatch.setattr(queries, "open_at_end", open_at_end)
    monkeypatch.setattr(queries, "_candidates", lambda w: true())
