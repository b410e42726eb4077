"""Write events onto a case's hash-chained timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases.chain import GENESIS, event_hash
from petitiondesk.cases.models import Case, Event
from petitiondesk.extensions import db


def record(
    case: Case,
    type: str,
    *,
    now: datetime,
    actor: User | None = None,
    on: date | None = None,
    data: dict | None = None,
) -> Event:
    """Append an event to the case's timeline, chained to the one before it."""
    if case.id is None:
        db.session.flush()
    fields = event_fields(case_id=case.id, seq=(case.event_count or 0) + 1,
                          prev=case.events_head or GENESIS, type=type, now=now,
                          actor_id=actor.id if actor else None, on=on, data=data)
    event = Event(**fields)
    case.event_count = fields["seq"]
    case.events_head = fields["hash"]
    db.session.add(event)
    return event


def event_fields(*, case_id: int, seq: int, prev: str, type: str, now: datetime,
                 actor_id: int | None, on: date | None, data: dict | None) -> dict:
    """Return the columns of the event numbered `seq` after the one hashed `prev`."""
    created_at = now.astimezone(UTC)
    payload = _jsonable(data or {})
    digest = event_hash(
        prev_hash=prev, case_id=case_id, seq=seq, type=type, occurred_on=on,
        created_at=created_at, actor_id=actor_id, data=payload,
    )
    return {"case_id": case_id, "seq": seq, "type": type, "occurred_on": on,
            "created_at": created_at, "actor_id": actor_id, "data": payload,
            "prev_hash": prev, "hash": digest}


def _jsonable(data: dict) -> dict:
    """Return `data` with dates and datetimes as ISO strings, as JSON will store them."""
    out = {}
    for key, value in data.items():
        if isinstance(value, datetime | date):
            out[key] = value.isoformat()
        elif isinstance(value, dict):
            out[key] = _jsonable(value)
        else:
            out[key] = value
    return out


def timeline(case_id: int) -> list[Event]:
    """Return a case's events in order."""
    return list(
        db.session.scalars(db.select(Event).where(Event.case_id == case_id).order_by(Event.seq))
    )
