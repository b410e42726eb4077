"""API schemas for tokens and departments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class TokenRequestSchema(Schema):
    """POST /auth/tokens."""

    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    """A new bearer token."""

    token = fields.String()
    expires_at = fields.DateTime()


class DepartmentSchema(Schema):
    """A department."""

    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    parent = fields.Function(lambda d: d.parent.code if d.parent else None)
    assignment_mode = fields.String()
