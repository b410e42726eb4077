"""API schemas for transfers, supervision, assignment, diversion and routing rules."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from petitiondesk.cases.schemas import CaseOutSchema, DepartmentRefSchema, UserRefSchema
from petitiondesk.core.schemas import Choice, Int, PageQuerySchema, StrictBoolean, Text

TRANSFER_STATUSES = ("pending", "accepted", "rejected", "deemed_accepted", "superseded",
                     "cancelled", "designated")


class TransferInSchema(Schema):
    """POST /cases/{id}/transfers."""

    to_department = Text(required=True, max_len=40)
    reason = Text(required=True, max_len=2000)


class TransferQuerySchema(PageQuerySchema):
    """GET /transfers: the caller's department inbox (or outbox)."""

    status = Choice(TRANSFER_STATUSES)
    direction = Choice(("in", "out", "all"), load_default="in")


class CaseBriefSchema(Schema):
    """What the receiving department needs to decide, before it can open the case."""

    id = fields.Integer()
    number = fields.String()
    track = fields.String()
    title = fields.String()
    description = fields.String()
    category = fields.String()
    area = fields.String(allow_none=True)
    status = fields.String()
    received_on = fields.Date()
    supervised = fields.Boolean()
    designated = fields.Boolean()
    transfers_count = fields.Integer()
    bounced = fields.Boolean()


class TransferSchema(Schema):
    """A transfer in answers."""

    id = fields.Integer()
    case_id = fields.Integer()
    case = fields.Nested(CaseBriefSchema)
    from_department = fields.Nested(DepartmentRefSchema)
    to_department = fields.Nested(DepartmentRefSchema)
    reason = fields.String()
    status = fields.String()
    received_on = fields.Date()
    respond_by = fields.Date()
    requested_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.DateTime()
    answered_by = fields.Nested(UserRefSchema, allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    answer_reason = fields.String(allow_none=True)
    by_supervisor = fields.Boolean()
    version = fields.Integer()


class TransferPageSchema(Schema):
    """A page of transfers."""

    items = fields.List(fields.Nested(TransferSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class SupervisedCaseSchema(CaseOutSchema):
    """A case under supervision, with why and whether its department is designated."""

    designated = fields.Boolean()


class SupervisionPageSchema(Schema):
    """GET /supervision."""

    items = fields.List(fields.Nested(SupervisedCaseSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class AssignSchema(Schema):
    """POST /cases/{id}/assign."""

    user_id = Int(required=True, validate=validate.Range(min=1))


class DesignateSchema(Schema):
    """POST /cases/{id}/designate."""

    department = Text(required=True, max_len=40)
    reason = Text(required=True, max_len=2000)


class DivertSchema(Schema):
    """POST /cases/{id}/divert."""

    channel = Text(required=True, max_len=60)
    reason = Text(required=True, max_len=2000)


class RoutingRuleInSchema(Schema):
    """POST /routing-rules (PATCH takes the same fields, each optional)."""

    name = Text(required=True, max_len=200)
    priority = Int(validate=validate.Range(min=0, max=1_000_000))
    category = fields.String(allow_none=True, validate=validate.Length(max=60))
    area = fields.String(allow_none=True, validate=validate.Length(max=60))
    keywords = fields.List(fields.String(validate=validate.Length(min=1, max=100)),
                           validate=validate.Length(max=100))
    department = Text(required=True, max_len=40)
    active = StrictBoolean()


class RoutingRuleSchema(Schema):
    """A routing rule in answers."""

    id = fields.Integer()
    name = fields.String()
    priority = fields.Integer()
    category = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    keywords = fields.Function(lambda r: [k for k in (r.keywords or "").split(",") if k])
    department = fields.Nested(DepartmentRefSchema)
    active = fields.Boolean()


class RoutingRulePatchSchema(RoutingRuleInSchema):
    """PATCH /routing-rules/{id}: any of the fields."""

    name = Text(max_len=200)
    department = Text(max_len=40)
