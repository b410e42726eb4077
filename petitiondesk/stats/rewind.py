"""Due dates as they stood at a month's end, for the few clocks extended after it.

An extension approved after the month moves a due date without saying where it was
(data: clock, days, due_on). A clock overdue at the end and extended later would
drop out of a past month's overdue count, so its due date at the end is computed
again by the deadline engine without the days granted since. Only clocks extended
after the month pass through here, never all cases.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from petitiondesk.cases.models import Event
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db
from petitiondesk.stats.asof import Window, text_field


def overdue_before_later_extension(w: Window, running_at_end: list) -> list[int]:
    """Return ids of clocks due by the month's end that an extension since moved past it."""
    later = _days_granted_after(w)
    if not later:
        return []
    stmt = select(Clock).where(*running_at_end, Clock.due_on > w.month.last,
                               Clock.case_id.in_({case_id for case_id, _ in later}))
    return [clock.id for clock in db.session.scalars(stmt)
            if (clock.case_id, clock.key) in later
            and _due_without(clock, later[clock.case_id, clock.key]) <= w.month.last]


def _days_granted_after(w: Window) -> Counter:
    """Return the extension days approved after the month, per (case id, clock key)."""
    stmt = (select(Event.case_id, text_field(Event, "clock"), Event.data["days"].as_integer())
            .where(Event.type == "extension_approved", Event.created_at >= w.end))
    granted: Counter = Counter()
    for case_id, key, days in db.session.execute(stmt):
        granted[case_id, key] += days or 0
    return granted


def _due_without(clock: Clock, days: int) -> date:
    """Return the clock's due date had it not been extended by `days`."""
    from petitiondesk.deadlines.service import due_for, rules

    rule = rules().get(clock.key)
    if rule is None:
        return clock.due_on
    shadow = SimpleNamespace(
        key=clock.key, variant=clock.variant, started_on=clock.started_on,
        extended_days=max(0, (clock.extended_days or 0) - days),
        suspensions=clock.suspensions, suspended_since=clock.suspended_since)
    return due_for(shadow, rule).on
