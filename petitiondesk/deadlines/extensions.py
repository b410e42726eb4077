"""Extension requests: the handler asks with a reason, the rule's approver decides.

A rule names how far its period may be extended (`max_extension`, in
`extension_unit`) and which role approves (`approver_role`). Variants (e.g. the
simplified reconsideration procedure) allow no extension. Only approved days count
towards the maximum: a pending request does not reserve any.
"""

from __future__ import annotations

from datetime import datetime

from petitiondesk.accounts.models import User
from petitiondesk.accounts.roles import sees_all_cases
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock, Extension
from petitiondesk.deadlines.rules import DeadlineRule
from petitiondesk.deadlines.upkeep import redue
from petitiondesk.extensions import db
from petitiondesk.security.robust import MAX_ID

UNIT_NAMES = {"d": "days", "wd": "working days", "m": "months"}


def request_extension(case: Case, *, clock: str, days: int, reason: str, actor: User,
                      now: datetime) -> Extension:
    """Ask to extend one of the case's clocks (by key or id) by `days`; pending."""
    target = find_clock(case, clock)
    rule = _extendable_rule(target)
    _check_within_maximum(target, rule, days)
    extension = Extension(case_id=case.id, clock_id=target.id, days=days, reason=reason,
                          status="pending", requested_by_id=actor.id, requested_at=now)
    db.session.add(extension)
    db.session.flush()
    case.updated_at = now
    timeline.record(case, "extension_requested", now=now, actor=actor, on=local_today(now),
                    data={"clock": target.key, "days": days, "extension": extension.id,
                          "reason": reason})
    return extension


def approve_extension(extension: Extension, *, actor: User, now: datetime) -> Case:
    """Grant a pending extension: the clock runs `days` longer."""
    case, target = _decidable(extension, actor)
    rule = _extendable_rule(target)
    _check_within_maximum(target, rule, extension.days)
    target.extended_days = (target.extended_days or 0) + extension.days
    redue(target, now=now)
    clocks.refresh_next_due(case)
    _decide(extension, "approved", actor=actor, now=now, reason=None)
    timeline.record(case, "extension_approved", now=now, actor=actor, on=local_today(now),
                    data={"clock": target.key, "days": extension.days,
                          "extension": extension.id, "due_on": target.due_on})
    return case


def reject_extension(extension: Extension, *, reason: str, actor: User, now: datetime) -> Case:
    """Refuse a pending extension; the clock is unchanged."""
    case, target = _decidable(extension, actor)
    _decide(extension, "rejected", actor=actor, now=now, reason=reason)
    timeline.record(case, "extension_rejected", now=now, actor=actor, on=local_today(now),
                    data={"clock": target.key, "days": extension.days,
                          "extension": extension.id, "reason": reason})
    return case


def find_clock(case: Case, ref: str) -> Clock:
    """Return the case's clock with this id or key (the running one first), or 404."""
    stmt = db.select(Clock).where(Clock.case_id == case.id, Clock.cancelled.is_(False))
    ref = str(ref)
    by_id = ref.isdigit() and int(ref) <= MAX_ID  # a longer number is no id, but may be a key
    stmt = stmt.where(Clock.id == int(ref)) if by_id else stmt.where(Clock.key == ref)
    # running before met, newest first: a key names the clock that still counts
    found = db.session.scalars(stmt.order_by(Clock.met_on.is_not(None), Clock.id.desc())).first()
    if found is None:
        raise NotFound(f"this case has no clock {ref!r}", errors={"clock": ["no such clock"]})
    return found


def _extendable_rule(clock: Clock) -> DeadlineRule:
    """Return the clock's rule, or 409 when the clock is met or cannot be extended."""
    if not clock.is_open:
        raise Conflict(f"the clock {clock.key} is no longer running")
    rule = clocks.rules()[clock.key]
    if _maximum(clock, rule) == 0:
        raise Conflict(f"the rule {clock.key} allows no extension")
    return rule


def _maximum(clock: Clock, rule: DeadlineRule) -> int:
    """Return the most the clock's rule (or variant) may be extended by."""
    variant = clock.variant if clock.variant in rule.variants else None
    return rule.max_extension_for(variant)


def _check_within_maximum(clock: Clock, rule: DeadlineRule, days: int) -> None:
    """Refuse (422) more than the rule's maximum, counting the days already granted."""
    left = _maximum(clock, rule) - (clock.extended_days or 0)
    if days > left:
        unit = UNIT_NAMES.get(rule.extension_unit or rule.unit, rule.extension_unit)
        raise Invalid(f"{clock.key} may be extended by at most {left} more {unit}",
                      errors={"days": [f"at most {left}"]})


def _decidable(extension: Extension, actor: User) -> tuple[Case, Clock]:
    """Return the case and clock of a pending extension the actor may decide."""
    case = db.session.get(Case, extension.case_id)
    rule = clocks.rules()[extension.clock.key]
    if not may_decide(actor, case=case, rule=rule):
        raise Forbidden(f"only the {rule.approver_role} of the case's department may decide")
    if extension.status != "pending":
        raise Conflict(f"the extension is already {extension.status}")
    return case, extension.clock


def may_decide(actor: User, *, case: Case, rule: DeadlineRule) -> bool:
    """Return whether the actor holds the rule's approving role for this case."""
    role = rule.approver_role
    if role is None or not actor.has_role(role):
        return False
    # a head approves for their own department; a bureau-wide role for every case
    return sees_all_cases({role}) or actor.department_id == case.department_id


def _decide(extension: Extension, status: str, *, actor: User, now: datetime,
            reason: str | None) -> None:
    extension.status = status
    extension.decided_by_id, extension.decided_at = actor.id, now
    extension.decision_reason = reason
    db.session.get(Case, extension.case_id).updated_at = now


def get_extension(extension_id: int, *, user: User) -> Extension:
    """Return an extension whose case the user may see, or 404."""
    from petitiondesk.cases.visibility import visible_case

    extension = db.session.get(Extension, extension_id)
    if extension is None:
        raise NotFound("no such extension")
    visible_case(extension.case_id, user)
    return extension


def case_extensions(case_id: int) -> list[Extension]:
    """Return a case's extension requests, oldest first."""
    return list(db.session.scalars(
        db.select(Extension).where(Extension.case_id == case_id).order_by(Extension.id)))


def case_extension_views(case_id: int) -> list[dict]:
    """Return a case's extension requests as plain data, oldest first."""
    return [extension_view(e) for e in case_extensions(case_id)]


def extension_view(extension: Extension) -> dict:
    """Return an extension request as plain data."""
    return {"id": extension.id, "case_id": extension.case_id, "clock": extension.clock.key,
            "clock_id": extension.clock_id, "days": extension.days,
            "reason": extension.reason, "status": extension.status,
            "requested_by": extension.requested_by, "requested_at": extension.requested_at,
            "decided_at": extension.decided_at, "decision_reason": extension.decision_reason}


def extension_list(*, user: User, status: str | None = None, limit: int = 200) -> list[Extension]:
    """Return extension requests on cases the user may see, oldest first."""
    from petitiondesk.cases.visibility import restrict_cases

    stmt = restrict_cases(db.select(Extension).join(Case, Case.id == Extension.case_id), user)
    if status:
        stmt = stmt.where(Extension.status == status)
    return list(db.session.scalars(stmt.order_by(Extension.id).limit(limit)))
