"""What the timeline says a case looked like at an instant: SQL building blocks.

Every figure of a month is read "as of 24:00 local time on its last day". Case and
clock rows hold only the latest state (a closed petition can be reopened for review,
a transfer moves it, a recomputed calendar moves a due date), so a state at the end is
either read from the append-only events up to the end, or taken from the row and wound
back by the few events written after the month. Later changes therefore never alter a
past month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from petitiondesk.cases.enums import CLOSED_STATUSES
from petitiondesk.cases.models import Event
from petitiondesk.core.timeutil import end_of_day_utc, start_of_day_utc
from petitiondesk.extensions import db
from petitiondesk.stats.period import Month

# timeline event types, as the lifecycle, transfers, deadline and legal code write them;
# the lifecycle names an event after the status reached (closed, rejected, ...)
ENDING = CLOSED_STATUSES
REOPENING = ("review_requested", "rereview_requested")
SUSPENDING = ("suspended",)
RESUMING = ("resumed",)
# events after which a case answers to another department (data: from, to)
MOVING = ("transfer_accepted", "transfer_deemed_accepted", "designated")
# events that move a clock's due date and say where it was (data: clock, was)
DUE_CHANGING = ("clock_recomputed",)
# events that move a due date without saying where it was (data: clock, days)
EXTENDING = ("extension_approved",)


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


def _none_between(event, types: tuple[str, ...], *, after, before, since=None):
    """Return the condition: the event's case has no event of `types` in (after, before).

    `since`, a lower bound `after` implies, lets PostgreSQL hash only that range.
    """
    other = aliased(Event)
    return ~exists().where(other.case_id == event.case_id, other.type.in_(types),
                           other.created_at > after, other.created_at < before,
                           *([other.created_at >= since] if since is not None else []))


# The last closing of a month and an unresumed suspension are found as the event with no
# other of its kind after it, not by GROUP BY case_id: SQLite would group by walking the
# case_id index over the whole table instead of taking the month from the type index.
# The rare moves after a month are numbered with row_number() instead.

def closings(w: Window):
    """Return a subquery of cases closed during the month, with their last closing instant."""
    return (
        select(Event.case_id.label("case_id"), Event.created_at.label("closed_at"))
        .where(Event.type.in_(ENDING), recorded_in(w),
               _none_between(Event, ENDING, after=Event.created_at, before=w.end,
                             since=w.start))
        .subquery("closings")
    )


def reopened_later(w: Window):
    """Return a select of the ids of cases reopened for review after the month's end.

    Only their rows can disagree with the timeline about the end: a reopening clears
    `closed_at`, a closing sets it. The (type, created_at) index finds them.
    """
    return select(Event.case_id).where(Event.type.in_(REOPENING), Event.created_at >= w.end)


def closed_by_timeline(w: Window, among):
    """Return a select of the ids, of the cases in `among`, that their timelines say were
    closed at the month's end: their last closing by then came after their last
    reopening."""
    last_closed = func.max(case((Event.type.in_(ENDING), Event.created_at)))
    last_reopened = func.max(case((Event.type.in_(REOPENING), Event.created_at)))
    return (select(Event.case_id)
            .where(Event.case_id.in_(among), Event.type.in_(ENDING + REOPENING),
                   Event.created_at < w.end)
            .group_by(Event.case_id)
            .having(last_closed.is_not(None),
                    or_(last_reopened.is_(None), last_closed > last_reopened)))


def later_due_changes(w: Window) -> list[int]:
    """Return ids of cases whose due dates moved after the month's end (a recomputed
    calendar, an extension): the only clocks whose row no longer says when they were due."""
    return list(db.session.scalars(
        select(Event.case_id).distinct().where(Event.type.in_(DUE_CHANGING + EXTENDING),
                                               Event.created_at >= w.end)))


def suspended_cases(w: Window):
    """Return a select of the ids of cases suspended (and not yet resumed) at the month's end."""
    return (select(Event.case_id)
            .where(Event.type.in_(SUSPENDING), Event.created_at < w.end,
                   _none_between(Event, RESUMING, after=Event.created_at, before=w.end)))


def departments_moved_later(w: Window):
    """Return a subquery (case_id, code): the department a case answered to at the month's
    end, for the cases that have moved since; every other case still answers to its
    current department. A move (an accepted transfer, a designation) records where the
    case came `from`, so the first move after the month names the department it had then.
    """
    first = func.row_number().over(partition_by=Event.case_id,
                                   order_by=(Event.created_at, Event.seq))
    moves = (select(Event.case_id.label("case_id"), text_field(Event, "from").label("code"),
                    first.label("n"))
             .where(Event.type.in_(MOVING), Event.created_at >= w.end)
             .subquery("moves"))
    return select(moves.c.case_id, moves.c.code).where(moves.c.n == 1).subquery("moved_from")


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
