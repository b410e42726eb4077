"""Who sees which case and matter; a case out of sight is absent (404).

Handlers and heads see their department's cases, and also a case another department is
transferring to theirs, while that transfer waits for their answer: they must read what
they decide on. Reading is all it gives them (parties masked, no action but accepting or
objecting); lists and queues stay their department's own.
"""

from __future__ import annotations

from sqlalchemy import Select, exists

from petitiondesk.accounts.models import User
from petitiondesk.accounts.roles import sees_all_cases
from petitiondesk.cases.models import Case, Matter
from petitiondesk.core.errors import NotFound
from petitiondesk.extensions import db


def restrict_cases(stmt: Select, user: User) -> Select:
    """Limit a query on cases to those the user may see."""
    if sees_all_cases(user.roles):
        return stmt
    return stmt.where(Case.department_id == user.department_id)


def can_see(case: Case, user: User) -> bool:
    """Return whether the user may see the case."""
    return (sees_all_cases(user.roles) or case.department_id == user.department_id
            or receives(case, user))


def receives(case: Case, user: User) -> bool:
    """Return whether the user's department must answer a pending transfer of the case."""
    from petitiondesk.transfers.models import Transfer
    from petitiondesk.transfers.rules import ANSWERING_ROLES

    if not ANSWERING_ROLES & user.roles:
        return False
    return bool(db.session.scalar(db.select(exists().where(
        Transfer.case_id == case.id, Transfer.status == "pending",
        Transfer.to_department_id == user.department_id))))


def reads_only(case: Case, user: User) -> bool:
    """Return whether the user sees the case only to answer its transfer."""
    return not sees_all_cases(user.roles) and case.department_id != user.department_id


def visible_case(case_id: int, user: User) -> Case:
    """Return the case if the user may see it, else raise NotFound."""
    case = db.session.get(Case, case_id)
    if case is None or not can_see(case, user):
        raise NotFound(f"no case {case_id}")
    return case


def visible_record(model, record_id: int, user: User, *, noun: str):
    """Return a record that belongs to a case (model.case_id) the user may see, else 404.

    The record and a case out of sight answer alike, so a 404 says nothing of either."""
    item = db.session.get(model, record_id)
    if item is None:
        raise NotFound(f"no {noun} {record_id}")
    try:
        visible_case(item.case_id, user)
    except NotFound as exc:
        raise NotFound(f"no {noun} {record_id}") from exc
    return item


def visible_matter(matter_id: int, user: User, *, field: str | None = None) -> Matter:
    """Return the matter if the user may see one of its cases, else raise NotFound."""
    matter = db.session.get(Matter, matter_id)
    if matter is None or not _sees_matter(matter, user):
        errors = {field: ["unknown matter"]} if field else None
        raise NotFound(f"no matter {matter_id}", errors=errors)
    return matter


def _sees_matter(matter: Matter, user: User) -> bool:
    if sees_all_cases(user.roles):
        return True
    stmt = db.select(exists().where(Case.matter_id == matter.id,
                                    Case.department_id == user.department_id))
    return bool(db.session.scalar(stmt))
