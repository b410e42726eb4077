"""API schemas for extensions, suspension and the holiday calendar."""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from petitiondesk.cases.schemas import UserRefSchema
from petitiondesk.core.schemas import NOT_BLANK, Choice, Int, Text, VersionSchema
from petitiondesk.security.robust import MAX_ID

EXTENSION_STATUSES = ("pending", "approved", "rejected")


def _is_clock_ref(value) -> None:
    """Refuse what cannot name a clock: anything but a non-blank key or an id in range.

    marshmallow 4 ignores a validator's return value, so this raises.
    """
    if isinstance(value, bool):
        ok = False
    elif isinstance(value, int):
        ok = 0 < value <= MAX_ID
    else:
        ok = isinstance(value, str) and len(value) <= 40 and re.match(NOT_BLANK, value)
    if not ok:
        raise ValidationError("a clock's key (text) or id (a positive integer)")


class ExtensionInSchema(VersionSchema):
    """POST /cases/{id}/extensions: which clock (key or id), how many days, why."""

    clock = fields.Raw(required=True, validate=_is_clock_ref, metadata={"oneOf": [
        {"type": "string", "minLength": 1, "maxLength": 40, "pattern": NOT_BLANK},
        {"type": "integer", "minimum": 1, "maximum": MAX_ID}],
        "description": "the clock's key or id"})
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
