"""Lawsuits: the instance chain as linked cases, and hearings stored for listing and feeds."""

from __future__ import annotations

from datetime import date, datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case, CaseParty
from petitiondesk.core.errors import Conflict, Invalid
from petitiondesk.core.local import tz
from petitiondesk.core.timeutil import end_of_day_utc, parse_instant
from petitiondesk.extensions import db
from petitiondesk.legal.chain import (
    GUIDANCE_KIND,
    appeared_names,
    next_instance_problem,
    outcome_problem,
)
from petitiondesk.legal.models import Hearing


def next_instance(*, case: Case, data: dict, actor: User, now: datetime) -> Case:
    """Open the next instance of a lawsuit as a linked litigation case of the same matter."""
    from petitiondesk.cases.actions import require_handler
    from petitiondesk.cases.intake import register_case

    require_handler(case, actor)
    attrs = case.attributes or {}
    _check_next(case, attrs, data)
    follow = register_case(actor=actor, now=now, data={
        "track": "litigation", "channel": "court", "title": case.title,
        "description": case.description, "category": case.category, "area": case.area,
        "received_on": data["received_on"], "parties": [], "matter_id": case.matter_id,
        "department": case.department.code, "attributes": _next_attributes(case, data)})
    follow.party_links = [CaseParty(party=link.party, role=link.role)
                          for link in case.party_links]
    case.attributes = {**attrs, "next_case_id": follow.id}
    case.updated_at = now
    timeline.record(case, "next_instance", now=now, actor=actor, on=data["received_on"],
                    data={"case_id": follow.id, "instance": data["instance"]})
    return follow


def _check_next(case: Case, attrs: dict, data: dict) -> None:
    """Refuse a next instance that does not follow this case in the chain."""
    if case.track != "litigation":
        raise Conflict("only a litigation case has a next instance")
    if attrs.get("next_case_id"):
        raise Conflict(f"case {case.number} already has its next instance")
    current = None if attrs.get("kind") == GUIDANCE_KIND else attrs.get("instance", "first")
    problem = next_instance_problem(current, data["instance"])
    if problem:
        raise Conflict(problem)
    if data["received_on"] < case.received_on:
        raise Invalid("the next instance cannot start before this one",
                      errors={"received_on": [f"on or after {case.received_on.isoformat()}"]})


def _next_attributes(case: Case, data: dict) -> dict:
    """Return the new case's attributes: the court's, our role, and the link back."""
    role = data.get("our_role") or (case.attributes or {}).get("our_role")
    attrs = {"instance": data["instance"], "court": data["court"],
             "court_case_number": data["court_case_number"], "previous_case_id": case.id}
    if role:
        attrs["our_role"] = role
    if data.get("complaint_served_on"):
        attrs["complaint_served_on"] = data["complaint_served_on"]
    return attrs


def on_litigation_event(case: Case, *, type: str, on: date, data: dict, now: datetime) -> dict:
    """Check a judgment's outcome, store hearings and appearances; return the data to record."""
    if type == "judgment_served":
        problem = outcome_problem(track="litigation", kind=None, outcome=data.get("outcome"))
        if data.get("outcome") is not None and problem:
            raise Invalid(problem, errors={"data": {"outcome": [problem]}})
        return data
    if type == "hearing_scheduled":
        hearing = _schedule(case, data, now=now)
    else:
        hearing = _appeared(case, on, data)
    return {**data, "hearing_id": hearing.id}


def _schedule(case: Case, data: dict, *, now: datetime) -> Hearing:
    """Add a hearing at data.at in data.place."""
    try:
        at = parse_instant(str(data["at"]))
    except ValueError as exc:
        raise Invalid("data.at must be an ISO-8601 instant with offset",
                      errors={"data": {"at": [str(exc)]}}) from exc
    hearing = Hearing(case_id=case.id, at=at, place=str(data.get("place") or "")[:300],
                      head_appeared=None, appeared=[], created_at=now)
    db.session.add(hearing)
    db.session.flush()
    return hearing


def _appeared(case: Case, on: date, data: dict) -> Hearing:
    """Record on the hearing that the agency head appeared, and who appeared with them.

    The event means the head appeared (statistics count it as such); a hearing without
    one counts as one the head did not attend.
    """
    hearing = _hearing_for(case, on, data.get("hearing_id"))
    try:
        names = appeared_names(data.get("appeared"))
    except ValueError as exc:
        raise Invalid(str(exc), errors={"data": {"appeared": [str(exc)]}}) from exc
    hearing.head_appeared = True
    hearing.appeared = names or hearing.appeared
    return hearing


def _hearing_for(case: Case, on: date, hearing_id) -> Hearing:
    """Return the named hearing, else the case's last hearing on or before `on`."""
    stmt = db.select(Hearing).where(Hearing.case_id == case.id)
    if hearing_id is not None and type(hearing_id) is not int:
        raise Invalid("data.hearing_id must be a number",
                      errors={"data": {"hearing_id": ["a number"]}})
    if hearing_id is not None:
        stmt = stmt.where(Hearing.id == hearing_id)
    else:
        stmt = stmt.where(Hearing.at < end_of_day_utc(on, tz())).order_by(Hearing.at.desc())
    hearing = db.session.scalars(stmt.limit(1)).first()
    if hearing is None:
        raise Invalid("no hearing of this case to record an appearance at",
                      errors={"data": {"hearing_id": ["schedule the hearing first"]}})
    return hearing
