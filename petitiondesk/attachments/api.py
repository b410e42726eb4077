"""REST API: files on cases (scanned letters, court papers)."""

from __future__ import annotations

from flask import current_app, request
from flask_smorest import Blueprint

from petitiondesk.attachments import service
from petitiondesk.attachments.content import ALLOWED_TYPES
from petitiondesk.attachments.schemas import AttachmentSchema, UploadSchema
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.api_context import ctx
from petitiondesk.core.errors import Invalid

blp = Blueprint("attachments", __name__, url_prefix="/api/v1",
                description="Files attached to cases")

_FILE_RESPONSE = {"200": {"description": "The file, as a download.", "content": {
    t: {"schema": {"type": "string", "format": "binary"}} for t in ALLOWED_TYPES}}}


@blp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@blp.arguments(UploadSchema, location="files")
@blp.response(201, AttachmentSchema)
def upload(files, case_id):
    """Attach a PDF, PNG, JPEG or TIFF file to a case."""
    c = ctx()
    _only_the_file()
    case = visible_case(case_id, c.user)
    return service.attach(case=case, stream=files["file"].stream,
                          filename=files["file"].filename, actor=c.user, now=c.now,
                          max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"])


def _only_the_file() -> None:
    """Refuse form parts besides `file`, as the upload schema does for a JSON body."""
    extra = sorted((set(request.files) | set(request.form)) - {"file"})
    if extra:
        raise Invalid(f"unexpected form parts: {', '.join(extra)}",
                      errors={name: ["unknown field"] for name in extra})


@blp.route("/cases/<int:case_id>/attachments", methods=["GET"])
@blp.response(200, AttachmentSchema(many=True))
def list_attachments(case_id):
    """List a case's attachments, oldest first."""
    return service.case_attachments(visible_case(case_id, ctx().user))


@blp.route("/attachments/<int:attachment_id>", methods=["GET"])
@blp.doc(responses=_FILE_RESPONSE)
def download(attachment_id):
    """Download an attachment of a case the caller may see."""
    item, path = service.visible_attachment(attachment_id, ctx().user)
    return service.send_private(path, mimetype=item.content_type, name=item.filename,
                                etag=item.sha256)
