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

from sqlalchemy import String, and_, cast, func, or_, select
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


def _last_event_at(case_id, types: tuple[str, ...], w: Window):
    """Return a scalar subquery: the case's last event of these types before the end."""
    e = aliased(Event)
    return (select(func.max(e.created_at))
            .where(e.case_id == case_id, e.type.in_(types), e.created_at < w.end)
            .scalar_subquery())


def suspended_at_end(case_id, w: Window):
    """Return the condition: the case was suspended (not yet resumed) at the month's end."""
    stopped = _last_event_at(case_id, SUSPENDING, w)
    resumed = _last_event_at(case_id, RESUMING, w)
    return and_(stopped.is_not(None), or_(resumed.is_(None), resumed < stopped))


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


def due_by_end(clock, w: Window):
    """Return the condition: as of the month's end the clock was due on or before its last day.

    A due date moved after the month (an extension, a recomputed calendar) is read back
    from the first such event's `was`, so a later change leaves the month as it was.
    ISO dates compare as text on both databases.
    """
    e = aliased(Event)
    was = (select(text_field(e, "was"))
           .where(e.case_id == clock.case_id, e.type.in_(DUE_CHANGING), e.created_at >= w.end,
                  text_field(e, "was").is_not(None),
                  or_(text_field(e, "clock") == clock.key,
                      text_field(e, "clock") == cast(clock.id, String)))
           .order_by(e.created_at, e.seq).limit(1).scalar_subquery())
    last = w.month.last
    return or_(and_(was.is_(None), clock.due_on <= last), was <= last.isoformat())
