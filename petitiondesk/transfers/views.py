"""Pages: the department's transfer inbox, and the routing rules for administrators."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from petitiondesk.accounts.models import Department
from petitiondesk.core.errors import DomainError
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.transfers import routing_service
from petitiondesk.transfers import service as transfers
from petitiondesk.transfers.assignment_service import set_assignment_mode
from petitiondesk.transfers.forms import (
    AcceptForm,
    AssignmentModeForm,
    DeleteForm,
    RejectForm,
    RoutingRuleForm,
)
from petitiondesk.transfers.queries import transfer_page
from petitiondesk.transfers.rules import supervises

bp = Blueprint("transfer_pages", __name__)
admin_bp = Blueprint("routing_admin", __name__, url_prefix="/admin/routing")


@bp.route("/transfers")
@login_required
def inbox():
    """Show transfers waiting for this department's answer, and those it sent."""
    return _render_inbox()


def _render_inbox(reject_form=None, failed: int | None = None, status: int = 200):
    mine = {"status": "pending", "per_page": 200}
    waiting, _n = transfer_page(user=current_user, filters={**mine, "direction": "in"})
    sent, _n = transfer_page(user=current_user, filters={**mine, "direction": "out"})
    everyone = (transfer_page(user=current_user, filters={**mine, "direction": "all"})[0]
                if supervises(current_user.roles) else [])
    return render_template("transfers/index.html", waiting=waiting, sent=sent,
                           everyone=everyone, accept_form=AcceptForm(),
                           reject_form=reject_form or RejectForm(), failed=failed), status


@bp.route("/transfers/<int:transfer_id>/accept", methods=["POST"])
@login_required
def accept(transfer_id: int):
    """Accept a transfer from the inbox."""
    if not AcceptForm().validate_on_submit():
        abort(400)
    transfers.accept_transfer(transfer_id=transfer_id, actor=current_user, now=now_utc())
    flash(_("Transfer accepted: the case is now your department's."), "success")
    return redirect(url_for("transfer_pages.inbox"))


@bp.route("/transfers/<int:transfer_id>/reject", methods=["POST"])
@login_required
def reject(transfer_id: int):
    """Refuse a transfer, with a reason, from the inbox."""
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_inbox(form, failed=transfer_id, status=422)
    transfers.reject_transfer(transfer_id=transfer_id, reason=form.reason.data,
                              actor=current_user, now=now_utc())
    flash(_("Transfer refused: the case returns to the sender."), "success")
    return redirect(url_for("transfer_pages.inbox"))


def _require_admin() -> None:
    if not current_user.has_role("admin"):
        abort(403)


def _rule_form(**kwargs) -> RoutingRuleForm:
    form = RoutingRuleForm(**kwargs)
    depts = db.session.scalars(db.select(Department).where(Department.active.is_(True))
                               .order_by(Department.code))
    form.department.choices = [(d.code, f"{d.name} ({d.code})") for d in depts]
    return form


@admin_bp.route("", methods=["GET", "POST"])
@login_required
def index():
    """List the routing rules in the order they are tried; add one."""
    _require_admin()
    form = _rule_form()
    if form.validate_on_submit() and _saved(form, rule_id=None):
        flash(_("Routing rule added."), "success")
        return redirect(url_for("routing_admin.index"))
    status = 422 if form.errors else 200
    return render_template("admin/routing.html", rules=routing_service.list_rules(),
                           form=form, delete_form=DeleteForm(), departments=_departments(),
                           mode_form=AssignmentModeForm()), status


def _departments() -> list[Department]:
    return list(db.session.scalars(db.select(Department).where(Department.active.is_(True))
                                   .order_by(Department.code)))


@admin_bp.route("/assignment", methods=["POST"])
@login_required
def assignment():
    """Set how a department's incoming cases are assigned."""
    _require_admin()
    form = AssignmentModeForm()
    if not form.validate_on_submit():
        abort(400)
    set_assignment_mode(department_code=form.department.data, mode=form.assignment_mode.data)
    flash(_("Assignment mode saved."), "success")
    return redirect(url_for("routing_admin.index"))


@admin_bp.route("/<int:rule_id>", methods=["GET", "POST"])
@login_required
def edit(rule_id: int):
    """Change one routing rule."""
    _require_admin()
    rule = routing_service.get_rule(rule_id)
    form = _rule_form(data={
        "name": rule.name, "priority": rule.priority, "category": rule.category or "",
        "area": rule.area or "", "keywords": rule.keywords or "",
        "department": rule.department.code, "active": rule.active})
    if form.validate_on_submit() and _saved(form, rule_id=rule_id):
        flash(_("Routing rule saved."), "success")
        return redirect(url_for("routing_admin.index"))
    status = 422 if form.errors else 200
    return render_template("admin/routing_edit.html", rule=rule, form=form), status


@admin_bp.route("/<int:rule_id>/delete", methods=["POST"])
@login_required
def delete(rule_id: int):
    """Remove a routing rule."""
    _require_admin()
    if not DeleteForm().validate_on_submit():
        abort(400)
    routing_service.delete_rule(rule_id=rule_id)
    flash(_("Routing rule removed."), "success")
    return redirect(url_for("routing_admin.index"))


def _saved(form: RoutingRuleForm, *, rule_id: int | None) -> bool:
    """Create or update the rule; put a service refusal on the form."""
    try:
        if rule_id is None:
            routing_service.create_rule(data=form.data_for_service())
        else:
            routing_service.update_rule(rule_id=rule_id, data=form.data_for_service())
    except DomainError as exc:
        db.session.rollback()
        form.department.errors = [*form.department.errors, exc.message]
        return False
    return True  # the request boundary commits
