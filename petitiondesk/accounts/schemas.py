"""API schemas for tokens and departments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from petitiondesk.accounts.models import FUNCTIONS
from petitiondesk.core.schemas import Text


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
    functions = fields.List(fields.String(validate=validate.OneOf(FUNCTIONS)))


def _functions_field() -> fields.List:
    """Return the list of functions a department serves, each once, each known."""
    return fields.List(fields.String(validate=validate.OneOf(FUNCTIONS)),
                       validate=validate.Length(max=len(FUNCTIONS)))


class DepartmentPatchSchema(Schema):
    """PATCH /departments/{code}: any of the fields; `functions` replaces the list."""

    name = Text(max_len=200)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    functions = _functions_field()


class DepartmentInSchema(DepartmentPatchSchema):
    """POST /departments."""

    code = fields.String(required=True, validate=[
        validate.Length(min=1, max=40),
        validate.Regexp(r"^[A-Za-z0-9_.-]+$", error="letters, digits, '_', '.' or '-'")])
    name = Text(required=True, max_len=200)
    parent = fields.String(allow_none=True, validate=validate.Length(min=1, max=40))
