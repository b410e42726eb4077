"""API schemas for notice documents."""

from __future__ import annotations

from marshmallow import Schema, fields

from petitiondesk.cases.schemas import UserRefSchema
from petitiondesk.core.schemas import Choice, Text
from petitiondesk.documents.kinds import KINDS
from petitiondesk.documents.service import SERVICE_METHODS


class IssueSchema(Schema):
    """POST /cases/{id}/documents: the kind, and for a 不予受理 notice the channel."""

    kind = Choice(tuple(KINDS), required=True)
    channel = Text(max_len=200, metadata={
        "description": "where a not-accepted petitioner is guided (default: the diversion's "
                       "channel)"})


class ServedSchema(Schema):
    """POST /documents/{id}/served: when and how the notice reached the petitioner."""

    on = fields.Date(required=True, metadata={
        "description": "the day of service; for post, the day it was posted"})
    method = Choice(SERVICE_METHODS, required=True)


class DocumentSchema(Schema):
    """A notice document in answers."""

    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String()
    title = fields.Function(lambda d: KINDS[d.kind].title_zh)
    number = fields.String(metadata={"description": "the document number (文号)"})
    template_version = fields.Integer()
    issued_on = fields.Date()
    issued_at = fields.DateTime()
    issued_by = fields.Nested(UserRefSchema, allow_none=True)
    served_on = fields.Date(allow_none=True)
    service_method = fields.String(allow_none=True)
    pdf_url = fields.Function(lambda d: f"/api/v1/documents/{d.id}.pdf")
