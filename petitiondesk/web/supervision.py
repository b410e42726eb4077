"""The supervision board: what bounced between departments or ran overdue, and designation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from petitiondesk.accounts.models import Department
from petitiondesk.accounts.roles import may_watch_supervision
from petitiondesk.cases import queries
from petitiondesk.cases.present import case_views
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.errors import DomainError, Forbidden
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.service import rules
from petitiondesk.extensions import db
from petitiondesk.web.case_actions import service
from petitiondesk.web.forms import DesignateForm

bp = Blueprint("supervision", __name__)
PER_PAGE = 50


def _require_board() -> None:
    if not may_watch_supervision(current_user.roles):
        raise Forbidden(_("Only supervisors, heads, auditors and administrators see this board."))


def _form() -> DesignateForm:
    form = DesignateForm()
    depts = db.session.scalars(db.select(Department).where(Department.active.is_(True))
                               .order_by(Department.name))
    form.department.choices = [("", "—")] + [(d.code, d.name) for d in depts]
    return form


def _render(form=None, failed_case: int | None = None, status: int = 200):
    today = local_today(now_utc())
    soon = rules().due_soon_days
    page = max(1, request.args.get("page", 1, type=int))
    supervised_page = service("petitiondesk.transfers.supervision", "supervised_page")
    supervised, total = (supervised_page(user=current_user, page=page, per_page=PER_PAGE)
                         if supervised_page else ([], 0))
    overdue, overdue_total = queries.case_page(
        user=current_user, today=today, due_soon_days=soon,
        filters={"clock_state": "overdue", "per_page": PER_PAGE})
    args = {"today": today, "due_soon_days": soon, "locale": current_user.locale}
    may_designate = (current_user.has_role("supervisor")
                     and service("petitiondesk.transfers.designation", "designate") is not None)
    views = case_views(supervised, **args)
    for view, case in zip(views, supervised, strict=True):
        view["designated"] = case.designated
    return render_template(
        "supervision/board.html", supervised=views, total=total,
        overdue=case_views([c for c in overdue if not c.supervised], **args),
        overdue_total=overdue_total, page=page, per_page=PER_PAGE,
        form=form or _form(), failed_case=failed_case, may_designate=may_designate), status


@bp.route("/supervision")
@login_required
def board():
    """Show cases under supervision (undesignated first) and cases running overdue."""
    _require_board()
    return _render()


@bp.route("/supervision/<int:case_id>/designate", methods=["POST"])
@login_required
def designate(case_id: int):
    """Designate the department responsible for a case."""
    case = visible_case(case_id, current_user)  # out of sight is absent, as in the API
    _require_board()
    form = _form()
    if not form.validate_on_submit():
        return _render(form, failed_case=case_id, status=422)
    run = service("petitiondesk.transfers.designation", "designate")
    try:
        run(case=case, department_code=form.department.data, reason=form.reason.data,
            actor=current_user, now=now_utc())
    except DomainError as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        return _render(form, failed_case=case_id, status=exc.status)
    flash(_("%(number)s: responsible department designated.", number=case.number), "success")
    return redirect(url_for("supervision.board"))
