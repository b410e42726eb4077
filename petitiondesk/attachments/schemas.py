"""API schemas for attachments."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from petitiondesk.cases.schemas import UserRefSchema


class UploadSchema(Schema):
    """POST /cases/{id}/attachments: one file as multipart/form-data."""

    file = Upload(required=True)


class AttachmentSchema(Schema):
    """An attachment in answers."""

    id = fields.Integer()
    case_id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.DateTime()
