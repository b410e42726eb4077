"""The case page's "show" button: full ID and phone numbers, on request, logged.

A POST, not a link: the app-wide CSRF protection then refuses a forged cross-site
request, and a prefetching browser or proxy never records a view nobody made.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask_login import current_user, login_required

from petitiondesk.cases.present import party_view
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.security.personal import may_reveal, reveal_personal_data

bp = Blueprint("personal_pages", __name__)


@bp.route("/cases/<int:case_id>/personal-data", methods=["POST"])
@login_required
def reveal(case_id: int):
    """Show a case's parties with full numbers and write the view on its timeline."""
    case = visible_case(case_id, current_user)
    reveal_personal_data(case, user=current_user, now=now_utc())
    db.session.commit()
    page = render_template("security/personal_data.html", case=case,
                           parties=[party_view(p, reveal=True) for p in case.parties])
    return page, 200, {"Cache-Control": "no-store"}


def may_show_personal_data(case: dict) -> bool:
    """Return whether the signed-in user gets the "show" button on a case page."""
    same = current_user.department_id == case["department"].id
    return may_reveal(current_user.roles, same_department=same)


def init_personal_pages(app: Flask) -> None:
    """Offer the button's check to templates."""
    app.jinja_env.globals["may_show_personal_data"] = may_show_personal_data
