"""Cases under supervision: putting a case there, and the supervisor's list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func

from petitiondesk.accounts.models import User
from petitiondesk.accounts.roles import may_watch_supervision
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.cases.visibility import restrict_cases
from petitiondesk.core.errors import Forbidden
from petitiondesk.core.local import local_today
from petitiondesk.extensions import db

REASON_MAX = 400


def start_supervision(case: Case, *, reason: str, now: datetime, actor: User | None = None,
                      data: dict | None = None) -> bool:
    """Put a case under supervision with a reason; return False when it already was.

    Other areas call this too (the escalation ladder for cases long overdue). A case
    already under supervision keeps its first reason and gets the new one added.
    """
    payload = {"reason": reason, "department": case.department.code, **(data or {})}
    if case.supervised:
        if reason not in (case.supervision_reason or ""):
            case.supervision_reason = f"{case.supervision_reason}; {reason}"[:REASON_MAX]
            timeline.record(case, "supervision_noted", now=now, actor=actor,
                            on=local_today(now), data=payload)
        return False
    case.supervised = True
    case.supervision_reason = reason[:REASON_MAX]
    case.updated_at = now
    timeline.record(case, "supervision_started", now=now, actor=actor, on=local_today(now),
                    data=payload)
    return True


def supervised_page(*, user: User, page: int, per_page: int) -> tuple[list[Case], int]:
    """Return open cases under supervision the user may see, undesignated ones first."""
    if not may_watch_supervision(user.roles):
        raise Forbidden("only supervisors, heads, auditors and administrators see supervision")
    stmt = restrict_cases(db.select(Case), user).where(
        Case.supervised.is_(True), Case.status.in_(OPEN_STATUSES))
    total = db.session.scalar(db.select(func.count()).select_from(stmt.subquery()))
    stmt = stmt.order_by(Case.designated, Case.next_due_on.is_(None), Case.next_due_on, Case.id)
    items = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return items, total
