"""Lifecycle actions on a case: accept, reply, close, events; each written on the timeline."""

from __future__ import annotations

from datetime import date, datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.lifecycle import IllegalTransition, next_status
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Forbidden, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.legal.chain import outcome_problem

# lifecycle action → the clock event it fires
CLOCK_EVENT = {"accept": "accepted", "reply": "replied", "close": "closed",
               "reject": "rejected", "divert": "diverted", "withdraw": "withdrawn"}


def check_version(case: Case, expected: int | None) -> None:
    """Refuse the change when the caller saw an older version of the case."""
    if expected is not None and expected != case.version:
        raise Conflict(f"case is at version {case.version}, not {expected}; reload and retry")


def transition(case: Case, action: str, *, actor: User, now: datetime,
               data: dict | None = None, clock_event: str | None = None) -> Case:
    """Move the case by a lifecycle action, fire its clocks and write the event."""
    try:
        target = next_status(track=case.track, status=case.status, action=action)
    except IllegalTransition as exc:
        raise Conflict(str(exc)) from exc
    today = local_today(now)
    case.status = target
    case.updated_at = now
    if target in ("closed", "rejected", "diverted", "withdrawn"):
        case.closed_at, case.closed_on = now, today
        case.suspended = False  # an ended case is no longer on hold; its clocks are met below
    # the event is named after the status reached: accepted, replied, closed, rejected, ...
    timeline.record(case, target, now=now, actor=actor, on=today, data=data or {})
    clocks.apply_event(case, clock_event or CLOCK_EVENT[action], on=today, now=now,
                       data=data or {})
    return case


def accept(case: Case, *, actor: User, now: datetime, version: int | None = None) -> Case:
    """Accept a registered case: its department takes it on."""
    _require_handler(case, actor)
    check_version(case, version)
    if case.assignee_id is None and actor.department_id == case.department_id:
        case.assignee = actor
    return transition(case, "accept", actor=actor, now=now)


def reply(case: Case, *, text: str, outcome: str, actor: User, now: datetime,
          version: int | None = None) -> Case:
    """Give the written reply (or review opinion) and meet its clock."""
    _require_handler(case, actor)
    check_version(case, version)
    stage = (case.attributes or {}).get("review_stage")
    clock_event = {"review": "review_replied", "rereview": "rereview_replied"}.get(stage, "replied")
    case.outcome = outcome
    return transition(case, "reply", actor=actor, now=now, clock_event=clock_event,
                      data={"text": text, "outcome": outcome, "stage": stage or "reply"})


def close(case: Case, *, outcome: str, actor: User, now: datetime,
          version: int | None = None) -> Case:
    """Close the case with an outcome."""
    _require_handler(case, actor)
    check_version(case, version)
    problem = outcome_problem(track=case.track, kind=(case.attributes or {}).get("kind"),
                              outcome=outcome)
    if problem:  # the outcome is a valid word, but not one this case's track ends with
        raise Conflict(problem, errors={"outcome": [problem]})
    case.outcome = outcome
    return transition(case, "close", actor=actor, now=now, data={"outcome": outcome})


def reject(case: Case, *, reason: str, actor: User, now: datetime,
           version: int | None = None) -> Case:
    """Refuse to accept a registered case (不予受理), with the reason given to the petitioner."""
    _require_handler(case, actor)
    check_version(case, version)
    case.outcome = "not_accepted"
    return transition(case, "reject", actor=actor, now=now, data={"reason": reason})


def withdraw(case: Case, *, reason: str, actor: User, now: datetime,
             version: int | None = None) -> Case:
    """Record that the petitioner or applicant withdrew; the case ends."""
    _require_handler(case, actor)
    check_version(case, version)
    case.outcome = "withdrawn"
    return transition(case, "withdraw", actor=actor, now=now, data={"reason": reason})


def _require_handler(case: Case, actor: User) -> None:
    """Only the owning department's handlers and heads, supervisors and counsel act."""
    if actor.has_role("supervisor", "admin"):
        return
    if actor.has_role("counsel") and case.track in ("litigation", "reconsideration"):
        return
    if actor.has_role("handler", "head") and actor.department_id == case.department_id:
        return
    raise Forbidden("only the owning department's handlers and heads may do this")


def record_event(case: Case, *, type: str, on: date, data: dict, actor: User,
                 now: datetime, version: int | None = None) -> Case:
    """Record a proceeding event (served papers, hearings, review requests) and fire clocks."""
    _require_handler(case, actor)
    check_version(case, version)
    if on > local_today(now):
        raise Invalid("the event date is in the future", errors={"on": ["must not be after today"]})
    from petitiondesk.cases.proceedings import apply_proceeding_event

    apply_proceeding_event(case, type=type, on=on, data=data, actor=actor, now=now)
    case.updated_at = now
    return case


def require_handler(case: Case, actor: User) -> None:
    """Refuse (403) anyone but the case's handlers, heads, supervisors and counsel."""
    _require_handler(case, actor)


def suspend(case: Case, *, reason: str, actor: User, now: datetime,
            version: int | None = None) -> Case:
    """Suspend the case (中止): every running clock stops until it resumes."""
    from petitiondesk.deadlines.suspension import suspend_case

    _require_handler(case, actor)
    check_version(case, version)
    return suspend_case(case, reason=reason, actor=actor, now=now)


def resume(case: Case, *, reason: str, actor: User, now: datetime,
           version: int | None = None) -> Case:
    """Resume a suspended case: its clocks run on with the time they had left."""
    from petitiondesk.deadlines.suspension import resume_case

    _require_handler(case, actor)
    check_version(case, version)
    return resume_case(case, reason=reason, actor=actor, now=now)
