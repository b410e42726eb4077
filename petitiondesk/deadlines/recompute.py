"""Recompute the open clocks a calendar change touches, a batch at a time.

A calendar import can touch every open clock of the bureau (about 150,000 at a million
cases). The touched clocks' ids are read in one query; then, BATCH clocks at a time, the
due dates are computed in memory, the cases of the clocks that moved are read in one
query, each moved clock gets its `clock_recomputed` event and its new alert time, and
each of those cases its next due date from one grouped query. Each batch is flushed, so
the session holds one batch at a time; all of it stays in the caller's transaction, so a
failure leaves no clock half recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock
from petitiondesk.deadlines.upkeep import reschedule_alerts
from petitiondesk.extensions import db

BATCH = 5000
# what `service.due_for` reads of a clock, and what tells whether it moved
DUE_INPUTS = (Clock.id, Clock.key, Clock.variant, Clock.started_on, Clock.extended_days,
              Clock.suspensions, Clock.suspended_since, Clock.due_on, Clock.provisional)
# called after each batch with (clocks done in the batch, clocks touched in all)
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class Recomputed:
    """How many open clocks a calendar change touched, and how many of them moved."""

    touched: int
    changed: int


def recompute_clocks(*, years: list[int], now: datetime, since: date | None = None,
                     actor: User | None = None,
                     progress: Progress | None = None) -> Recomputed:
    """Recompute every open clock that runs into one of `years`; note changes on timelines.

    With `since` (the earliest day the calendar change touches), a clock due before that
    day is left alone unless it is provisional or stopped: counting its period looked at
    no day after its due date, and none of those changed, so it would come out the same.
    """
    today = local_today(now)
    ids = touched_clock_ids(years, since=since)
    changed = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        changed += _recompute_batch(batch, today=today, now=now, actor=actor)
        if progress:
            progress(len(batch), len(ids))
    return Recomputed(touched=len(ids), changed=changed)


def touched_clock_ids(years: list[int], *, since: date | None = None) -> list[int]:
    """Return the ids of open clocks that are provisional, stopped, or overlap the years
    (and are due on or after `since`, when given)."""
    if not years:
        return []
    # A week of margin: a period ending late in December may roll over into January.
    lo, hi = date(min(years), 1, 1) - timedelta(days=7), date(max(years), 12, 31)
    if since is not None:
        lo = max(lo, since)
    stmt = select(Clock.id).where(
        Clock.met_on.is_(None), Clock.cancelled.is_(False),
        or_(Clock.provisional.is_(True), Clock.suspended_since.is_not(None),
            (Clock.started_on <= hi) & (Clock.due_on >= lo)),
    ).order_by(Clock.id)
    return list(db.session.scalars(stmt))


def _recompute_batch(ids: list[int], *, today: date, now: datetime,
                     actor: User | None) -> int:
    """Recompute one batch of clocks (by id order); return how many moved.

    The due dates are computed from plain rows (building an ORM object for each of the
    many clocks that do not move would cost most of the time); only the moved clocks and
    their cases are loaded as objects.
    """
    rows = db.session.execute(select(*DUE_INPUTS).where(Clock.id.in_(ids)))
    moved = dict(_moved(rows, today=today))
    if not moved:
        return 0
    changing = list(db.session.scalars(
        select(Clock).where(Clock.id.in_(moved)).order_by(Clock.id)))
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_({clock.case_id for clock in changing})))}
    for clock in changing:
        due = moved[clock.id]
        timeline.record(cases[clock.case_id], "clock_recomputed", now=now, actor=actor,
                        on=today, data={
                            "clock": clock.key, "was": clock.due_on, "now": due.on,
                            "provisional": due.provisional, "reason": "calendar loaded",
                            "suspended": clock.suspended_since is not None,
                        })
        clock.due_on, clock.provisional = due.on, due.provisional
        reschedule_alerts(clock)
    db.session.flush()
    _refresh_next_due(cases.values())
    db.session.flush()
    return len(moved)


def _moved(rows: Iterable, *, today: date):
    """Yield (clock id, new due) for each clock whose due date or provisional mark changes."""
    ruleset = clocks.rules()
    for row in rows:
        rule = ruleset.get(row.key)
        if rule is None:
            continue
        due = clocks.due_for(row, rule, as_of=today)
        if (due.on, due.provisional) != (row.due_on, row.provisional):
            yield row.id, due


def _refresh_next_due(cases: Iterable[Case]) -> None:
    """Set each case's next due date, as `service.refresh_next_due` does, in one query."""
    by_id = {case.id: case for case in cases}
    earliest = dict(db.session.execute(
        select(Clock.case_id, func.min(Clock.due_on)).where(
            Clock.case_id.in_(by_id), Clock.met_on.is_(None), Clock.cancelled.is_(False),
            Clock.kind == "obligation", Clock.suspended_since.is_(None))
        .group_by(Clock.case_id)).all())
    for case_id, case in by_id.items():
        case.next_due_on = earliest.get(case_id)
