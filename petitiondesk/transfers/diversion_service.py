"""Litigation/petition separation at intake: propose a legal channel, divert on request."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app

from petitiondesk.accounts.models import User
from petitiondesk.cases.actions import transition
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Forbidden, NotFound
from petitiondesk.transfers import rules
from petitiondesk.transfers.diversion import DiversionMap, load_diversion
from petitiondesk.transfers.service import lock_case, supersede_pending

DIVERSION_FILE = "diversion.toml"


def diversion_map() -> DiversionMap:
    """Return the category → legal channel map, read once from config/diversion.toml."""
    cached = current_app.extensions.get("petitiondesk.diversion")
    if cached is None:
        cached = load_diversion(Path(current_app.config["CONFIG_DIR"]) / DIVERSION_FILE)
        current_app.extensions["petitiondesk.diversion"] = cached
    return cached


def propose_diversion(case: Case) -> str | None:
    """Store and return the legal channels proposed for a new case (None: a petition)."""
    case.diversion_proposal = diversion_map().proposal(category=case.category, track=case.track)
    return case.diversion_proposal


def divert(*, case: Case, channel: str, reason: str, actor: User, now: datetime) -> Case:
    """Close a petition as diverted, recording the legal channel the petitioner was guided to."""
    holder = case.department.code
    if not (rules.supervises(actor.roles) or (rules.SENDING_ROLES & actor.roles
                                              and actor.department.code == holder)):
        raise Forbidden("only the department holding the case (or a supervisor) diverts it")
    known = diversion_map().channels
    if channel not in known:
        raise NotFound(f"no legal channel {channel!r}",
                      errors={"channel": [f"one of {', '.join(sorted(known))}"]})
    case = lock_case(case.id)
    lapsed = supersede_pending(case, now=now, why="the petition was diverted to a legal channel")
    case.outcome = "diverted"
    case.attributes = {**(case.attributes or {}), "diverted_to": channel}
    return transition(case, "divert", actor=actor, now=now, data={
        "channel": channel, "reason": reason, "proposal": case.diversion_proposal,
        "department": holder, "superseded_transfers": [t.id for t in lapsed]})
