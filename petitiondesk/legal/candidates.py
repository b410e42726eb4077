"""Legacy candidates: matters grouped and filtered in SQL, their reasons named in pure code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import and_, case, func, or_

from petitiondesk.accounts.models import User
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case, Matter
from petitiondesk.core.errors import Forbidden
from petitiondesk.extensions import db
from petitiondesk.legal.criteria import LegacyCriteria, MatterFacts, load_criteria, reasons

REVIEWERS = ("supervisor", "counsel", "admin", "auditor")


def init_criteria(app: Flask) -> None:
    """Load config/legacy.toml at start-up, so a malformed file stops the app at once."""
    app.extensions["petitiondesk.legacy"] = load_criteria(
        Path(app.config["CONFIG_DIR"]) / "legacy.toml")


def legacy_criteria() -> LegacyCriteria:
    """Return the criteria loaded at start-up."""
    return current_app.extensions["petitiondesk.legacy"]


def require_reviewer(user: User) -> None:
    """Refuse anyone but supervisors, counsel, administrators and auditors."""
    if not user.has_role(*REVIEWERS):
        raise Forbidden("only supervisors, counsel, administrators and auditors see this")


def candidate_page(*, user: User, today: date, page: int = 1,
                   per_page: int = 25) -> tuple[list[dict], int]:
    """Return one page of legacy candidates, oldest first, with the criteria each met."""
    require_reviewer(user)
    criteria = legacy_criteria()
    stmt = _grouped(criteria, today)
    if stmt is None:
        return [], 0
    total = db.session.scalar(db.select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(stmt.order_by(Matter.first_received_on, Matter.id)
                              .offset((page - 1) * per_page).limit(per_page))
    return [_item(row, criteria, today) for row in rows], total


def _grouped(criteria: LegacyCriteria, today: date):
    """Return the per-matter figures of the matters meeting any enabled criterion."""
    open_cases = func.sum(case((Case.status.in_(OPEN_STATUSES), 1), else_=0))
    petitions = func.sum(case((Case.track == "petition", 1), else_=0))
    again = func.sum(case((Case.not_to_be_accepted_again.is_(True), 1), else_=0))
    wanted = []
    cutoff = criteria.open_before(today)
    if cutoff is not None:
        wanted.append(and_(Matter.first_received_on < cutoff, open_cases > 0))
    if criteria.min_petitions:
        wanted.append(petitions >= criteria.min_petitions)
    if criteria.flags:
        wanted += [Matter.legacy_flag.is_(True), Matter.policy_change_flag.is_(True)]
    if criteria.rereview_then_petitioned:
        wanted.append(again > 0)
    if not wanted:
        return None
    columns = (Matter.id, Matter.title, Matter.first_received_on, Matter.legacy_flag,
               Matter.policy_change_flag)
    return (db.select(*columns, func.count(Case.id).label("cases"),
                      petitions.label("petitions"), open_cases.label("open_cases"),
                      again.label("not_accepted_again"),
                      func.max(Case.received_on).label("last_received_on"))
            .join(Case, Case.matter_id == Matter.id)
            .where(Matter.legacy.is_(False))
            .group_by(*columns).having(or_(*wanted)))


def _item(row, criteria: LegacyCriteria, today: date) -> dict:
    """Return one candidate as plain data with its reasons."""
    facts = MatterFacts(first_received_on=row.first_received_on, open_cases=row.open_cases,
                        petitions=row.petitions, legacy_flag=row.legacy_flag,
                        policy_change_flag=row.policy_change_flag,
                        not_accepted_again=row.not_accepted_again)
    return {"matter_id": row.id, "title": row.title,
            "first_received_on": row.first_received_on,
            "last_received_on": row.last_received_on, "cases": row.cases,
            "petitions": row.petitions, "open_cases": row.open_cases,
            "reasons": reasons(facts, criteria, today=today)}
