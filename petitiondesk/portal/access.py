"""Query codes: made once, shown once, stored as an argon2 hash; wrong codes lock out.

A case number is printed on every notice, so the code is what keeps a case private:
ten characters from a 31-letter alphabet (about 50 bits), rate-limited per address and
per case number, and locked for PORTAL_LOCK_MINUTES after PORTAL_MAX_FAILURES wrong
codes in a row. The count of failures is written in its own transaction, so the
refused request cannot roll it back.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from petitiondesk.accounts.service import current_hasher
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import DomainError
from petitiondesk.extensions import db
from petitiondesk.portal.models import PortalAccess

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
LENGTH = 10


class Locked(DomainError):
    """Too many wrong codes for this case: try later."""

    status = 429
    code = "locked"


def new_code() -> str:
    """Return a fresh query code, grouped for reading: ABCDE-FGHJK."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise(code: str) -> str:
    """Return the code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def grant(case: Case, *, now: datetime) -> str:
    """Give the case a query code; return it (the only time it exists in plain text)."""
    code = new_code()
    db.session.add(PortalAccess(case_id=case.id, code_hash=current_hasher().hash(normalise(code)),
                                failures=0, created_at=now))
    return code


def case_for(number: str, code: str, *, now: datetime) -> Case | None:
    """Return the case when number and code match; None otherwise (never says which)."""
    case = db.session.scalar(db.select(Case).where(Case.number == number.strip().upper()))
    access = db.session.get(PortalAccess, case.id) if case else None
    if access is None:
        current_hasher().hash("timing")  # the same work whether the number exists or not
        return None
    if access.locked_until is not None and access.locked_until > now:
        raise Locked("too many wrong codes for this case number; try again later")
    if _matches(access.code_hash, normalise(code)):
        _set_failures(case.id, 0, None)
        return case
    failures = access.failures + 1
    cfg = current_app.config
    locked = (now + timedelta(minutes=int(cfg["PORTAL_LOCK_MINUTES"]))
              if failures >= int(cfg["PORTAL_MAX_FAILURES"]) else None)
    _set_failures(case.id, 0 if locked else failures, locked)
    return None


def _matches(code_hash: str, code: str) -> bool:
    try:
        return current_hasher().verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def _set_failures(case_id: int, failures: int, locked_until: datetime | None) -> None:
    """Store the failure count and lock in a transaction of its own."""
    table = PortalAccess.__table__
    with db.engine.begin() as conn:
        conn.execute(table.update().where(table.c.case_id == case_id)
                     .values(failures=failures, locked_until=locked_until))
