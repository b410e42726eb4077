"""Transfers between departments: send, accept, refuse, deem accepted.

A transfer never touches the case's obligation clocks: it only starts the receiving
department's own `transfer.object` clock and meets it when the receiver answers. The
sending department keeps the case (and stays answerable) until another accepts it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import func

from petitiondesk.accounts.models import Department, User
from petitiondesk.accounts.service import department_by_code
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db
from petitiondesk.transfers import rules
from petitiondesk.transfers.assignment_service import assign_on_arrival
from petitiondesk.transfers.models import Transfer
from petitiondesk.transfers.supervision import start_supervision

log = logging.getLogger(__name__)

OBJECT_CLOCK = "transfer.object"
HELD_STATUSES = ("accepted", "deemed_accepted", "designated")


def request_transfer(*, case: Case, to_code: str, reason: str, actor: User,
                     now: datetime) -> Transfer:
    """Send a case to another department, which has 5 working days to accept or object."""
    reason = required_reason(reason)
    case = lock_case(case.id)
    to = receiving_department(to_code)
    _require_open(case)
    history = case_history(case)
    if not rules.may_send(actor.roles, user_department=actor.department.code, history=history):
        raise Forbidden("only the department holding the case (or a supervisor) may send it")
    verdict = rules.judge_transfer(history, to=to.code, roles=actor.roles,
                                   max_transfers=current_app.config["MAX_TRANSFERS"])
    if not verdict.allowed:
        raise _refusal_error(verdict)
    transfer = _new_transfer(case, to=to, reason=reason, actor=actor, now=now)
    case.transfers_count = (case.transfers_count or 0) + 1
    case.bounced = case.bounced or verdict.bounce
    case.updated_at = now
    notify_transfer(transfer, event="transfer_requested", actor=actor, now=now, data={
        "reason": reason, "bounce": verdict.bounce, "transfers_count": case.transfers_count,
        "respond_by": transfer.respond_by})
    if verdict.supervision:
        start_supervision(case, reason=verdict.supervision, now=now, actor=actor,
                          data={"cause": "bounce" if verdict.bounce else "cap",
                                "transfer_id": transfer.id})
    return transfer


def required_reason(reason: str | None) -> str:
    """Return the reason stripped, or refuse a blank one: every move needs a reason."""
    if not (reason or "").strip():
        raise Invalid("a reason is required", errors={"reason": ["a reason is required"]})
    return reason.strip()


def _refusal_error(verdict: rules.Verdict) -> Exception:
    """Return the domain error for a transfer the rules refuse."""
    if verdict.refusal_kind == "invalid":
        return Invalid(verdict.refusal, errors={"to_department": [verdict.refusal]})
    return {"conflict": Conflict, "forbidden": Forbidden}[verdict.refusal_kind](verdict.refusal)


def _new_transfer(case: Case, *, to: Department, reason: str, actor: User,
                  now: datetime) -> Transfer:
    """Store a pending transfer and start the receiver's clock to answer it."""
    today = local_today(now)
    transfer = Transfer(case=case, case_id=case.id, from_department=case.department,
                        to_department=to, reason=reason, status="pending", received_on=today,
                        respond_by=today, requested_by_id=actor.id, created_at=now,
                        by_supervisor=rules.supervises(actor.roles))
    db.session.add(transfer)
    db.session.flush()
    clock = clocks.start(case, OBJECT_CLOCK, on=today, now=now, transfer_id=transfer.id)
    transfer.respond_by = clock.due_on
    return transfer


def receiving_department(code: str, *, field: str = "to_department") -> Department:
    """Return the active department a case goes to, or a field error."""
    try:
        dept = department_by_code(code)
    except NotFound as exc:  # a named record that does not exist: 404, naming the field
        raise NotFound(exc.message, errors={field: ["unknown department"]}) from exc
    if not dept.active:
        raise Invalid(f"department {code!r} is inactive", errors={field: ["inactive department"]})
    return dept


def _require_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise Conflict(f"case {case.number} is {case.status}; it can no longer move")


