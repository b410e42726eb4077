"""Pages: notices on the case page, their print view and PDF, the template editor."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.errors import Conflict, DomainError, Forbidden, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.documents import service
from petitiondesk.documents.forms import IssueForm, ServedForm, TemplateForm
from petitiondesk.documents.kinds import FIELDS, KINDS
from petitiondesk.documents.models import DocumentTemplate
from petitiondesk.documents.templates import (
    fill,
    kind_or_404,
    save_template,
    template_problems,
    template_versions,
)
from petitiondesk.extensions import db

bp = Blueprint("document_pages", __name__)

SAMPLE = {
    "bureau": "某某市信访局", "document_number": "信受〔2026〕第1号",
    "case_number": "XF-2026-000001", "petitioner": "王小明", "title": "关于房屋征收补偿的信访",
    "received_on": "2026年11月20日", "department": "征收科", "issued_on": "2026年11月27日",
    "channel": "东城区人民法院", "reason": "需补充调查", "forwarded_to": "土地储备中心",
    "extension_days": "30", "new_due_on": "2027年2月25日", "reply": "经核查，已按标准补偿。",
    "outcome": "explained", "court_case_number": "（2026）京0101行初1号",
    "court": "东城区人民法院",
}


def documents_panel(case) -> dict:
    """Return what the case page shows of documents: the list and the forms to use."""
    kinds = service.kinds_for(case, current_user)
    form = IssueForm(formdata=None)
    form.kind.choices = [(k.code, k.title_zh) for k in kinds]
    docs = service.case_documents(case)
    return {"rows": docs, "issue_form": form if kinds else None,
            "served_form": ServedForm(formdata=None, on=local_today(now_utc())),
            "may_serve": {d.id for d in docs
                          if d.served_on is None and service.may_issue(case, KINDS[d.kind],
                                                                       current_user)}}


@bp.route("/cases/<int:case_id>/documents", methods=["POST"])
@login_required
def issue(case_id: int):
    """Issue a notice from the case page."""
    case = visible_case(case_id, current_user)
    kinds = service.kinds_for(case, current_user)
    if not kinds:
        raise Forbidden(_("You do not issue documents on this case."))
    form = IssueForm()
    form.kind.choices = [(k.code, k.title_zh) for k in kinds]
    if not form.validate_on_submit():
        return _back_with(case_id, _("Choose a document the case can have."))
    try:
        doc = service.issue(case, kind=form.kind.data, actor=current_user, now=now_utc(),
                            channel=form.channel.data or None)
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        return _back_with(case_id, exc.message)
    flash(_("Issued %(number)s.", number=doc.number), "success")
    return redirect(url_for("case_pages.show", case_id=case_id) + "#documents")


@bp.route("/documents/<int:document_id>/served", methods=["POST"])
@login_required
def served(document_id: int):
    """Record the service of a notice from the case page."""
    doc = service.visible_document(document_id, current_user)
    case = visible_case(doc.case_id, current_user)
    if not service.may_issue(case, KINDS[doc.kind], current_user):
        raise Forbidden(_("You do not record the service of this document."))
    form = ServedForm()
    if not form.validate_on_submit():
        return _back_with(doc.case_id, _("Give the day and the method of service."))
    try:
        service.record_service(doc, on=form.on.data, method=form.method.data,
                               actor=current_user, now=now_utc())
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        return _back_with(doc.case_id, exc.message)
    flash(_("Service of %(number)s recorded.", number=doc.number), "success")
    return redirect(url_for("case_pages.show", case_id=doc.case_id) + "#documents")


def _back_with(case_id: int, message: str):
    """Show the case page again with the refusal, status 422."""
    from petitiondesk.web.cases import render_case

    return render_case(visible_case(case_id, current_user), error=message, status=422)


@bp.route("/documents/<int:document_id>/print")
@login_required
def print_view(document_id: int):
    """Show a notice as it is printed, with a print button."""
    doc = service.visible_document(document_id, current_user)
    template = db.session.get(DocumentTemplate, doc.template_id)
    return render_template("documents/print.html", kind=KINDS[doc.kind], number=doc.number,
                           paragraphs=fill(template.body, doc.fields or {}), doc=doc)


@bp.route("/documents/<int:document_id>.pdf")
@login_required
def pdf(document_id: int):
    """Download a notice's PDF."""
    return service.pdf_response(service.visible_document(document_id, current_user))


@bp.route("/admin/templates")
@login_required
def templates():
    """List the document kinds with their current template versions."""
    _require_admin()
    rows = [(kind, template_versions(kind.code, now=now_utc())[0]) for kind in KINDS.values()]
    return render_template("documents/templates.html", rows=rows)


@bp.route("/admin/templates/<kind>", methods=["GET", "POST"])
@login_required
def edit_template(kind: str):
    """Edit a kind's wording: preview it with sample facts, or save it as a new version."""
    _require_admin()
    spec = _kind_or_abort(kind)
    versions = template_versions(kind, now=now_utc())
    form = TemplateForm(body=versions[0].body)
    preview, problems = None, []
    if form.validate_on_submit():
        problems = template_problems(form.body.data)
        if not problems and _wants("save"):
            saved = save_template(kind, body=form.body.data, actor=current_user, now=now_utc())
            flash(_("Saved as version %(v)s.", v=saved.version), "success")
            return redirect(url_for("document_pages.edit_template", kind=kind))
        if not problems:
            preview = fill(form.body.data, SAMPLE)
    status = 422 if problems or form.errors else 200
    return render_template("documents/template_edit.html", kind=spec, form=form,
                           versions=versions, preview=preview, problems=problems,
                           fields=FIELDS), status


def _wants(button: str) -> bool:
    from flask import request

    return request.form.get("action") == button


def _kind_or_abort(kind: str):
    try:
        return kind_or_404(kind)
    except DomainError:
        abort(404)


def _require_admin() -> None:
    if not current_user.has_role("admin"):
        raise Forbidden(_("Only administrators manage the system."))


@bp.app_template_filter("document_title")
def document_title(kind: str) -> str:
    """Return a kind's Chinese title (the documents are Chinese whatever the page's language)."""
    return KINDS[kind].title_zh if kind in KINDS else kind


@bp.app_template_filter("service_method_label")
def service_method_label(method: str | None) -> str:
    """Return the translated name of a service method."""
    from petitiondesk.documents.forms import METHOD_LABELS

    return str(METHOD_LABELS.get(method, method or "—"))
