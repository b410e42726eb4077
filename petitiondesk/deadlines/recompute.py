"""Recompute the open clocks a calendar change touches, a batch at a time.

A calendar import can touch every open clock of the bureau (about 100,000 at a million
cases). What a due date is computed from is read as plain rows in one pass (BATCH rows
at a time, never an ORM object per clock) and each new due date computed in memory. Then,
BATCH moved clocks at a time, those clocks and their cases are loaded, each moved clock
gets its `clock_recomputed` event and its new alert time, and each of those cases its
next due date from one grouped query. Each batch is flushed, so the session holds one
batch at a time; all of it stays in the caller's transaction, so a failure leaves no
clock half recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import bindparam, false, func, insert, or_, select, update

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.chain import GENESIS
from petitiondesk.cases.models import Case, Event
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.compute import Due
from petitiondesk.deadlines.models import Clock
from petitiondesk.deadlines.upkeep import reschedule_alerts
from petitiondesk.extensions import db

BATCH = 5000
# what `service.due_for` reads of a clock, and what tells whether it moved
DUE_INPUTS = (Clock.id, Clock.key, Clock.variant, Clock.started_on, Clock.extended_days,
              Clock.suspensions, Clock.suspended_since, Clock.due_on, Clock.provisional,
              # and what the new event and alert time need
              Clock.case_id, Clock.kind, Clock.alert_level, Clock.next_alert_at)
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
    touched = _touched(years, since=since)
    total = db.session.scalar(select(func.count()).select_from(touched.subquery()))
    moved: list[tuple] = []
    rows = db.session.execute(touched.execution_options(yield_per=BATCH))
    for batch in rows.partitions():
        moved += _moved(batch, today=today)
        if progress:
            progress(len(batch), total)
    for start in range(0, len(moved), BATCH):
        _apply(moved[start:start + BATCH], today=today, now=now, actor=actor)
    return Recomputed(touched=total, changed=len(moved))


def _touched(years: list[int], *, since: date | None = None):
    """Return the select of what a due date is computed from, for every open clock that is
    provisional, stopped, or overlaps the years (and is due on or after `since`)."""
    if not years:
        return select(*DUE_INPUTS).where(false())
    # A week of margin: a period ending late in December may roll over into January.
    lo, hi = date(min(years), 1, 1) - timedelta(days=7), date(max(years), 12, 31)
    if since is not None:
        lo = max(lo, since)
    return select(*DUE_INPUTS).where(
        Clock.met_on.is_(None), Clock.cancelled.is_(False),
        or_(Clock.provisional.is_(True), Clock.suspended_since.is_not(None),
            (Clock.started_on <= hi) & (Clock.due_on >= lo)),
    ).order_by(Clock.id)


def _apply(batch: list[tuple], *, today: date, now: datetime, actor: User | None) -> None:
    """Store a batch of moved clocks' due dates, each with its timeline event (by clock id).

    Written with one statement per table for the whole batch, not an ORM flush per row
    (which, for the versioned cases, is a round trip each); objects of these rows the
    session already holds are expired, so nothing reads or chains onto the old values.
    """
    heads = {r.id: [r.event_count or 0, r.events_head or GENESIS] for r in db.session.execute(
        select(Case.id, Case.event_count, Case.events_head).where(
            Case.id.in_({row.case_id for row, _ in batch})))}
    events, dues = [], []
    for row, due in batch:
        head = heads[row.case_id]
        event = timeline.event_fields(
            case_id=row.case_id, seq=head[0] + 1, prev=head[1], type="clock_recomputed",
            now=now, actor_id=actor.id if actor else None, on=today, data={
                "clock": row.key, "was": row.due_on, "now": due.on,
                "provisional": due.provisional, "reason": "calendar loaded",
                "suspended": row.suspended_since is not None})
        head[:] = [event["seq"], event["hash"]]
        events.append(event)
        dues.append({"b_id": row.id, "due_on": due.on, "provisional": due.provisional,
                     "next_alert_at": _next_alert(row, due)})
    clocks_table, cases_table = Clock.__table__, Case.__table__
    db.session.execute(insert(Event), events)
    db.session.execute(update(clocks_table).where(clocks_table.c.id == bindparam("b_id"))
                       .values(due_on=bindparam("due_on"), provisional=bindparam("provisional"),
                               next_alert_at=bindparam("next_alert_at")), dues)
    earliest = clocks.next_due_by_case(list(heads))
    db.session.execute(
        update(cases_table).where(cases_table.c.id == bindparam("b_id")).values(
            event_count=bindparam("n"), events_head=bindparam("head"),
            next_due_on=bindparam("next_due"), version=cases_table.c.version + 1),
        [{"b_id": i, "n": n, "head": h, "next_due": earliest.get(i)}
         for i, (n, h) in heads.items()])
    _expire(heads, {row.id for row, _ in batch})


def _next_alert(row, due: Due) -> datetime | None:
    """Return the clock's next alert time once due on `due.on`, as the services set it."""
    probe = SimpleNamespace(due_on=due.on, alert_level=row.alert_level, kind=row.kind,
                            suspended_since=row.suspended_since, is_open=True,
                            next_alert_at=row.next_alert_at)
    reschedule_alerts(probe)
    return probe.next_alert_at


def _expire(case_ids: Iterable[int], clock_ids: set[int]) -> None:
    """Expire the cases and clocks of these ids that the session holds."""
    cases = set(case_ids)
    for obj in list(db.session.identity_map.values()):
        if (isinstance(obj, Case) and obj.id in cases) or (
                isinstance(obj, Clock) and obj.id in clock_ids):
            db.session.expire(obj)


def _moved(rows: Iterable, *, today: date):
    """Yield (row, new due) for each clock whose due date or provisional mark changes."""
    ruleset = clocks.rules()
    for row in rows:
        rule = ruleset.get(row.key)
        if rule is None:
            continue
        due = clocks.due_for(row, rule, as_of=today)
        if (due.on, due.provisional) != (row.due_on, row.provisional):
            yield row, due