def case_history(case: Case) -> rules.CaseHistory:
    """Return the departments that held the case, refused it, and its transfer count."""
    rows = list(db.session.scalars(db.select(Transfer).where(Transfer.case_id == case.id)
                                   .order_by(Transfer.id)))
    current = case.department.code
    held = [current]
    for t in rows:
        held.append(t.from_department.code)
        if t.status in HELD_STATUSES:
            held.append(t.to_department.code)
    refused = {t.to_department.code for t in rows
               if t.status == "rejected" and t.from_department_id == case.department_id}
    return rules.CaseHistory(
        current=current, held=tuple(dict.fromkeys(held)),
        transfers_count=case.transfers_count or 0, designated=case.designated,
        refused_by=frozenset(refused), pending=any(t.status == "pending" for t in rows))


def lock_case(case_id: int) -> Case:
    """Return the case row locked for this transaction (PostgreSQL; SQLite serialises)."""
    stmt = (db.select(Case).where(Case.id == case_id).with_for_update(of=Case)
            .execution_options(populate_existing=True))
    return db.session.scalars(stmt).unique().one()


def locked_transfer(transfer_id: int, user: User) -> Transfer:
    """Return a transfer the user may see, locked until the transaction ends."""
    stmt = (db.select(Transfer).where(Transfer.id == transfer_id)
            .with_for_update(of=Transfer).execution_options(populate_existing=True))
    transfer = db.session.scalars(stmt).unique().one_or_none()
    if transfer is None or not can_see_transfer(transfer, user):
        raise NotFound(f"no transfer {transfer_id}")
    return transfer


def can_see_transfer(transfer: Transfer, user: User) -> bool:
    """Return whether the user sees a transfer: both departments and see-all roles do."""
    from petitiondesk.accounts.roles import sees_all_cases

    return sees_all_cases(user.roles) or user.department_id in (
        transfer.from_department_id, transfer.to_department_id)


def visible_transfer(transfer_id: int, user: User) -> Transfer:
    """Return a transfer the user may see, else raise NotFound."""
    transfer = db.session.get(Transfer, transfer_id)
    if transfer is None or not can_see_transfer(transfer, user):
        raise NotFound(f"no transfer {transfer_id}")
    return transfer


def accept_transfer(*, transfer_id: int, actor: User, now: datetime,
                    version: int | None = None) -> Transfer:
    """Accept a transfer: the case moves to the receiving department, which now answers."""
    transfer = _answerable(transfer_id, actor, version)
    _close_transfer(transfer, "accepted", actor=actor, now=now)
    _move_case(transfer, now=now, actor=actor)
    notify_transfer(transfer, event="transfer_accepted", actor=actor, now=now,
                    data=_pending_time(transfer, now))
    return transfer


def reject_transfer(*, transfer_id: int, reason: str, actor: User, now: datetime,
                    version: int | None = None) -> Transfer:
    """Refuse a transfer with a reason: the case stays with (returns to) the sender."""
    reason = required_reason(reason)
    transfer = _answerable(transfer_id, actor, version)
    _close_transfer(transfer, "rejected", actor=actor, now=now, reason=reason)
    transfer.case.updated_at = now
    notify_transfer(transfer, event="transfer_rejected", actor=actor, now=now,
                    data={"reason": reason, **_pending_time(transfer, now)})
    return transfer


def _answerable(transfer_id: int, actor: User, version: int | None) -> Transfer:
    """Return the locked pending transfer the actor may answer, or raise."""
    transfer = locked_transfer(transfer_id, actor)
    if not rules.may_answer(actor.roles, user_department=actor.department.code,
                            to=transfer.to_department.code):
        raise Forbidden("only the receiving department's handlers and heads may answer")
    if transfer.status != "pending":
        raise Conflict(f"transfer {transfer.id} was already answered ({transfer.status})")
    if version is not None and version != transfer.version:
        raise Conflict(f"transfer is at version {transfer.version}, not {version}")
    _require_open(transfer.case)
    return transfer


def _close_transfer(transfer: Transfer, status: str, *, now: datetime,
                    actor: User | None = None, reason: str | None = None) -> None:
    """Record the answer and stop the receiver's clock."""
    transfer.status = status
    transfer.answered_at = now
    transfer.answered_by_id = actor.id if actor else None
    transfer.answer_reason = reason
    stop_object_clock(transfer, on=local_today(now), cancel=status in ("superseded",
                                                                        "cancelled"))


def stop_object_clock(transfer: Transfer, *, on, cancel: bool = False) -> None:
    """Meet (or cancel, when no answer is owed any more) the transfer's clock."""
    stmt = db.select(Clock).where(Clock.transfer_id == transfer.id, Clock.met_on.is_(None),
                                  Clock.cancelled.is_(False))
    for clock in db.session.scalars(stmt):
        clock.next_alert_at = None
        if cancel:
            clock.cancelled = True
        else:
            clock.met_on = on
    clocks.refresh_next_due(transfer.case)


