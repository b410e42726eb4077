"""The queue page's rows: only what a row shows, labels and links worked out once.

The page shows 50 rows. Building the full case view of each (every clock's state, the
parties with their numbers masked, the allowed actions) and letting Jinja look up every
label, link and badge per row through filters and macros was about half of the page's
time; a row here is a few strings, and the template only places them.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from petitiondesk.cases.models import Case
from petitiondesk.cases.present import clocks_by_case
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.state import clock_state
from petitiondesk.search.query import with_snippets
from petitiondesk.web.template_helpers import STATE_LABELS, STATUS_LABELS, TRACK_LABELS, label


def queue_rows(cases: list[Case], *, today: date, due_soon_days: int, locale: str,
               q: str | None = None) -> list[dict]:
    """Return one row per case: link, number, title, labels and the next deadline."""
    grouped = clocks_by_case([c.id for c in cases])
    labels = _Labels()
    link = url_for("case_pages.show", case_id=0)[:-1]  # ".../cases/" once, not 50 url_for
    rows = [_row(case, grouped[case.id], labels, link=link, today=today,
                 due_soon_days=due_soon_days, english=locale.startswith("en"))
            for case in cases]
    return with_snippets(rows, q)


class _Labels(dict):
    """Translated labels of codes, each looked up once per page."""

    def __missing__(self, key: tuple[str, str]) -> str:
        kind, code = key
        self[key] = text = label({"track": TRACK_LABELS, "status": STATUS_LABELS,
                                  "state": STATE_LABELS}[kind], code)
        return text


def _row(case: Case, case_clocks: list, labels: _Labels, *, link: str, today: date,
         due_soon_days: int, english: bool) -> dict:
    """Return the row of one case."""
    first = _next_clock(case_clocks)
    state = None
    if first is not None:
        state = clock_state(due_on=first.due_on, met_on=first.met_on,
                            suspended=first.suspended_since is not None, today=today,
                            due_soon_days=due_soon_days)
    elif case.suspended:
        state = "suspended"
    days_left = (first.due_on - today).days if first is not None else None
    return {
        "id": case.id, "url": f"{link}{case.id}", "number": case.number, "title": case.title,
        "supervised": case.supervised, "track": labels["track", case.track],
        "department": case.department.name, "status": labels["status", case.status],
        "next_due_on": case.next_due_on or "—",
        "clock_label": _clock_label(first, english) if first is not None else None,
        "days_left": days_left, "late_days": _late(days_left),
        "row_class": f"row-{state if first is not None else 'none'}",
        "state": state, "state_label": labels["state", state] if state else None,
    }


def _next_clock(case_clocks: list):
    """Return the earliest running obligation clock, the one the row shows (or None)."""
    running = [c for c in case_clocks if c.is_open and c.kind == "obligation"]
    return min(running, key=lambda c: c.due_on) if running else None


def _clock_label(clock, english: bool) -> str:
    """Return the clock's rule label in the page's language (its key if no rule)."""
    rule = clocks.rules().get(clock.key)
    if rule is None:
        return clock.key
    return rule.label_en if english else rule.label_zh


def _late(days_left: int | None) -> str | None:
    """Return "n days overdue" for a late deadline, else None."""
    if days_left is None or days_left >= 0:
        return None
    return _("%(n)s days overdue", n=-days_left)
