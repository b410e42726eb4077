"""What the timeline says a case looked like at an instant: SQL building blocks.

Every figure of a month is read "as of 24:00 local time on its last day". Case rows
hold only the latest state (a closed petition can be reopened for review, a transfer
moves it), so states at an instant come from the append-only events table, which later
changes never rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from petitiondesk.accounts.models import Department
from petitiondesk.cases.models import Case, Event
from petitiondesk.core.timeutil import end_of_day_utc, start_of_day_utc
from petitiondesk.stats.period import Month

# timeline event types, as the lifecycle, transfers, deadline and legal code write them
ENDING = ("close", "reject", "divert", "withdraw",
          "closed", "rejected", "diverted", "withdrawn")
REOPENING = ("review_requested", "rereview_requested")
SUSPENDING = ("suspend", "suspended")
RESUMING = ("resume", "resumed")
# events after which a case answers to a department: intake, an accepted transfer, a designation
DEPARTMENT_SETTING = ("registered", "transfer_accepted", "transfer_deemed_accepted", "designated")
# events that move a clock's due date and say where it was before (data: clock, was)
DUE_CHANGING = ("clock_recomputed", "extension_approved", "clock_extended")


@dataclass(frozen=True)
class Window:
    """A month and its bounds as UTC instants: [start, end)."""

    month: Month
    start: datetime
    end: datetime


def window(month: Month, tz: ZoneInfo) -> Window:
    """Return the month's bounds: 00:00 local of its first day to 24:00 of its last."""
    return Window(month, start_of_day_utc(month.first, tz), end_of_day_utc(month.last, tz))


def recorded_in(w: Window, event=Event):
    """Return the condition: the event was written during the month."""
    return and_(event.created_at >= w.start, event.created_at < w.end)


def text_field(event, name: str):
    """Return the JSON field `name` of an event's data as text."""
    return event.data[name].as_string()


def closings(w: Window):
    """Return a subquery of cases closed during the month, with their last closing instant."""
    return (
        select(Event.case_id.label("case_id"), func.max(Event.created_at).label("closed_at"))
        .where(Event.type.in_(ENDING), recorded_in(w))
        .group_by(Event.case_id)
        .subquery("closings")
    )


def closed_at_end(w: Window):
    """Return a select of the ids of cases that were closed at the month's end."""
    ended = (select(Event.case_id.label("case_id"), func.max(Event.created_at).label("t"))
             .where(Event.type.in_(ENDING), Event.created_at < w.end)
             .group_by(Event.case_id).subquery("ended"))
    reopened = (select(Event.case_id.label("case_id"), func.max(Event.created_at).label("t"))
                .where(Event.type.in_(REOPENING), Event.created_at < w.end)
                .group_by(Event.case_id).subquery("reopened"))
    return (select(ended.c.case_id)
            .outerjoin(reopened, reopened.c.case_id == ended.c.case_id)
            .where(or_(reopened.c.t.is_(None), reopened.c.t < ended.c.t)))


def suspended_cases(w: Window):
    """Return a select of the ids of cases suspended (and not yet resumed) at the month's end."""
    stopped = func.max(case((Event.type.in_(SUSPENDING), Event.created_at)))
    resumed = func.max(case((Event.type.in_(RESUMING), Event.created_at)))
    return (select(Event.case_id)
            .where(Event.type.in_(SUSPENDING + RESUMING), Event.created_at < w.end)
            .group_by(Event.case_id)
            .having(and_(stopped.is_not(None), or_(resumed.is_(None), resumed < stopped))))


def department_at_end(case_id, w: Window):
    """Return a scalar subquery: the code of the department the case answered to at the end."""
    e = aliased(Event)
    code = func.coalesce(text_field(e, "to"), text_field(e, "department"))
    from_timeline = (select(code)
                     .where(e.case_id == case_id, e.type.in_(DEPARTMENT_SETTING),
                            e.created_at < w.end, code.is_not(None))
                     .order_by(e.created_at.desc(), e.seq.desc())
                     .limit(1).scalar_subquery())
    # cases written before the timeline named departments: their current answerable one
    owner = aliased(Case)
    current = (select(Department.code)
               .join(owner, owner.answerable_department_id == Department.id)
               .where(owner.id == case_id).scalar_subquery())
    return func.coalesce(from_timeline, current)


def due_dates_moved_later(w: Window):
    """Return a subquery (case_id, clock, was): where a due date stood before it first moved
    after the month (a recomputed calendar writes `was`), so a later move leaves the month
    as it was. Such events are rare, and the (type, created_at) index finds them.
    """
    clock = text_field(Event, "clock")
    first = func.row_number().over(partition_by=(Event.case_id, clock),
                                   order_by=(Event.created_at, Event.seq))
    moves = (select(Event.case_id.label("case_id"), clock.label("clock"),
                    text_field(Event, "was").label("was"), first.label("n"))
             .where(Event.type.in_(DUE_CHANGING), Event.created_at >= w.end,
                    text_field(Event, "was").is_not(None))
             .subquery("moves"))
    return (select(moves.c.case_id, moves.c.clock, moves.c.was)
            .where(moves.c.n == 1).subquery("moved"))
