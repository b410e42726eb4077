"""Pick the department for a new case from the stored routing rules; administer the rules."""

from __future__ import annotations

from petitiondesk.accounts.models import Department
from petitiondesk.accounts.offices import office
from petitiondesk.accounts.service import department_by_code
from petitiondesk.core.errors import Invalid, NotFound
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
    """Return the department for a new case and the rule that chose it (None: default).

    With no rule matching, the case goes to the department serving the intake function
    (422 while none does); administrators who want another default add a rule without
    conditions, tried last.
    """
    route = choose_route(stored_routes(), category=category, area=area, text=text)
    if route is not None:
        return department_by_code(route.department_code), route
    return office("intake"), None


def list_rules() -> list[RoutingRule]:
    """Return every routing rule in the order they are tried."""
    stmt = db.select(RoutingRule).order_by(RoutingRule.priority, RoutingRule.id)
    return list(db.session.scalars(stmt))


def get_rule(rule_id: int) -> RoutingRule:
    """Return one routing rule or raise NotFound."""
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(f"no routing rule {rule_id}")
    return rule


def create_rule(*, data: dict) -> RoutingRule:
    """Add a routing rule from validated data."""
    rule = RoutingRule(priority=100, active=True)
    _apply(rule, {"priority": 100, "active": True, **data})
    db.session.add(rule)
    db.session.flush()
    return rule


def update_rule(*, rule_id: int, data: dict) -> RoutingRule:
    """Change the given fields of a routing rule."""
    rule = get_rule(rule_id)
    _apply(rule, data)
    db.session.flush()
    return rule


def delete_rule(*, rule_id: int) -> None:
    """Remove a routing rule (cases it routed keep its name and id on their timeline)."""
    db.session.delete(get_rule(rule_id))
    db.session.flush()


def _apply(rule: RoutingRule, data: dict) -> None:
    """Copy validated fields onto a rule; a department is given by its code."""
    for name in ("name", "priority", "active"):
        if name in data:
            setattr(rule, name, data[name])
    for name in ("category", "area"):  # blank means "any"
        if name in data:
            setattr(rule, name, (data[name] or "").strip() or None)
    if "keywords" in data:
        words = data["keywords"]
        words = parse_keywords(words) if isinstance(words, str) else tuple(words or ())
        rule.keywords = ",".join(w.strip() for w in words if w.strip()) or None
    if "department" in data:
        try:
            rule.department = department_by_code(data["department"])
        except NotFound as exc:
            raise Invalid(exc.message, errors={"department": ["unknown department"]}) from exc
