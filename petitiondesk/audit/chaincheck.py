"""Find the first break in one case's hash chain; pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from petitiondesk.cases.chain import GENESIS, event_hash


@dataclass(frozen=True)
class StoredEvent:
    """An event row as stored."""

    id: int
    seq: int
    type: str
    occurred_on: date | None
    created_at: datetime
    actor_id: int | None
    data: dict
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    """Where a case's chain breaks and why."""

    seq: int | None
    event_id: int | None
    problem: str


def first_break(case_id: int, events: Iterable[StoredEvent], *, head: str,
                count: int) -> ChainBreak | None:
    """Return the first break in a case's events (in seq order), or None when intact."""
    prev, seq, last = GENESIS, 0, None
    for event in events:
        seq += 1
        problem = _event_problem(case_id, event, expected_seq=seq, prev=prev)
        if problem:
            return ChainBreak(event.seq, event.id, problem)
        prev, last = event.hash, event
    return _tail_problem(seq, last, head=head, count=count)


def _event_problem(case_id: int, event: StoredEvent, *, expected_seq: int,
                   prev: str) -> str | None:
    """Return what is wrong with one event given the one before it."""
    if event.seq != expected_seq:
        return f"event seq {expected_seq} is missing (next stored is seq {event.seq})"
    if event.prev_hash != prev:
        return "prev_hash does not match the hash of the event before it"
    digest = event_hash(prev_hash=event.prev_hash, case_id=case_id, seq=event.seq,
                        type=event.type, occurred_on=event.occurred_on,
                        created_at=event.created_at, actor_id=event.actor_id,
                        data=event.data or {})
    if digest != event.hash:
        return "content does not match its hash (type, date, actor or data changed)"
    return None


def _tail_problem(seen: int, last: StoredEvent | None, *, head: str,
                  count: int) -> ChainBreak | None:
    """Return a break when the case's head or count shows events after the last stored."""
    last_hash = last.hash if last else ""
    if seen != count or head != last_hash:
        return ChainBreak(
            seen + 1, None,
            f"the case records {count} events ending in {head[:12] or '-'}..., but only "
            f"{seen} are stored: events after seq {seen} are missing or the head was altered")
    return None
