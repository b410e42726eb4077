"""Reading transfers: a department's inbox and outbox, one page at a time."""

from __future__ import annotations

from sqlalchemy import func

from petitiondesk.accounts.models import User
from petitiondesk.accounts.roles import sees_all_cases
from petitiondesk.core.errors import Forbidden
from petitiondesk.extensions import db
from petitiondesk.transfers.models import Transfer


def transfer_page(*, user: User, filters: dict) -> tuple[list[Transfer], int]:
    """Return transfers to the user's department (`in`), from it (`out`), or all (`all`)."""
    stmt = db.select(Transfer)
    direction = filters.get("direction", "in")
    if direction == "in":
        stmt = stmt.where(Transfer.to_department_id == user.department_id)
    elif direction == "out":
        stmt = stmt.where(Transfer.from_department_id == user.department_id)
    elif not sees_all_cases(user.roles):
        raise Forbidden("only supervisors, clerks, counsel, auditors and admins see every transfer")
    if filters.get("status"):
        stmt = stmt.where(Transfer.status == filters["status"])
    total = db.session.scalar(db.select(func.count()).select_from(stmt.subquery()))
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    stmt = stmt.order_by(Transfer.respond_by, Transfer.id).offset((page - 1) * per_page)
    return list(db.session.scalars(stmt.limit(per_page)).unique()), total
