"""Schema building blocks shared by the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class StrictSchema(Schema):
    """Reject unknown fields (the default) and give strict types."""


def Int(**kwargs) -> fields.Integer:  # noqa: N802 - reads like a field class
    """Return an integer field that rejects 2.5 and "3"."""
    return fields.Integer(strict=True, **kwargs)


def Text(*, required: bool = False, max_len: int = 200, min_len: int = 1, **kw) -> fields.String:  # noqa: N802
    """Return a string field with length bounds."""
    return fields.String(required=required, validate=validate.Length(min_len, max_len), **kw)


def Choice(choices, *, required: bool = False, **kw) -> fields.String:  # noqa: N802
    """Return a string field limited to `choices`."""
    return fields.String(required=required, validate=validate.OneOf(choices), **kw)


class PageQuerySchema(Schema):
    """page and per_page query arguments."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


class VersionSchema(Schema):
    """An optional expected version for optimistic locking."""

    version = Int(validate=validate.Range(min=1))


class ReasonSchema(VersionSchema):
    """A required reason and the optional expected version."""

    reason = Text(required=True, max_len=2000)
