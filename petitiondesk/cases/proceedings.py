"""Proceeding events: what each does to a case and its clocks."""

from __future__ import annotations

from datetime import date, datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.lifecycle import IllegalTransition, next_status
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict, Invalid
from petitiondesk.deadlines import service as clocks

JUDGMENT_KINDS = ("judgment", "ruling")


def apply_proceeding_event(case: Case, *, type: str, on: date, data: dict, actor: User,
                           now: datetime) -> None:
    """Validate an event's data, apply its effect and write it on the timeline."""
    _validate(case, type, data)
    if type in ("review_requested", "rereview_requested"):
        _start_review(case, type)
    if type == "complaint_served":
        case.attributes = {**(case.attributes or {}), "complaint_served_on": on.isoformat()}
    if type == "copy_received":
        case.attributes = {**(case.attributes or {}), "copy_received_on": on.isoformat()}
    if type in ("hearing_scheduled", "head_appeared", "judgment_served"):
        from petitiondesk.legal.litigation import on_litigation_event

        data = on_litigation_event(case, type=type, on=on, data=data, now=now)
    timeline.record(case, type, now=now, actor=actor, on=on, data=data)
    clocks.apply_event(case, type, on=on, now=now, data=data)


def _validate(case: Case, type: str, data: dict) -> None:
    """Refuse events that do not fit the case's track or miss their data."""
    litigation_only = ("complaint_served", "answer_submitted", "judgment_served",
                       "appeal_filed", "hearing_scheduled", "head_appeared")
    if type in litigation_only and case.track != "litigation":
        raise Conflict(f"{type} belongs to a litigation case",
                      errors={"type": ["not for this track"]})
    if type == "judgment_served" and data.get("kind") not in JUDGMENT_KINDS:
        raise Invalid("judgment_served needs data.kind judgment or ruling",
                      errors={"data": {"kind": ["judgment or ruling"]}})
    if type == "hearing_scheduled" and not data.get("at"):
        raise Invalid("hearing_scheduled needs data.at, an instant",
                      errors={"data": {"at": ["required"]}})
    if type in ("review_requested", "rereview_requested") and case.track != "petition":
        raise Conflict(f"{type} belongs to a petition", errors={"type": ["not for this track"]})


def _start_review(case: Case, type: str) -> None:
    """Reopen a replied petition for review or re-review."""
    stage = "review" if type == "review_requested" else "rereview"
    try:
        case.status = next_status(track=case.track, status=case.status, action="request_review")
    except IllegalTransition as exc:
        raise Conflict(str(exc)) from exc
    case.attributes = {**(case.attributes or {}), "review_stage": stage}
    case.closed_at = None
    case.closed_on = None
