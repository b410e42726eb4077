"""API schemas for the outbox and a user's own mail preferences."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from petitiondesk.alerts.outbox import STATUSES
from petitiondesk.core.schemas import Choice, PageQuerySchema, StrictBoolean

LOCALES = ("zh_CN", "en")


class OutboxQuerySchema(PageQuerySchema):
    """GET /outbox."""

    status = Choice(STATUSES)


class OutboxMessageSchema(Schema):
    """One queued e-mail, without its body."""

    id = fields.Integer()
    key = fields.String()
    recipient = fields.String()
    subject = fields.String()
    case_id = fields.Integer(allow_none=True)
    status = fields.String()
    attempts = fields.Integer()
    created_at = fields.DateTime()
    next_attempt_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    last_error = fields.String(allow_none=True)


class OutboxPageSchema(Schema):
    """A page of the outbox."""

    items = fields.List(fields.Nested(OutboxMessageSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class MeSchema(Schema):
    """The caller's own account."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    locale = fields.String()
    digest_enabled = fields.Boolean()
    roles = fields.Function(lambda u: sorted(u.roles))
    department = fields.Function(lambda u: {"code": u.department.code,
                                            "name": u.department.name})


class MePatchSchema(Schema):
    """PATCH /me: the settings a user may change for themselves."""

    digest_enabled = StrictBoolean()
    locale = fields.String(validate=validate.OneOf(LOCALES))
