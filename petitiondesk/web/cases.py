"""The case page: facts, clocks, timeline, and the actions this user may take."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from petitiondesk.cases.present import case_view, clocks_by_case
from petitiondesk.cases.timeline import timeline
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.errors import DomainError
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.service import rules
from petitiondesk.extensions import db
from petitiondesk.web import case_actions
from petitiondesk.web.case_actions import ACTIONS
from petitiondesk.web.forms import ReasonForm, VersionForm

bp = Blueprint("case_pages", __name__)


def _view(case) -> dict:
    """Return the case as the page shows it, clocks' states as of today."""
    today = local_today(now_utc())
    view = case_view(case, case_clocks=clocks_by_case([case.id])[case.id], today=today,
                     due_soon_days=rules().due_soon_days, locale=current_user.locale)
    view["events"] = timeline(case.id)
    return view


def render_case(case, *, failed=None, error: str | None = None, status: int = 200):
    """Render the page with a fresh form per action, or the one that failed validation."""
    view = _view(case)
    offered = case_actions.offered(case, current_user, view["actions"])
    forms = {}
    for action in offered:
        form = failed if failed is not None and failed[0] == action.name else None
        form = form[1] if form else action.form(formdata=None)
        case_actions.prepare(form, case)
        forms[action.name] = form
    transfers = _pending_transfers(case)
    return render_template("cases/show.html", case=view, offered=offered, forms=forms,
                           open_action=failed[0] if failed else None, error=error,
                           extensions=_extensions(case), transfers=transfers,
                           answering=_answering(transfers),
                           documents=_documents(case)), status


def _documents(case) -> dict | None:
    """Return the documents panel, when the documents area is installed."""
    panel = case_actions.service("petitiondesk.documents.views", "documents_panel")
    return panel(case) if panel else None


def _answering(transfers: list) -> dict:
    """Return the accept and refuse forms of the transfers this user's department answers."""
    from petitiondesk.transfers.forms import AcceptForm, RejectForm
    from petitiondesk.transfers.rules import ANSWERING_ROLES

    if not ANSWERING_ROLES & current_user.roles:
        return {}
    return {t.id: (AcceptForm(formdata=None), RejectForm(formdata=None)) for t in transfers
            if t.to_department_id == current_user.department_id}


def _pending_transfers(case) -> list:
    """Return the case's transfers still waiting for the receiver's answer."""
    from petitiondesk.transfers.models import Transfer

    return list(db.session.scalars(db.select(Transfer).where(
        Transfer.case_id == case.id, Transfer.status == "pending").order_by(Transfer.id)))


def _extensions(case) -> list[dict]:
    """Return the case's extension requests, each saying whether this user may decide it."""
    ext = case_actions.service("petitiondesk.deadlines.extensions", "case_extensions")
    if ext is None:
        return []
    from petitiondesk.deadlines.extensions import may_decide

    out = []
    for e in ext(case.id):
        rule = rules().get(e.clock.key)
        out.append({"id": e.id, "clock": (rule.label_en if current_user.locale == "en"
                                          else rule.label_zh) if rule else e.clock.key,
                    "days": e.days, "reason": e.reason, "status": e.status,
                    "requested_by": e.requested_by.name,
                    "decide": e.status == "pending" and rule is not None
                    and may_decide(current_user, case=case, rule=rule),
                    "form": ReasonForm(formdata=None)})
    return out


@bp.route("/cases/<int:case_id>")
@login_required
def show(case_id: int):
    """Show one case."""
    return render_case(visible_case(case_id, current_user))


@bp.route("/cases/<int:case_id>/<action>", methods=["POST"])
@login_required
def act(case_id: int, action: str):
    """Take one action on the case through its service; come back with messages on failure."""
    case = visible_case(case_id, current_user)
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    if not case_actions.may_handle(case, current_user):
        abort(403)  # as the API answers a role that may not work the case
    if spec not in case_actions.offered(case, current_user, _view(case)["actions"]):
        abort(404)  # not possible in the case's state
    form = spec.form()
    case_actions.prepare(form, case)
    if not form.validate_on_submit():
        return render_case(case, failed=(action, form), status=422)
    try:
        spec.run(case, form, current_user, now_utc())
    except DomainError as exc:
        db.session.rollback()
        case = visible_case(case_id, current_user)
        _attach(form, exc)
        return render_case(case, failed=(action, form), error=exc.message, status=exc.status)
    flash(_("Done: %(action)s.", action=spec.label), "success")
    return redirect(url_for("case_pages.show", case_id=case_id))


@bp.route("/cases/<int:case_id>/extensions/<int:extension_id>/<decision>", methods=["POST"])
@login_required
def decide_extension(case_id: int, extension_id: int, decision: str):
    """Approve or refuse a pending extension request through the deadlines service."""
    from petitiondesk.deadlines import extensions as ext

    case = visible_case(case_id, current_user)
    extension = ext.get_extension(extension_id, user=current_user)
    if extension.case_id != case.id or decision not in ("approve", "reject"):
        abort(404)
    form = ReasonForm() if decision == "reject" else VersionForm()
    if not form.validate_on_submit():
        return render_case(case, error=_("Give a reason for refusing."), status=422)
    try:
        if decision == "approve":
            ext.approve_extension(extension, actor=current_user, now=now_utc())
        else:
            ext.reject_extension(extension, reason=form.reason.data, actor=current_user,
                                 now=now_utc())
    except DomainError as exc:
        db.session.rollback()
        return render_case(visible_case(case_id, current_user), error=exc.message,
                       status=exc.status)
    flash(_("Extension approved.") if decision == "approve" else _("Extension refused."),
          "success")
    return redirect(url_for("case_pages.show", case_id=case_id))


def _attach(form, exc: DomainError) -> None:
    """Put a service's field messages next to the form's fields."""
    for name, messages in (exc.errors or {}).items():
        field = getattr(form, name, None)
        if field is not None and isinstance(field.errors, list):
            field.errors.extend(str(m) for m in messages)
