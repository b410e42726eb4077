"""API schemas for extensions, suspension and the holiday calendar."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from petitiondesk.cases.schemas import UserRefSchema
from petitiondesk.core.schemas import Choice, Int, Text, VersionSchema

EXTENSION_STATUSES = ("pending", "approved", "rejected")


def _is_clock_ref(value) -> bool:
    """Return whether `value` can name a clock: a non-empty key or a positive id."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value > 0
    return isinstance(value, str) and 0 < len(value.strip()) <= 40


class ExtensionInSchema(VersionSchema):
    """POST /cases/{id}/extensions: which clock (key or id), how many days, why."""

    clock = fields.Raw(required=True, validate=_is_clock_ref)
    days = Int(required=True, validate=validate.Range(min=1, max=3660))
    reason = Text(required=True, max_len=2000)


class ApproveSchema(VersionSchema):
    """POST /extensions/{id}/approve: an optional note and expected case version."""

    reason = Text(max_len=2000)


class ExtensionOutSchema(Schema):
    """An extension request in answers."""

    id = fields.Integer()
    case_id = fields.Integer()
    clock = fields.String()
    clock_id = fields.Integer()
    days = fields.Integer()
    reason = fields.String()
    status = fields.String()
    requested_by = fields.Nested(UserRefSchema)
    requested_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_reason = fields.String(allow_none=True)


class ExtensionListQuerySchema(Schema):
    """GET /extensions query."""

    status = Choice(EXTENSION_STATUSES)


class CalendarDaySchema(Schema):
    """One holiday or make-up working day."""

    date = fields.Date()
    kind = fields.String()
    name = fields.String()


class CalendarYearSchema(Schema):
    """A year's calendar; `provisional` when it is not loaded (weekends only)."""

    year = fields.Integer()
    loaded = fields.Boolean()
    provisional = fields.Boolean()
    loaded_at = fields.DateTime(allow_none=True)
    source = fields.String(allow_none=True)
    days = fields.List(fields.Nested(CalendarDaySchema))
    clocks_changed = fields.Integer()
