"""REST API: matters and their lineage across tracks."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from petitiondesk.cases.present import case_views
from petitiondesk.cases.schemas import CaseOutSchema
from petitiondesk.cases.visibility import can_see, visible_matter
from petitiondesk.core.api_context import ctx

blp = Blueprint("matters", __name__, url_prefix="/api/v1/matters", description="Matters")


class MatterSchema(Schema):
    """A matter with its cases in order."""

    id = fields.Integer()
    title = fields.String()
    first_received_on = fields.Date()
    legacy = fields.Boolean()
    legacy_flag = fields.Boolean()
    policy_change_flag = fields.Boolean()
    knew_of_act_on = fields.Date(allow_none=True)
    escalated_at = fields.DateTime(allow_none=True)
    cases = fields.List(fields.Nested(CaseOutSchema))


@blp.route("/<int:matter_id>")
class MatterItem(MethodView):
    """One matter."""

    @blp.response(200, MatterSchema)
    def get(self, matter_id):
        """Return the matter and the cases the caller may see, oldest first."""
        c = ctx()
        matter = visible_matter(matter_id, c.user)
        cases = [case for case in matter.cases if can_see(case, c.user)]
        return {"id": matter.id, "title": matter.title,
                "first_received_on": matter.first_received_on, "legacy": matter.legacy,
                "legacy_flag": matter.legacy_flag,
                "policy_change_flag": matter.policy_change_flag,
                "knew_of_act_on": matter.knew_of_act_on, "escalated_at": matter.escalated_at,
                "cases": case_views(cases, **c.view_args)}
