"""Verify every case's timeline chain, streaming in batches of cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from petitiondesk.audit.chaincheck import ChainBreak, StoredEvent, first_break
from petitiondesk.cases.models import Case, Event
from petitiondesk.extensions import db

_EVENT_COLUMNS = (Event.case_id, Event.id, Event.seq, Event.type, Event.occurred_on,
                  Event.created_at, Event.actor_id, Event.data, Event.prev_hash, Event.hash)


@dataclass(frozen=True)
class Finding:
    """The first broken event of the trail, named so an auditor can find it."""

    case_id: int
    case_number: str
    brk: ChainBreak

    def describe(self) -> str:
        """Return one line naming the case, the event and what is wrong."""
        where = f"seq {self.brk.seq}" + (f", event id {self.brk.event_id}"
                                          if self.brk.event_id else "")
        return f"case {self.case_number} (id {self.case_id}), {where}: {self.brk.problem}"


@dataclass
class Tally:
    """How much was checked."""

    cases: int = 0
    events: int = 0


def verify_all(*, batch_size: int = 2000, tally: Tally | None = None) -> Finding | None:
    """Check every case's chain in id order; return the first finding or None."""
    tally = tally if tally is not None else Tally()
    for cases in _case_batches(batch_size):
        events = _events_between(cases[0].id, cases[-1].id)
        for case in cases:
            rows = list(_take(events, case.id))
            tally.cases += 1
            tally.events += len(rows)
            brk = first_break(case.id, rows, head=case.events_head or "",
                              count=case.event_count or 0)
            if brk:
                return Finding(case.id, case.number, brk)
        _drain_orphans(events)
    return None


def _case_batches(size: int) -> Iterator[list]:
    """Yield cases (id, number, head, count) in id order, a batch at a time (keyset)."""
    after = 0
    while True:
        stmt = (db.select(Case.id, Case.number, Case.events_head, Case.event_count)
                .where(Case.id > after).order_by(Case.id).limit(size))
        batch = db.session.execute(stmt).all()
        if not batch:
            return
        yield batch
        after = batch[-1].id


class _Peekable:
    """An iterator over event rows that can look one row ahead."""

    def __init__(self, rows):
        self._rows, self.head = iter(rows), None
        self.advance()

    def advance(self) -> None:
        self.head = next(self._rows, None)


def _events_between(first: int, last: int) -> _Peekable:
    """Stream the events of cases first..last in (case, seq) order."""
    stmt = (db.select(*_EVENT_COLUMNS).where(Event.case_id.between(first, last))
            .order_by(Event.case_id, Event.seq).execution_options(yield_per=5000))
    return _Peekable(db.session.execute(stmt))


def _take(events: _Peekable, case_id: int) -> Iterator[StoredEvent]:
    """Yield the stream's events of one case (skipping rows of cases that vanished)."""
    while events.head is not None and events.head.case_id < case_id:
        events.advance()
    while events.head is not None and events.head.case_id == case_id:
        row = events.head
        events.advance()
        yield StoredEvent(row.id, row.seq, row.type, row.occurred_on, row.created_at,
                          row.actor_id, row.data, row.prev_hash, row.hash)


def _drain_orphans(events: _Peekable) -> None:
    """Finish the batch's stream so its cursor closes."""
    while events.head is not None:
        events.advance()