def _move_case(transfer: Transfer, *, now: datetime, actor: User | None) -> None:
    """Hand the case to the receiving department, which becomes answerable for it."""
    case = transfer.case
    case.department = transfer.to_department
    case.answerable_department = transfer.to_department
    case.assignee = None
    case.updated_at = now
    db.session.flush()
    assign_on_arrival(case, now=now, actor=actor)


def _pending_time(transfer: Transfer, now: datetime) -> dict:
    """Return how long the transfer waited for its answer, for the statistics."""
    answered_on = local_today(now)
    return {"requested_on": transfer.received_on, "answered_on": answered_on,
            "pending_days": (answered_on - transfer.received_on).days,
            "pending_seconds": int((now - transfer.created_at).total_seconds())}


def deem_overdue_transfers(*, now: datetime) -> int:
    """Deem accepted every transfer left unanswered past its deadline; return how many.

    The caller commits (the scheduler and `petitiondesk sweep`); rows another process is
    deeming or answering right now are skipped and picked up by the next run.
    """
    today = local_today(now)
    due = (db.select(Clock.due_on).where(Clock.transfer_id == Transfer.id,
                                         Clock.key == OBJECT_CLOCK)
           .order_by(Clock.id).limit(1).correlate(Transfer).scalar_subquery())
    stmt = (db.select(Transfer).where(Transfer.status == "pending",
                                      func.coalesce(due, Transfer.respond_by) < today)
            .order_by(Transfer.id).with_for_update(of=Transfer, skip_locked=True)
            .execution_options(populate_existing=True))
    count = 0
    for transfer in db.session.scalars(stmt).unique().all():
        try:
            with db.session.begin_nested():  # one bad row must not hold back the others
                _deem(transfer, now=now)
            count += 1
        except Exception:
            log.exception("could not deem transfer %s accepted; the next run retries",
                          transfer.id)
    db.session.flush()
    return count


def _deem(transfer: Transfer, *, now: datetime) -> None:
    """Deem one transfer accepted (or drop it when its case closed meanwhile)."""
    if transfer.case.status not in OPEN_STATUSES:
        _close_transfer(transfer, "cancelled", now=now, reason="case closed meanwhile")
        return
    _close_transfer(transfer, "deemed_accepted", now=now,
                    reason="no answer within the time allowed")
    _move_case(transfer, now=now, actor=None)
    notify_transfer(transfer, event="transfer_deemed_accepted", actor=None, now=now,
                    data={"respond_by": transfer.respond_by, **_pending_time(transfer, now)})


def supersede_pending(case: Case, *, now: datetime, why: str) -> list[Transfer]:
    """Close the case's pending transfers without an answer (designation, diversion)."""
    stmt = db.select(Transfer).where(Transfer.case_id == case.id, Transfer.status == "pending")
    closed = list(db.session.scalars(stmt))
    for transfer in closed:
        _close_transfer(transfer, "superseded", now=now, reason=why)
    return closed


def notify_transfer(transfer: Transfer, *, event: str, now: datetime, actor: User | None,
                    data: dict | None = None) -> None:
    """Tell the departments concerned about a transfer; for now only the timeline records it.

    The call site for e-mail: the alerts area adds outbox messages here (to the receiving
    department on `transfer_requested`, to the sender on the answers), in the same
    transaction as the change.
    """
    payload = {"transfer_id": transfer.id, "from": transfer.from_department.code,
               "to": transfer.to_department.code, "by_supervisor": transfer.by_supervisor,
               **(data or {})}
    timeline.record(transfer.case, event, now=now, actor=actor, on=local_today(now),
                    data=payload)


def answering_department_id(clock: Clock, case: Case) -> int:
    """Return the department a clock's obligation falls on: a transfer's receiver, else the case's.

    For the alerts: while a transfer waits, the case still belongs to the sender, but the
    `transfer.object` clock is the receiving department's to meet.
    """
    if clock.key == OBJECT_CLOCK and clock.transfer_id is not None:
        transfer = db.session.get(Transfer, clock.transfer_id)
        if transfer is not None:
            return transfer.to_department_id
    return case.department_id
