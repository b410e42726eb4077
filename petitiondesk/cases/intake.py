"""Intake: register a case, find its parties again, route it, start its clocks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func

from petitiondesk.accounts.models import User
from petitiondesk.accounts.roles import may_register
from petitiondesk.accounts.service import department_by_code
from petitiondesk.cases import timeline
from petitiondesk.cases.identity import normalise_id_number
from petitiondesk.cases.models import Case, CaseParty, Matter, Party
from petitiondesk.cases.numbering import next_number
from petitiondesk.cases.visibility import visible_matter
from petitiondesk.core.errors import Forbidden, Invalid, NotFound
from petitiondesk.deadlines import service as clocks
from petitiondesk.extensions import db
from petitiondesk.legal.service import mark_after_rereview
from petitiondesk.search import query as search
from petitiondesk.search.terms import key_words
from petitiondesk.transfers.assignment_service import assign_on_arrival
from petitiondesk.transfers.diversion_service import propose_diversion
from petitiondesk.transfers.routing_service import route_case


def register_intake(*, data: dict, actor: User, now: datetime) -> Case:
    """Register a case received at intake (the API's POST /cases and the intake page)."""
    if not may_register(actor.roles):
        raise Forbidden("only intake clerks and administrators register cases")
    return register_case(data=data, actor=actor, now=now, suggest=True)


def register_case(*, data: dict, actor: User | None, now: datetime,
                  suggest: bool = False) -> Case:
    """Register a new case from validated data; route it and start its clocks.

    Intake calls this through register_intake; other areas call it for the cases their
    own actions open (escalation's guidance case, a lawsuit's next instance, the public
    portal's online petition with actor None), having checked who may take that action.
    With `suggest`, the routing model's suggestion and whether it was taken are recorded.
    """
    _check_dates(data, now)
    parties = find_or_create_parties(data["parties"], now=now)
    matter = _matter_for(data, actor=actor, now=now)
    department, route = _department_for(data)
    suggested = (_suggestion(data, department=department.code, routed_by_rule=route is not None)
                 if suggest else {})
    with db.session.no_autoflush:
        case = _new_case(data, matter=matter, department=department, actor=actor, now=now)
        case.party_links = [CaseParty(party=p, role="petitioner") for p in parties]
        db.session.add(case)
        propose_diversion(case)
    db.session.flush()
    timeline.record(case, "registered", now=now, actor=actor, on=case.received_on, data={
        "channel": case.channel, "department": department.code,
        "routed_by": route.name if route else ("intake" if data.get("department") else "default"),
        "routing_rule": route.id if route else None,
        "diversion_proposal": case.diversion_proposal, "visitors": case.visitors,
        **suggested,
    })
    _start_intake_clocks(case, now=now)
    assign_on_arrival(case, now=now, actor=actor)
    mark_after_rereview(case, actor=actor, now=now)
    return case


def _suggestion(data: dict, *, department: str, routed_by_rule: bool) -> dict:
    """Return what the model suggested for this case and whether intake took it."""
    from petitiondesk.suggest.service import outcome, suggest

    return outcome(suggest(data["title"], data.get("description")), department=department,
                   category=data["category"], routed_by_rule=routed_by_rule)


def _check_dates(data: dict, now: datetime) -> None:
    """Refuse a receipt date in the future."""
    from petitiondesk.core.local import local_today

    if data["received_on"] > local_today(now):
        raise Invalid("received_on is in the future",
                      errors={"received_on": ["must not be after today"]})


def _department_for(data: dict):
    """Return the department named at intake, or the routed one."""
    if data.get("department"):
        try:
            return department_by_code(data["department"]), None
        except NotFound as exc:  # a named record that does not exist: 404, naming the field
            raise NotFound(exc.message, errors={"department": ["unknown department"]}) from exc
    text = f"{data['title']} {data.get('description', '')}"
    return route_case(category=data["category"], area=data.get("area"), text=text)


def _matter_for(data: dict, *, actor: User | None, now: datetime) -> Matter:
    """Return the matter named at intake, or a new one."""
    attrs = data.get("attributes") or {}
    if data.get("matter_id"):
        try:
            return visible_matter(data["matter_id"], actor)
        except NotFound as exc:
            raise NotFound(exc.message, errors={"matter_id": ["unknown matter"]}) from exc
    matter = Matter(title=data["title"], created_at=now, first_received_on=data["received_on"],
                    legacy=False, legacy_flag=bool(attrs.get("legacy_flag")),
                    policy_change_flag=bool(attrs.get("policy_change_flag")),
                    knew_of_act_on=attrs.get("knew_of_act_on"))
    db.session.add(matter)
    return matter


def _new_case(data: dict, *, matter: Matter, department, actor: User | None,
              now: datetime) -> Case:
    """Build the case row with its number."""
    attrs = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
             for k, v in (data.get("attributes") or {}).items()
             if k not in ("legacy_flag", "policy_change_flag", "knew_of_act_on")}
    return Case(
        number=next_number(track=data["track"], year=data["received_on"].year),
        track=data["track"], channel=data["channel"], status="registered",
        title=data["title"], description=data.get("description") or "",
        category=data["category"], area=data.get("area"), received_on=data["received_on"],
        visitors=data.get("visitors") or (1 if data["channel"] == "visit" else 0),
        matter=matter, department=department, answerable_department=department,
        created_by_id=actor.id if actor else None, attributes=attrs, supervised=False,
        designated=False,
        transfers_count=0, bounced=False, suspended=False, not_to_be_accepted_again=False,
        created_at=now, updated_at=now, events_head="", event_count=0,
    )


