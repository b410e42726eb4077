"""Pick the department for a new case from the stored routing rules."""

from __future__ import annotations

from flask import current_app

from petitiondesk.accounts.models import Department
from petitiondesk.accounts.service import department_by_code
from petitiondesk.extensions import db
from petitiondesk.transfers.models import RoutingRule
from petitiondesk.transfers.routing import Route, choose_route, parse_keywords


def stored_routes() -> list[Route]:
    """Return the active routing rules as plain data."""
    rows = db.session.scalars(db.select(RoutingRule).where(RoutingRule.active.is_(True)))
    return [
        Route(id=r.id, name=r.name, priority=r.priority, department_code=r.department.code,
              category=r.category, area=r.area, keywords=parse_keywords(r.keywords))
        for r in rows
    ]


def route_case(*, category: str, area: str | None, text: str) -> tuple[Department, Route | None]:
    """Return the department for a new case and the rule that chose it (None: default)."""
    route = choose_route(stored_routes(), category=category, area=area, text=text)
    if route is not None:
        return department_by_code(route.department_code), route
    return department_by_code(current_app.config["PETITION_OFFICE"]), None
