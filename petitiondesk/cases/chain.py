"""The timeline's hash chain; pure."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

GENESIS = "0" * 64
# one encoder for every hash: json.dumps with options would build a new one per call
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                            default=str)


def event_hash(
    *,
    prev_hash: str,
    case_id: int,
    seq: int,
    type: str,
    occurred_on: date | None,
    created_at: datetime,
    actor_id: int | None,
    data: dict,
) -> str:
    """Return the SHA-256 over an event's content and the hash before it."""
    payload = _ENCODER.encode(
        {
            "prev": prev_hash,
            "case": case_id,
            "seq": seq,
            "type": type,
            "on": occurred_on.isoformat() if occurred_on else None,
            "at": created_at.isoformat(timespec="microseconds"),
            "actor": actor_id,
            "data": data,
        },
    )
    return hashlib.sha256(payload.encode()).hexdigest()
