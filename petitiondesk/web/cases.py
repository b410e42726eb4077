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
from petitiondesk.web import case_actions
from petitiondesk.web.case_actions import ACTIONS

bp = Blueprint("case_pages", __name__)


def _view(case) -> dict:
    """Return the case as the page shows it, clocks' states as of today."""
    today = local_today(now_utc())
    view = case_view(case, case_clocks=clocks_by_case([case.id])[case.id], today=today,
                     due_soon_days=rules().due_soon_days, locale=current_user.locale)
    view["events"] = timeline(case.id)
    return view


def _render(case, *, failed=None, error: str | None = None, status: int = 200):
    """Render the page with a fresh form per action, or the one that failed validation."""
    view = _view(case)
    offered = case_actions.offered(case, current_user, view["actions"])
    forms = {}
    for action in offered:
        form = failed if failed is not None and failed[0] == action.name else None
        form = form[1] if form else action.form(formdata=None)
        case_actions.prepare(form, case)
        forms[action.name] = form
    return render_template("cases/show.html", case=view, offered=offered, forms=forms,
                           open_action=failed[0] if failed else None, error=error), status


@bp.route("/cases/<int:case_id>")
@login_required
def show(case_id: int):
    """Show one case."""
    return _render(visible_case(case_id, current_user))


@bp.route("/cases/<int:case_id>/<action>", methods=["POST"])
@login_required
def act(case_id: int, action: str):
    """Take one action on the case through its service; come back with messages on failure."""
    case = visible_case(case_id, current_user)
    spec = ACTIONS.get(action)
    if spec is None or spec not in case_actions.offered(case, current_user,
                                                        _view(case)["actions"]):
        abort(404)
    form = spec.form()
    case_actions.prepare(form, case)
    if not form.validate_on_submit():
        return _render(case, failed=(action, form), status=422)
    try:
        spec.run(case, form, current_user, now_utc())
    except DomainError as exc:
        from petitiondesk.extensions import db

        db.session.rollback()
        case = visible_case(case_id, current_user)
        _attach(form, exc)
        return _render(case, failed=(action, form), error=exc.message, status=exc.status)
    flash(_("Done: %(action)s.", action=spec.label), "success")
    return redirect(url_for("case_pages.show", case_id=case_id))


def _attach(form, exc: DomainError) -> None:
    """Put a service's field messages next to the form's fields."""
    for name, messages in (exc.errors or {}).items():
        field = getattr(form, name, None)
        if field is not None and isinstance(field.errors, list):
            field.errors.extend(str(m) for m in messages)