def _start_intake_clocks(case: Case, *, now: datetime) -> None:
    """Start the clocks that run from receipt and from served papers."""
    from datetime import date

    clocks.apply_event(case, "received", on=case.received_on, now=now)
    attrs = case.attributes or {}
    if attrs.get("copy_received_on"):
        on = date.fromisoformat(attrs["copy_received_on"])
        clocks.apply_event(case, "copy_received", on=on, now=now)
    if attrs.get("complaint_served_on"):
        on = date.fromisoformat(attrs["complaint_served_on"])
        clocks.apply_event(case, "complaint_served", on=on, now=now)


def find_or_create_parties(items: list[dict], *, now: datetime) -> list[Party]:
    """Return a party per item: the known person for a known ID number, else a new one."""
    parties: list[Party] = []
    for item in items:
        id_number = normalise_id_number(item["id_number"]) if item.get("id_number") else None
        party = _known_party(id_number) if id_number else None
        if party is None:
            party = Party(name=item["name"], id_number=id_number, created_at=now)
            db.session.add(party)
        party.phone = item.get("phone") or party.phone
        party.address = item.get("address") or party.address
        if party not in parties:
            parties.append(party)
    db.session.flush()
    return parties


def _known_party(id_number: str) -> Party | None:
    return db.session.scalar(db.select(Party).where(Party.id_number == id_number))


def similar_to_intake(data: dict, *, limit: int = 5) -> list[dict]:
    """Return the matters a case about to be registered may belong to.

    Looked up before registering, so the scan of titles does not run while the new
    case's number (a row lock held until commit) blocks other clerks' intakes.
    """
    from types import SimpleNamespace

    numbers = [normalise_id_number(p["id_number"]) for p in data["parties"] if p.get("id_number")]
    known = list(db.session.scalars(
        db.select(Party.id).where(Party.id_number.in_(numbers)))) if numbers else []
    probe = SimpleNamespace(title=data["title"], matter_id=data.get("matter_id"),
                            party_links=[SimpleNamespace(party_id=pid) for pid in known])
    return similar_matters(probe, limit=limit)


def similar_matters(case: Case, *, limit: int = 5) -> list[dict]:
    """Return earlier matters of the same parties or with a near-identical title."""
    party_ids = [link.party_id for link in case.party_links]
    found: dict[int, dict] = {}
    if party_ids:
        stmt = (db.select(Matter.id, Matter.title, func.count(Case.id))
                .join(Case, Case.matter_id == Matter.id)
                .join(CaseParty, CaseParty.case_id == Case.id)
                .where(CaseParty.party_id.in_(party_ids), Matter.id != case.matter_id)
                .group_by(Matter.id, Matter.title).order_by(Matter.id.desc()).limit(limit))
        for mid, title, n in db.session.execute(stmt):
            found[mid] = {"id": mid, "title": title, "why": "same_party", "cases": n}
    for mid, title, n in _same_title(case, limit):
        found.setdefault(mid, {"id": mid, "title": title, "why": "similar_title", "cases": n})
    return list(found.values())[:limit]


def _same_title(case: Case, limit: int):
    """Return matters whose title is the same once spaces and punctuation are ignored.

    Candidates come from the search index (cases sharing the title's longest words),
    not from a scan of every title; the near-identity test then runs on a few rows.
    """
    key = _title_key(case.title)
    query = key_words(case.title)
    if len(key) < 4 or not query:
        return []
    ids = search.case_ids(query, limit=limit * 8)
    if not ids:
        return []
    stmt = (db.select(Matter.id, Matter.title, func.count(Case.id))
            .join(Case, Case.matter_id == Matter.id)
            .where(Matter.id.in_(db.select(Case.matter_id).where(Case.id.in_(ids))),
                   Matter.id != case.matter_id)
            .group_by(Matter.id, Matter.title).order_by(Matter.id.desc()))
    return [(m, t, n) for m, t, n in db.session.execute(stmt) if _close(key, _title_key(t))][:limit]


def _title_key(title: str) -> str:
    return "".join(ch for ch in title if ch.isalnum()).lower()


def _close(a: str, b: str) -> bool:
    """Return whether two title keys are near-identical."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85
