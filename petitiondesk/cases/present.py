"""Turn cases and clocks into the plain data the API and the pages show."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from petitiondesk.cases.identity import mask_id_number, mask_phone
from petitiondesk.cases.lifecycle import allowed_actions
from petitiondesk.cases.models import Case
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock
from petitiondesk.deadlines.state import clock_state
from petitiondesk.extensions import db


def clock_view(clock: Clock, *, today: date, due_soon_days: int, locale: str = "zh_CN") -> dict:
    """Return a clock with its state and days left as of `today`."""
    rule = clocks.rules().get(clock.key)
    state = clock_state(due_on=clock.due_on, met_on=clock.met_on,
                        suspended=clock.suspended_since is not None,
                        today=today, due_soon_days=due_soon_days)
    return {
        "id": clock.id, "key": clock.key, "kind": clock.kind, "variant": clock.variant,
        "started_on": clock.started_on, "due_on": clock.due_on, "state": state,
        "provisional": clock.provisional, "extended_days": clock.extended_days,
        "met_on": clock.met_on, "cancelled": clock.cancelled,
        "days_left": (clock.due_on - today).days if clock.is_open else None,
        "basis": rule.basis if rule else "",
        "label": _label(rule, locale) if rule else clock.key,
    }


def _label(rule, locale: str) -> str:
    """Return the rule's label in the user's language."""
    return rule.label_en if locale.startswith("en") else rule.label_zh


def clocks_by_case(case_ids: list[int]) -> dict[int, list[Clock]]:
    """Return the clocks of many cases with one query."""
    grouped: dict[int, list[Clock]] = defaultdict(list)
    if case_ids:
        stmt = db.select(Clock).where(Clock.case_id.in_(case_ids), Clock.cancelled.is_(False))
        for clock in db.session.scalars(stmt.order_by(Clock.due_on, Clock.id)):
            grouped[clock.case_id].append(clock)
    return grouped


def party_view(party, *, reveal: bool = False) -> dict:
    """Return a party with ID and phone numbers masked unless `reveal` (see security/personal)."""
    return {"id": party.id, "name": party.name, "address": party.address, "masked": not reveal,
            "id_number": party.id_number if reveal else mask_id_number(party.id_number),
            "phone": party.phone if reveal else mask_phone(party.phone)}


def case_view(case: Case, *, case_clocks: list[Clock], today: date, due_soon_days: int,
              locale: str = "zh_CN", reveal: bool = False) -> dict:
    """Return a case as plain data with its clocks' states; personal data masked by default."""
    return {
        "id": case.id, "number": case.number, "track": case.track, "channel": case.channel,
        "status": case.status, "outcome": case.outcome, "title": case.title,
        "description": case.description, "category": case.category, "area": case.area,
        "department": case.department,
        "answerable_department": case.answerable_department,
        "assignee": case.assignee, "matter_id": case.matter_id,
        "received_on": case.received_on, "visitors": case.visitors,
        "parties": [party_view(p, reveal=reveal) for p in case.parties],
        "attributes": case.attributes or {},
        "legacy": case.matter.legacy, "supervised": case.supervised,
        "supervision_reason": case.supervision_reason,
        "transfers_count": case.transfers_count, "bounced": case.bounced,
        "suspended": case.suspended, "diversion_proposal": case.diversion_proposal,
        "not_to_be_accepted_again": case.not_to_be_accepted_again,
        "next_due_on": case.next_due_on, "closed_on": case.closed_on, "version": case.version,
        "clocks": [clock_view(c, today=today, due_soon_days=due_soon_days, locale=locale)
                   for c in case_clocks],
        "actions": allowed_actions(track=case.track, status=case.status),
    }


def case_views(cases: list[Case], *, today: date, due_soon_days: int,
               locale: str = "zh_CN") -> list[dict]:
    """Return many cases as plain data, loading their clocks in one query."""
    grouped = clocks_by_case([c.id for c in cases])
    return [case_view(c, case_clocks=grouped[c.id], today=today, due_soon_days=due_soon_days,
                      locale=locale) for c in cases]
