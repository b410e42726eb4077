"""A supervisor designates the department responsible for a case; then only supervisors move it."""

from __future__ import annotations

from datetime import datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Forbidden
from petitiondesk.core.local import local_today
from petitiondesk.extensions import db
from petitiondesk.transfers import rules
from petitiondesk.transfers.assignment_service import assign_on_arrival
from petitiondesk.transfers.models import Transfer
from petitiondesk.transfers.service import lock_case, receiving_department, supersede_pending
from petitiondesk.transfers.supervision import start_supervision


def designate(*, case: Case, department_code: str, reason: str, actor: User,
              now: datetime) -> Case:
    """Make a department responsible for the case for good; pending transfers lapse."""
    if not rules.supervises(actor.roles):
        raise Forbidden("only a supervisor designates the responsible department")
    case = lock_case(case.id)
    if case.status not in OPEN_STATUSES:
        raise Conflict(f"case {case.number} is {case.status}")
    dept = receiving_department(department_code, field="department")
    previous = case.department
    lapsed = supersede_pending(case, now=now,
                               why="a supervisor designated the responsible department")
    if not case.supervised:
        start_supervision(case, reason=f"designated by a supervisor: {reason}", now=now,
                          actor=actor)
    transfer = None
    if dept.id != previous.id:
        transfer = _record_move(case, to=dept, reason=reason, actor=actor, now=now)
        case.department, case.answerable_department, case.assignee = dept, dept, None
        db.session.flush()
    case.designated = True
    case.updated_at = now
    timeline.record(case, "designated", now=now, actor=actor, on=local_today(now), data={
        "from": previous.code, "to": dept.code, "reason": reason,
        "transfer_id": transfer.id if transfer else None,
        "superseded_transfers": [t.id for t in lapsed]})
    if transfer is not None:
        assign_on_arrival(case, now=now, actor=actor)
    return case


def _record_move(case: Case, *, to, reason: str, actor: User, now: datetime) -> Transfer:
    """Keep the supervisor's move in the transfers table, so the case's holders are in one place."""
    today = local_today(now)
    transfer = Transfer(case=case, case_id=case.id, from_department=case.department,
                        to_department=to, reason=reason, status="designated",
                        received_on=today, respond_by=today, requested_by_id=actor.id,
                        created_at=now, answered_by_id=actor.id, answered_at=now,
                        by_supervisor=True)
    db.session.add(transfer)
    db.session.flush()
    return transfer
