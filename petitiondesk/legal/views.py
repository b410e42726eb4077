"""Pages: a matter's lineage, the counsel's workspace, legacy candidates."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from petitiondesk.cases.present import case_views
from petitiondesk.cases.visibility import can_see, visible_matter
from petitiondesk.core.errors import Invalid
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.service import rules
from petitiondesk.extensions import db
from petitiondesk.legal import candidates, service
from petitiondesk.legal.models import Hearing
from petitiondesk.legal.workspace import workspace

bp = Blueprint("legal_pages", __name__)

REASON_LABELS = {
    "open_long": _l("Open longer than the configured months"),
    "many_petitions": _l("Petitioned repeatedly"),
    "legacy_flag": _l("Flagged as a legacy dispute"),
    "policy_change_flag": _l("Flagged as a policy-change dispute"),
    "rereview_then_petitioned": _l("Petitioned again after a concluded re-review"),
}
STAGE_LABELS = {
    "guidance": _l("Legal guidance"), "first": _l("First instance"),
    "second": _l("Second instance"), "retrial": _l("Retrial"),
    "enforcement": _l("Enforcement"), "reconsideration": _l("Reconsideration"),
}


def _now():
    now = now_utc()
    return now, local_today(now), rules().due_soon_days


@bp.route("/matters/<int:matter_id>")
@login_required
def matter(matter_id: int):
    """Show a matter's cases across tracks in order, each with every clock and hearing."""
    _, today, soon = _now()
    found = visible_matter(matter_id, current_user)
    cases = [c for c in found.cases if can_see(c, current_user)]
    views = case_views(cases, today=today, due_soon_days=soon, locale=current_user.locale)
    hearings: dict[int, list[Hearing]] = {}
    stmt = db.select(Hearing).where(Hearing.case_id.in_([c.id for c in cases]))
    for hearing in db.session.scalars(stmt.order_by(Hearing.at)):
        hearings.setdefault(hearing.case_id, []).append(hearing)
    windows = [w for c in cases if (c.attributes or {}).get("kind") == "legal_guidance"
               for w in service.windows_of(c, today=today)]
    may_escalate = not found.legacy and current_user.has_role("supervisor", "counsel")
    return render_template("matters/matter.html", matter=found, cases=views,
                           hearings=hearings, windows=windows, today=today,
                           may_escalate=may_escalate, labels=_clock_labels(),
                           stage_labels=STAGE_LABELS)


@bp.route("/matters/<int:matter_id>/escalate", methods=["POST"])
@login_required
def escalate(matter_id: int):
    """Escalate the matter from its page; back to the page with the guidance case."""
    now, _today, _soon = _now()
    reason = request.form.get("reason", "").strip()[:2000]
    if not reason:
        raise Invalid(_("Give a reason for the escalation."), errors={"reason": ["required"]})
    case = service.escalate(matter=visible_matter(matter_id, current_user), reason=reason,
                            knew_of_act_on=_form_date("knew_of_act_on"),
                            actor=current_user, now=now)
    flash(_("Moved to the legal track: case %(number)s opened for counsel.",
            number=case.number), "success")
    return redirect(url_for("legal_pages.matter", matter_id=matter_id))


def _form_date(name: str) -> date | None:
    """Return a YYYY-MM-DD form field as a date, None when empty."""
    value = request.form.get(name, "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise Invalid(_("Dates are written YYYY-MM-DD."), errors={name: ["a date"]}) from exc


@bp.route("/legal")
@login_required
def legal():
    """Show counsel's answer and appeal deadlines, hearings in 30 days, and cases by stage."""
    _, today, soon = _now()
    data = workspace(user=current_user, today=today, due_soon_days=soon,
                     locale=current_user.locale)
    return render_template("legal/workspace.html", today=today, stage_labels=STAGE_LABELS,
                           **data)


@bp.route("/legacy")
@login_required
def legacy():
    """Show the legacy candidates, oldest first, with the criteria each met."""
    _, today, _soon = _now()
    page = max(1, request.args.get("page", 1, type=int))
    items, total = candidates.candidate_page(user=current_user, today=today, page=page,
                                             per_page=50)
    return render_template("legal/legacy.html", items=items, total=total, page=page,
                           per_page=50, reason_labels=REASON_LABELS)


def _clock_labels() -> dict:
    """Return each clock key's label in the user's language."""
    english = current_user.locale.startswith("en")
    return {k: (r.label_en if english else r.label_zh) for k, r in rules().items()}
