"""Suspend (中止) and resume a case: every running clock stops, then runs on.

An open suspension lives only in `Clock.suspended_since`; resumption closes it into
`Clock.suspensions` as an [from, to] ISO pair and the engine moves the due date by
the stopped time (compute.py: the days from+1 .. to do not count).
"""

from __future__ import annotations

from datetime import datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Conflict
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.upkeep import redue, reschedule_alerts


def suspend_case(case: Case, *, reason: str, actor: User, now: datetime) -> Case:
    """Stop every running clock of the case at the end of today."""
    if case.suspended:
        raise Conflict("the case is already suspended")
    if case.status not in OPEN_STATUSES:
        raise Conflict(f"cannot suspend a case that is {case.status}")
    today = local_today(now)
    stopped = []
    for clock in clocks.open_clocks(case):
        if clock.suspended_since is None:
            clock.suspended_since = today
            reschedule_alerts(clock)
            stopped.append(clock.key)
    case.suspended = True
    case.updated_at = now
    clocks.refresh_next_due(case)
    timeline.record(case, "suspended", now=now, actor=actor, on=today,
                    data={"reason": reason, "clocks": stopped})
    return case


def resume_case(case: Case, *, reason: str, actor: User, now: datetime) -> Case:
    """Run the stopped clocks again from tomorrow with the time they had left."""
    if not case.suspended:
        raise Conflict("the case is not suspended")
    today = local_today(now)
    moved = {}
    for clock in clocks.open_clocks(case):
        since = clock.suspended_since
        if since is None:
            continue
        # a new list, so the JSON column sees the change
        clock.suspensions = [*(clock.suspensions or []),
                             [since.isoformat(), max(today, since).isoformat()]]
        clock.suspended_since = None
        redue(clock, now=now)
        moved[clock.key] = clock.due_on.isoformat()
    case.suspended = False
    case.updated_at = now
    clocks.refresh_next_due(case)
    timeline.record(case, "resumed", now=now, actor=actor, on=today,
                    data={"reason": reason, "clocks": moved})
    return case
