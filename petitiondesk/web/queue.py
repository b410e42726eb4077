"""My queue: the cases I work, earliest deadline first."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from petitiondesk.cases import queries
from petitiondesk.cases.present import case_views
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.service import rules
from petitiondesk.search.query import with_snippets

bp = Blueprint("queue", __name__)
PER_PAGE = 50


@bp.route("/")
@login_required
def index():
    """Show the caller's cases, earliest deadline first (closed last), filterable by state."""
    today = local_today(now_utc())
    soon = rules().due_soon_days
    state = request.args.get("state") if request.args.get("state") in (
        "overdue", "due_soon", "on_track") else None
    page = max(1, request.args.get("page", 1, type=int))
    q = request.args.get("q", "").strip()[:200] or None
    filters = {"clock_state": state, "page": page, "per_page": PER_PAGE, "q": q}
    counts = {s or "all": queries.case_count(user=current_user, today=today, due_soon_days=soon,
                                             filters={"clock_state": s})
              for s in ("overdue", "due_soon", None)}
    # without a search the tab's count is the page's total: one count query fewer
    known = None if q else counts.get(state or "all")
    more = False
    if q:
        items, total, more = queries.search_page(user=current_user, today=today,
                                                 due_soon_days=soon, filters=filters)
    else:
        items, total = queries.case_page(user=current_user, today=today, due_soon_days=soon,
                                         filters=filters, total=known)
    views = with_snippets(case_views(items, today=today, due_soon_days=soon,
                                     locale=current_user.locale), q)
    return render_template("queue.html", cases=[_with_next_clock(v) for v in views],
                           total=total, more=more, page=page, per_page=PER_PAGE, state=state,
                           q=q, counts=counts, today=today)


def _with_next_clock(view: dict) -> dict:
    """Add the earliest running obligation clock, the one the row shows (cheaper than Jinja)."""
    running = [c for c in view["clocks"] if c["days_left"] is not None
               and c["kind"] == "obligation"]
    view["next_clock"] = min(running, key=lambda c: c["due_on"]) if running else None
    return view
