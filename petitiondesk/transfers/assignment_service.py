"""Assign a case inside its department, by the department's mode or by its head."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func

from petitiondesk.accounts.models import Department, User, UserRole
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from petitiondesk.core.local import local_today
from petitiondesk.extensions import db
from petitiondesk.transfers.assignment import choose_assignee
from petitiondesk.transfers.rules import supervises

ASSIGNABLE_ROLES = ("handler", "head")


def assign_on_arrival(case: Case, *, now: datetime, actor: User | None = None) -> User | None:
    """Assign a case that arrived in a department by the department's mode; return whom."""
    if case.assignee_id is not None:
        return None
    if case.department.assignment_mode == "unassigned":
        return None  # the common case takes no lock
    dept = _locked_department(case.department_id)
    handlers = _handler_ids(dept.id, roles=("handler",))
    chosen = choose_assignee(dept.assignment_mode, handlers=handlers,
                             last_assigned=dept.last_assigned_user_id,
                             open_counts=_open_counts(handlers))
    if chosen is None:
        return None
    dept.last_assigned_user_id = chosen
    user = db.session.get(User, chosen)
    _assign(case, user, now=now, actor=actor, data={"mode": dept.assignment_mode})
    return user


def reassign(*, case: Case, user_id: int, actor: User, now: datetime) -> Case:
    """Give the case to a handler of its department; the department's head decides."""
    if not (supervises(actor.roles) or (actor.has_role("head")
                                        and actor.department_id == case.department_id)):
        raise Forbidden("only the head of the case's department (or a supervisor) assigns it")
    if case.status not in OPEN_STATUSES:
        raise Conflict(f"case {case.number} is {case.status}")
    if user_id not in _handler_ids(case.department_id, roles=ASSIGNABLE_ROLES):
        raise NotFound(f"no active handler {user_id} in the case's department",
                      errors={"user_id": ["not an active handler of the case's department"]})
    previous = case.assignee_id
    _assign(case, db.session.get(User, user_id), now=now, actor=actor,
            data={"mode": "by_head", "previous_id": previous})
    return case


def _assign(case: Case, user: User, *, now: datetime, actor: User | None, data: dict) -> None:
    """Set the assignee and write it on the timeline."""
    case.assignee = user
    case.updated_at = now
    timeline.record(case, "assigned", now=now, actor=actor, on=local_today(now), data={
        "assignee_id": user.id, "assignee": user.name, "department": case.department.code,
        **data})


def _locked_department(dept_id: int) -> Department:
    """Return the department locked, so two arrivals do not take the same turn."""
    stmt = (db.select(Department).where(Department.id == dept_id)
            .with_for_update(of=Department).execution_options(populate_existing=True))
    return db.session.scalars(stmt).unique().one()


def _handler_ids(dept_id: int, *, roles: tuple[str, ...]) -> list[int]:
    """Return the ids of the department's active users holding one of `roles`."""
    stmt = (db.select(User.id).join(UserRole, UserRole.user_id == User.id)
            .where(User.department_id == dept_id, User.active.is_(True),
                   UserRole.role.in_(roles)).distinct())
    return sorted(db.session.scalars(stmt))


def _open_counts(user_ids: list[int]) -> dict[int, int]:
    """Return how many open cases each user holds."""
    if not user_ids:
        return {}
    stmt = (db.select(Case.assignee_id, func.count(Case.id))
            .where(Case.assignee_id.in_(user_ids), Case.status.in_(OPEN_STATUSES))
            .group_by(Case.assignee_id))
    return dict(db.session.execute(stmt).all())


def set_assignment_mode(*, department_code: str, mode: str) -> Department:
    """Choose how a department's incoming cases are assigned."""
    from petitiondesk.accounts.service import department_by_code
    from petitiondesk.transfers.assignment import MODES

    if mode not in MODES:
        raise Invalid(f"unknown assignment mode {mode!r}",
                      errors={"assignment_mode": [f"one of {', '.join(MODES)}"]})
    dept = department_by_code(department_code)
    dept.assignment_mode = mode
    db.session.flush()
    return dept
