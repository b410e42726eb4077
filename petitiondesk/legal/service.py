"""Escalation to the legal track, the litigation instance chain, and the Art. 36(3) check."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update

from petitiondesk.accounts.models import Department, User
from petitiondesk.accounts.offices import office
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case, CaseParty, Matter, Party
from petitiondesk.core.errors import Conflict, Forbidden, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.compute import rule_due
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db
from petitiondesk.legal.chain import GUIDANCE_KIND

# the petitioner's windows shown on a matter that moves to the legal track
WINDOWS = ("window.reconsideration", "window.lawsuit")
ART_36_3 = "信访工作条例 Art. 36(3)"


def escalate(*, matter: Matter, reason: str, knew_of_act_on: date | None, actor: User,
             now: datetime) -> Case:
    """Move a matter to the legal track: a guidance case with its clock and the windows."""
    if not actor.has_role("supervisor", "counsel"):
        raise Forbidden("only a supervisor or counsel escalates a matter")
    counsel_office = office("legal", field="function")
    today = local_today(now)
    knew = knew_of_act_on or matter.knew_of_act_on
    if knew is None or knew > today:
        raise Invalid("when did the petitioner know of the act?", errors={"knew_of_act_on": [
            "required (a past date) when the matter does not record it"]})
    _claim(matter, now=now)
    matter.knew_of_act_on = knew
    case = _guidance_case(matter, into=counsel_office, reason=reason, actor=actor, now=now)
    windows = _start_windows(case, knew=knew, today=today, now=now)
    timeline.record(case, "escalated", now=now, actor=actor, on=today, data={
        "reason": reason, "knew_of_act_on": knew,
        "windows": [{**w, "due_on": w["due_on"].isoformat()} for w in windows]})
    clocks.apply_event(case, "escalated", on=today, now=now)
    _note_on_open_cases(matter, guidance=case, actor=actor, now=now)
    return case


def _claim(matter: Matter, *, now: datetime) -> None:
    """Mark the matter legal-track in one conditional UPDATE, so escalating twice is 409."""
    result = db.session.execute(
        update(Matter).where(Matter.id == matter.id, Matter.legacy.is_(False))
        .values(legacy=True, escalated_at=now))
    if result.rowcount != 1:
        raise Conflict(f"matter {matter.id} is already on the legal track")


def _guidance_case(matter: Matter, *, into: Department, reason: str, actor: User,
                   now: datetime) -> Case:
    """Register the legal-guidance case in the legal counsel office."""
    from petitiondesk.cases.intake import register_case

    latest = matter.cases[-1] if matter.cases else None
    parties = _petitioners(matter)
    case = register_case(actor=actor, now=now, data={
        "track": "litigation", "channel": "referral", "title": matter.title,
        "description": reason, "category": latest.category if latest else "legal",
        "area": latest.area if latest else None, "received_on": local_today(now),
        "parties": [], "matter_id": matter.id,
        "department": into.code,
        "attributes": {"kind": GUIDANCE_KIND}})
    case.party_links = [CaseParty(party=p, role="petitioner") for p in parties]
    return case


def _petitioners(matter: Matter) -> list[Party]:
    """Return the parties of the matter's cases, each once, in order of appearance."""
    seen: dict[int, Party] = {}
    for case in matter.cases:
        for link in case.party_links:
            seen.setdefault(link.party_id, link.party)
    return list(seen.values())


def _start_windows(case: Case, *, knew: date, today: date, now: datetime) -> list[dict]:
    """Start the petitioner's windows that are still open; report every window's end."""
    found, lapsed = [], []
    for key in WINDOWS:
        due = rule_due(clocks.rules()[key], start=knew, calendar=clocks.calendar())
        if due.on >= today:
            clocks.start(case, key, on=knew, now=now)
        else:  # no clock for a window that already ran out: nothing left to remind of
            lapsed.append({"key": key, "due_on": due.on.isoformat()})
        found.append({"key": key, "due_on": due.on, "open": due.on >= today})
    if lapsed:
        case.attributes = {**(case.attributes or {}), "lapsed_windows": lapsed}
    return found


def _note_on_open_cases(matter: Matter, *, guidance: Case, actor: User, now: datetime) -> None:
    """Write the escalation on the timeline of every other open case of the matter."""
    for case in matter.cases:
        if case.id != guidance.id and case.status in OPEN_STATUSES:
            timeline.record(case, "escalated_to_legal", now=now, actor=actor,
                            on=local_today(now), data={"guidance_case_id": guidance.id})


def windows_of(case: Case, *, today: date) -> list[dict]:
    """Return the petitioner's windows on a case, lapsed ones included, by end date."""
    stmt = db.select(Clock).where(Clock.case_id == case.id, Clock.kind == "window",
                                  Clock.cancelled.is_(False))
    found = [{"key": c.key, "started_on": c.started_on, "due_on": c.due_on,
              "open": c.is_open and c.due_on >= today} for c in db.session.scalars(stmt)]
    found += [{"key": w["key"], "started_on": None, "due_on": date.fromisoformat(w["due_on"]),
               "open": False} for w in (case.attributes or {}).get("lapsed_windows", [])]
    return sorted(found, key=lambda w: w["due_on"])


def mark_after_rereview(case: Case, *, actor: User, now: datetime) -> None:
    """Mark a petition on a matter whose re-review concluded as not to be accepted again."""
    if case.track != "petition":
        return
    concluded = db.session.scalar(
        db.select(Case.id).join(Clock, Clock.case_id == Case.id)
        .where(Case.matter_id == case.matter_id, Case.id != case.id,
               Case.status.in_(("replied", "closed")), Clock.key == "petition.rereview",
               Clock.met_on.is_not(None)).limit(1))
    if concluded is None:
        return
    case.not_to_be_accepted_again = True
    case.diversion_proposal = case.diversion_proposal or "litigation"
    timeline.record(case, "not_to_be_accepted_again", now=now, actor=actor,
                    on=case.received_on, data={"basis": ART_36_3, "rereview_case_id": concluded,
                                               "proposal": case.diversion_proposal})
