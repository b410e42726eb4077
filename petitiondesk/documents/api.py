"""REST API: statutory notice documents on cases, their PDFs and their service."""

from __future__ import annotations

from flask_smorest import Blueprint

from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.api_context import ctx
from petitiondesk.documents import service
from petitiondesk.documents.schemas import DocumentSchema, IssueSchema, ServedSchema

blp = Blueprint("documents", __name__, url_prefix="/api/v1",
                description="Notice documents (受理告知书, 信访处理意见书, ...)")

_PDF_RESPONSE = {"200": {"description": "The document as PDF.", "content": {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}


@blp.route("/cases/<int:case_id>/documents", methods=["GET"])
@blp.response(200, DocumentSchema(many=True))
def list_documents(case_id):
    """List the notices issued on a case, oldest first."""
    return service.case_documents(visible_case(case_id, ctx().user))


@blp.route("/cases/<int:case_id>/documents", methods=["POST"])
@blp.arguments(IssueSchema)
@blp.response(201, DocumentSchema)
def issue(data, case_id):
    """Issue a numbered notice of a kind, filled from the case's current template."""
    c = ctx()
    return service.issue(visible_case(case_id, c.user), kind=data["kind"], actor=c.user,
                         now=c.now, channel=data.get("channel"))


@blp.route("/documents/<int:document_id>.pdf", methods=["GET"])
@blp.doc(responses=_PDF_RESPONSE)
def download(document_id):
    """Download a notice as PDF."""
    return service.pdf_response(service.visible_document(document_id, ctx().user))


@blp.route("/documents/<int:document_id>/served", methods=["POST"])
@blp.arguments(ServedSchema)
@blp.response(200, DocumentSchema)
def served(data, document_id):
    """Record the service (送达) of a notice: the day and the method."""
    c = ctx()
    doc = service.visible_document(document_id, c.user)
    return service.record_service(doc, on=data["on"], method=data["method"], actor=c.user,
                                  now=c.now)
