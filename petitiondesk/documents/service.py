"""Issue numbered notice documents on cases and record their service (送达).

Issuing fills the kind's current template from the case, draws the next number of the
kind's series for the year (gapless: the draw is rolled back with the transaction),
renders the PDF, stores it by hash and writes `document_issued` on the timeline.
Recording service writes `document_served` and meets the clocks whose rule lists the
kind under `met_by_service`.
"""

from __future__ import annotations

from datetime import date, datetime

from petitiondesk.accounts.models import User
from petitiondesk.attachments.models import Attachment
from petitiondesk.attachments.service import send_private, store_generated, stored_file
from petitiondesk.cases import timeline
from petitiondesk.cases.actions import require_handler
from petitiondesk.cases.models import Case
from petitiondesk.cases.numbering import next_in_series
from petitiondesk.cases.visibility import visible_record
from petitiondesk.core.errors import Conflict, Forbidden, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.documents import pdf
from petitiondesk.documents.fill import case_fields
from petitiondesk.documents.kinds import Kind, document_number, sequence_prefix
from petitiondesk.documents.models import Document
from petitiondesk.documents.templates import current_template, fill, kind_or_404
from petitiondesk.extensions import db

SERVICE_METHODS = ("in_person", "post", "electronic")


def may_issue(case: Case, kind: Kind, user: User) -> bool:
    """Return whether the user may issue (and record service of) this kind on the case."""
    if kind.clerk_may_issue and user.has_role("clerk"):
        return True
    try:
        require_handler(case, user)
    except Forbidden:
        return False
    return True


def kinds_for(case: Case, user: User) -> list[Kind]:
    """Return the kinds of notice this user may issue on this case's track."""
    from petitiondesk.documents.kinds import KINDS

    return [k for k in KINDS.values() if case.track in k.tracks and may_issue(case, k, user)]


def issue(case: Case, *, kind: str, actor: User, now: datetime,
          channel: str | None = None) -> Document:
    """Issue a notice of `kind` on the case; nothing is numbered unless all of it works."""
    spec = kind_or_404(kind)
    if case.track not in spec.tracks:
        raise Conflict(f"a {spec.title_en} is not issued on a {case.track} case",
                       errors={"kind": ["not for this track"]})
    if not may_issue(case, spec, actor):
        raise Forbidden("only the case's handlers and heads (and, for the petition office's "
                        "notices, clerks) issue documents")
    today = local_today(now)
    fields = case_fields(case, spec, today=today, channel=channel)
    template = current_template(kind, now=now)
    seq = next_in_series(sequence_prefix(spec, year=today.year))
    fields["document_number"] = number = document_number(spec, year=today.year, seq=seq)
    content = pdf.render(pdf.Page(title=spec.title_zh, number=number,
                                  paragraphs=fill(template.body, fields),
                                  stamp=f"{case.number} · {kind} v{template.version}"))
    stored = store_generated(case=case, content=content, filename=f"{number}.pdf",
                             actor=actor, now=now)
    doc = Document(case_id=case.id, kind=kind, year=today.year, seq=seq, number=number,
                   template_id=template.id, template_version=template.version, fields=fields,
                   attachment_id=stored.id, issued_on=today, issued_at=now,
                   issued_by_id=actor.id)
    db.session.add(doc)
    db.session.flush()
    timeline.record(case, "document_issued", now=now, actor=actor, on=today, data={
        "document_id": doc.id, "kind": kind, "number": number,
        "template_version": template.version, "sha256": stored.sha256})
    case.updated_at = now
    return doc


def record_service(doc: Document, *, on: date, method: str, actor: User,
                   now: datetime) -> Document:
    """Record that the notice was served (送达) on `on` by `method`; meet its clocks."""
    case = db.session.get(Case, doc.case_id)
    if not may_issue(case, kind_or_404(doc.kind), actor):
        raise Forbidden("only those who may issue this notice record its service")
    _check_service(doc, on=on, method=method, today=local_today(now))
    doc.served_on, doc.service_method, doc.served_by_id = on, method, actor.id
    timeline.record(case, "document_served", now=now, actor=actor, on=on, data={
        "document_id": doc.id, "kind": doc.kind, "number": doc.number, "method": method})
    for rule in clocks.rules().values():
        if doc.kind in rule.met_by_service:
            clocks.meet(case, rule.key, on=on)
    case.updated_at = now
    return doc


def _check_service(doc: Document, *, on: date, method: str, today: date) -> None:
    if doc.served_on is not None:
        raise Conflict(f"document {doc.number} was already served on {doc.served_on}")
    if method not in SERVICE_METHODS:
        raise Invalid(f"unknown service method {method!r}",
                      errors={"method": ["one of " + ", ".join(SERVICE_METHODS)]})
    if on > today:
        raise Invalid("the service date is in the future",
                      errors={"on": ["must not be after today"]})
    if on < doc.issued_on:
        raise Invalid("a document is served on or after the day it was issued",
                      errors={"on": [f"must not be before {doc.issued_on}"]})


def case_documents(case: Case) -> list[Document]:
    """Return the case's documents, oldest first."""
    stmt = db.select(Document).where(Document.case_id == case.id).order_by(Document.id)
    return list(db.session.scalars(stmt))


def visible_document(document_id: int, user: User) -> Document:
    """Return a document of a case the user may see, else raise NotFound."""
    return visible_record(Document, document_id, user, noun="document")


def pdf_response(doc: Document):
    """Return the document's stored PDF, shown in the browser, never cached."""
    stored = db.session.get(Attachment, doc.attachment_id)
    path = stored_file(stored.sha256, what=f"the PDF of document {doc.number}")
    return send_private(path, mimetype="application/pdf", name=f"{doc.number}.pdf",
                        download=False)
