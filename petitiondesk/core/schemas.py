"""Schema building blocks shared by the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

# What the request boundary refuses (security/robust.py) said in the document, so that a
# client generating text from it never sends what is rejected: NUL anywhere, and for text
# that must say something, nothing but white space.
# White space spelt out: Python's str.isspace() and JavaScript's \s differ (\x1c-\x1f,
# \x85, \ufeff), and the document is read by both kinds of client.
SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = rf"^[^\x00]*[^\x00{SPACE}][^\x00]*$"


class StrictSchema(Schema):
    """Reject unknown fields (the default) and give strict types."""


def Int(**kwargs) -> fields.Integer:  # noqa: N802 - reads like a field class
    """Return an integer field that rejects 2.5 and "3"."""
    return fields.Integer(strict=True, **kwargs)


def Text(*, required: bool = False, max_len: int = 200, min_len: int = 1, **kw) -> fields.String:  # noqa: N802
    """Return a string field with length bounds; with a minimum it must not be blank."""
    checks = [validate.Length(min_len, max_len)]
    if min_len:
        checks.append(validate.Regexp(NOT_BLANK, error="must not be blank"))
    return fields.String(required=required, validate=checks, **kw)


class StrictBoolean(fields.Boolean):
    """A JSON true or false: 0, 1 and "yes" are refused, as the document's boolean says."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


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
