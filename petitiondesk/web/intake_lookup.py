"""What the intake page looks up before saving: known people and similar matters."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func

from petitiondesk.cases import intake
from petitiondesk.cases.identity import id_number_problem, mask_phone, normalise_id_number
from petitiondesk.cases.models import CaseParty, Party
from petitiondesk.extensions import db


def known_parties(id_numbers: list[str]) -> dict[str, tuple[Party, int]]:
    """Return the known people with these ID numbers and how many cases each has."""
    if not id_numbers:
        return {}
    stmt = (db.select(Party, func.count(CaseParty.case_id))
            .outerjoin(CaseParty, CaseParty.party_id == Party.id)
            .where(Party.id_number.in_(id_numbers)).group_by(Party.id))
    return {p.id_number: (p, n) for p, n in db.session.execute(stmt)}


def _valid(raw: str | None) -> str | None:
    value = normalise_id_number(raw or "")
    return value if value and id_number_problem(value) is None else None


def party_facts(raw_id_number: str) -> dict:
    """Return what is known about one person, for the page's lookup as the clerk types."""
    id_number = _valid(raw_id_number)
    found = known_parties([id_number]) if id_number else {}
    if not found:
        return {"found": False}
    party, cases = found[id_number]
    return {"found": True, "name": party.name, "phone": party.phone or "",
            "address": party.address or "", "cases": cases}


def check(form) -> dict:
    """Fill in known people on the form and find similar matters; return what was found."""
    rows = [row.form for row in form.parties]
    numbers = {i: _valid(r.id_number.data) for i, r in enumerate(rows)}
    known = known_parties([n for n in numbers.values() if n])
    found: dict[int, dict] = {}
    for i, number in numbers.items():
        if number in known:
            party, cases = known[number]
            _fill(rows[i], party)
            found[i] = {"name": party.name, "cases": cases, "phone": mask_phone(party.phone)}
    similar = []
    title = (form.title.data or "").strip()
    if title or known:
        probe = SimpleNamespace(
            title=title, matter_id=None,
            party_links=[SimpleNamespace(party_id=p.id) for p, _n in known.values()])
        similar = intake.similar_matters(probe)
    return {"parties": found, "similar": similar, "suggestion": page_suggestion(form)}


def page_suggestion(form) -> dict | None:
    """Return the model's suggestion for the typed matter; a matching rule keeps the
    department to itself (the page then shows only the category)."""
    from petitiondesk.suggest.service import suggest
    from petitiondesk.transfers.routing import choose_route
    from petitiondesk.transfers.routing_service import stored_routes

    title = (form.title.data or "").strip()
    found = suggest(title, form.description.data) if title else None
    if not found:
        return None
    text = f"{title} {form.description.data or ''}"
    category = form.category.data or found["category"] or ""
    if choose_route(stored_routes(), category=category, area=form.area.data, text=text):
        found = {**found, "department": None, "department_confidence": None}
    return found if found["department"] or found["category"] else None


def _fill(row, party: Party) -> None:
    """Complete the empty fields of a row from the known person."""
    row.name.data = row.name.data or party.name
    row.phone.data = row.phone.data or party.phone
    row.address.data = row.address.data or party.address


def payload(form) -> dict:
    """Return the form as the body POST /api/v1/cases takes."""
    parties = [{k: (getattr(r, k).data or None) for k in ("name", "id_number", "phone", "address")}
               for r in (row.form for row in form.parties) if r.name.data]
    body = {
        "track": form.track.data, "channel": form.channel.data, "title": form.title.data,
        "description": form.description.data or "", "category": form.category.data,
        "area": form.area.data or None, "received_on": form.received_on.data.isoformat(),
        "parties": [{k: v for k, v in p.items() if v is not None} for p in parties],
        "visitors": form.visitors.data, "department": form.department.data or None,
        "matter_id": int(form.matter_id.data) if (form.matter_id.data or "").isdigit() else None,
    }
    attributes = _attributes(form)
    if attributes:
        body["attributes"] = attributes
    return {k: v for k, v in body.items() if v is not None}


ATTRIBUTE_FIELDS = ("court", "court_case_number", "instance", "our_role", "procedure",
                    "complaint_served_on", "copy_received_on", "knew_of_act_on",
                    "legacy_flag", "policy_change_flag")


def _attributes(form) -> dict:
    """Return the track details the clerk filled in, as the API's `attributes`."""
    out = {}
    for name in ATTRIBUTE_FIELDS:
        value = getattr(form, name).data
        if value in (None, "", False):
            continue
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def attach_errors(form, messages: dict) -> None:
    """Put the service's field messages next to the form's fields."""
    rows = [row.form for row in form.parties if row.form.name.data]
    for name, problems in messages.items():
        if name == "attributes" and isinstance(problems, dict):
            attach_errors(form, problems)
            continue
        if name == "parties" and isinstance(problems, dict):
            for index, fields in problems.items():
                row = rows[int(index)] if str(index).isdigit() and int(index) < len(rows) else None
                for field, msgs in (fields.items() if isinstance(fields, dict) else []):
                    target = getattr(row, field, None) if row else None
                    (target.errors if target else form.form_errors).extend(_flat(msgs))
            continue
        field = getattr(form, name, None)
        target = field.errors if field is not None and hasattr(field, "errors") else None
        if isinstance(target, list):
            target.extend(_flat(problems))
        else:
            form.form_errors.extend(_flat(problems))


def _flat(messages) -> list[str]:
    if isinstance(messages, dict):
        return [m for v in messages.values() for m in _flat(v)]
    return [str(m) for m in (messages if isinstance(messages, list) else [messages])]
