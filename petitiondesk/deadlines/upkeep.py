"""Keep what depends on a clock's due date in step after it moved."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock


def redue(clock: Clock, *, now: datetime) -> None:
    """Recompute the clock's due date (an open suspension counted up to today)."""
    rule = clocks.rules()[clock.key]
    due = clocks.due_for(clock, rule, as_of=local_today(now))
    clock.due_on, clock.provisional = due.on, due.provisional
    reschedule_alerts(clock)
    if due.provisional:
        from petitiondesk.deadlines.notices import note_missing_years

        note_missing_years(first=clock.started_on, last=due.on, now=now)


def reschedule_alerts(clock: Clock) -> None:
    """Move the clock's next escalation alert; a stopped clock has none."""
    if clock.suspended_since is not None:
        clock.next_alert_at = None
        return
    if "petitiondesk.ladder" not in current_app.extensions:
        return  # the alerts area is not installed in this app
    from petitiondesk.alerts.schedule import reschedule

    reschedule(clock)
