"""REST API: routing rules, administrators only."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.accounts.service import department_by_code
from petitiondesk.core.api_context import ctx
from petitiondesk.core.errors import Forbidden
from petitiondesk.transfers import routing_service
from petitiondesk.transfers.schemas import (
    RoutingRuleInSchema,
    RoutingRulePatchSchema,
    RoutingRuleSchema,
)

blp = Blueprint("routing", __name__, url_prefix="/api/v1/routing-rules",
                description="Routing rules (administrators)")


def _admin() -> None:
    """Refuse everyone but administrators."""
    if not ctx().user.has_role("admin"):
        raise Forbidden("only administrators manage routing rules")


def _known_department(data: dict) -> dict:
    """Answer 404 naming the field when the rule names a department that does not exist."""
    if "department" in data:
        department_by_code(data["department"])
    return data


@blp.route("")
class RoutingRules(MethodView):
    """The routing rules, in the order they are tried."""

    @blp.response(200, RoutingRuleSchema(many=True))
    def get(self):
        """List the routing rules by priority."""
        _admin()
        return routing_service.list_rules()

    @blp.arguments(RoutingRuleInSchema)
    @blp.response(201, RoutingRuleSchema)
    def post(self, data):
        """Add a routing rule."""
        _admin()
        return routing_service.create_rule(data=_known_department(data))


@blp.route("/<int:rule_id>")
class RoutingRuleItem(MethodView):
    """One routing rule."""

    @blp.response(200, RoutingRuleSchema)
    def get(self, rule_id):
        """Return one routing rule."""
        _admin()
        return routing_service.get_rule(rule_id)

    @blp.arguments(RoutingRulePatchSchema)
    @blp.response(200, RoutingRuleSchema)
    def patch(self, data, rule_id):
        """Change some fields of a routing rule."""
        _admin()
        return routing_service.update_rule(rule_id=rule_id, data=_known_department(data))

    @blp.response(204)
    def delete(self, rule_id):
        """Remove a routing rule."""
        _admin()
        routing_service.delete_rule(rule_id=rule_id)
