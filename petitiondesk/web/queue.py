"""My queue: the cases I work, earliest deadline first."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from petitiondesk.cases import keyset, queries
from petitiondesk.core.errors import Invalid
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.service import rules
from petitiondesk.web.queue_rows import queue_rows

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
    filters = {"clock_state": state, "page": page, "per_page": PER_PAGE, "q": q,
               **({} if q else _cursor())}
    counts = {s or "all": queries.case_count(user=current_user, today=today, due_soon_days=soon,
                                             filters={"clock_state": s})
              for s in ("overdue", "due_soon", None)}
    args = {"user": current_user, "today": today, "due_soon_days": soon, "filters": filters,
            "lean": True}
    if q:
        found = queries.search_page(**args)
    else:  # the tab's count is the page's total: one count query fewer
        found = queries.queue_page(**args, total=counts.get(state or "all"))
    rows = queue_rows(found.items, today=today, due_soon_days=soon,
                      locale=current_user.locale, q=q)
    return render_template("queue.html", cases=rows,
                           found=found, page=page, state=state, q=q, counts=counts,
                           today=today, pager=_pager(found, page=page, state=state, q=q))


def _pager(found, *, page: int, state: str | None, q: str | None) -> dict:
    """Return the previous and next pages' URLs: by cursor in the queue, by number in a search."""
    link = partial(url_for, "queue.index", state=state, q=q)
    if q or found.sort not in keyset.SORTS:
        return {"previous": link(page=page - 1) if found.has_previous else None,
                "next": link(page=page + 1) if found.has_next else None}
    before = found.previous_before if page > 2 else None
    return {"previous": (link(page=page - 1, before=before) if before else link())
            if found.has_previous else None,
            "next": link(page=page + 1, after=found.next_after) if found.has_next else None}


def _cursor() -> dict:
    """Return the page's `after` or `before` cursor (due order), if the link carries one."""
    for name in ("after", "before"):
        token = request.args.get(name)
        if token is not None:
            try:
                return {name: keyset.parse(token, sort="due")}
            except keyset.BadCursor as exc:
                raise Invalid(_("This link to a page of the queue is broken; start again "
                                "from the first page."), errors={name: [str(exc)]}) from exc
    return {}
