"""The month's figures: each one SQL aggregate over indexed columns, none a loop over cases."""

from __future__ import annotations

from sqlalchemy import and_, case, distinct, exists, func, or_, select

from petitiondesk.accounts.models import Department
from petitiondesk.cases.enums import CORRECTING_OUTCOMES
from petitiondesk.cases.models import Case, Event
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db
from petitiondesk.stats.asof import (
    DUE_CHANGING,
    EXTENDING,
    Window,
    closed_by_timeline,
    closings,
    departments_moved_later,
    due_dates_moved_later,
    later_due_changes,
    recorded_in,
    reopened_later,
    suspended_cases,
    text_field,
)
from petitiondesk.stats.rewind import overdue_before_later_extension

LOST = ("lost", "partly_lost")
CLOSING_WITH_DECISION = ("closed",)


def _grouped(stmt, by: str | None, w: Window, case_id=None):
    """Return the statement (joined as needed) and its grouping expression: none, the
    case's track or channel, or the code of the department it answered to at the month's end.
    Cases are joined on `case_id` when grouped, unless already in the FROM (case_id None).
    """
    if by is None:
        return stmt, None
    if case_id is not None:
        stmt = stmt.join(Case, Case.id == case_id)
    if by != "department":
        return stmt, {"track": Case.track, "channel": Case.channel}[by]
    return _by_department(stmt, w)


def _by_department(stmt, w: Window):
    """Return the statement (cases in its FROM) joined to the department each case answered
    to at the month's end, and that department's code."""
    moved = departments_moved_later(w)
    # SQLite, given the seven departments, would start from them and build an index of
    # every case by department on each run (2.7 s at 1,000,000 cases); as an expression
    # the department can only be looked up from the case, after the few chosen rows
    answerable = (Case.answerable_department_id + 0 if db.engine.dialect.name == "sqlite"
                  else Case.answerable_department_id)
    stmt = (stmt.join(Department, Department.id == answerable)
            .outerjoin(moved, moved.c.case_id == Case.id))
    return stmt, func.coalesce(moved.c.code, Department.code)


def _rows(stmt, key) -> dict:
    """Run a grouped aggregate; return {group: numbers} ({None: numbers} ungrouped)."""
    if key is None:
        return {None: tuple(int(v or 0) for v in db.session.execute(stmt).one())}
    stmt = stmt.add_columns(key.label("grp")).group_by(key)
    return {row[-1]: tuple(int(v or 0) for v in row[:-1]) for row in db.session.execute(stmt)}


def received(w: Window, by: str | None = None) -> dict:
    """Return (cases received, visitors) in the month, by receipt date."""
    stmt = (select(func.count(Case.id), func.sum(Case.visitors))
            .where(Case.received_on.between(w.month.first, w.month.last)))
    return _rows(*_grouped(stmt, by, w))


def _lawsuit(case_id):
    """Return the condition: a litigation case that is a lawsuit, not counsel's guidance
    case for an escalated legacy matter (it carries the legal.guidance clock)."""
    guidance = exists().where(Clock.case_id == case_id, Clock.key == "legal.guidance")
    return and_(Case.track == "litigation", ~guidance)


def lawsuits(w: Window) -> tuple[int, int]:
    """Return (lawsuits received, lawsuits closed) in the month."""
    opened = db.session.scalar(
        select(func.count(Case.id)).where(Case.received_on.between(w.month.first, w.month.last),
                                          _lawsuit(Case.id)))
    done = closings(w)
    ended = db.session.scalar(select(func.count(done.c.case_id)).select_from(done)
                              .join(Case, Case.id == done.c.case_id).where(_lawsuit(Case.id)))
    return opened or 0, ended or 0


def _late_clock(closed):
    """Return the condition: the closed case had an obligation clock not met by its due date."""
    return exists().where(
        Clock.case_id == closed.c.case_id, Clock.kind == "obligation",
        Clock.cancelled.is_(False), Clock.created_at <= closed.c.closed_at,
        or_(Clock.met_on.is_(None), Clock.met_on > Clock.due_on),
    )


def closed(w: Window, by: str | None = None) -> dict:
    """Return (cases closed, of them on time) in the month."""
    done = closings(w)
    return _rows(*_grouped(_closed_numbers(done), by, w, done.c.case_id))


def _closed_numbers(done):
    """Return SELECT (closings, of them on time) FROM the closings subquery `done`."""
    return (select(func.count(done.c.case_id), func.sum(case((_late_clock(done), 0), else_=1)))
            .select_from(done))


def closed_grid(w: Window) -> dict:
    """Return {(track, department answerable at the end): (closed, of them on time)}:
    the month's closings grouped both ways in one pass over them and their cases."""
    done = closings(w)
    stmt, code = _by_department(
        _closed_numbers(done).join(Case, Case.id == done.c.case_id), w)
    stmt = stmt.add_columns(Case.track, code).group_by(Case.track, code)
    return {(track, dept): (int(n or 0), int(on_time or 0))
            for n, on_time, track, dept in db.session.execute(stmt)}


def collapse(grid: dict, position: int) -> dict:
    """Return a grid's numbers summed by one of its keys (0: track, 1: department)."""
    out: dict = {}
    for key, numbers in grid.items():
        before = out.get(key[position], (0,) * len(numbers))
        out[key[position]] = tuple(a + b for a, b in zip(before, numbers, strict=True))
    return out


def running_at_end(w: Window) -> list:
    """Return the conditions: an obligation clock started by the month's end, not met by
    then, and not stopped by a suspension at the end.

    On SQLite the kind is compared as `kind || ''`, which no index serves: the callers
    choose their few clocks by id or case, and SQLite (without statistics) would
    otherwise read every obligation clock from the (kind, met_on, due_on) index. Not on
    PostgreSQL, whose estimate of such an expression is far too low (a 100-fold
    misestimate chose nested loops over the later moves: 2.3 s instead of 0.1 s).
    """
    kind = Clock.kind + "" if db.engine.dialect.name == "sqlite" else Clock.kind
    return [kind == "obligation",
            Clock.cancelled.is_(False), Clock.created_at < w.end,
            or_(Clock.met_on.is_(None), Clock.met_on > w.month.last),
            Clock.case_id.not_in(suspended_cases(w))]


# beyond this many cases with due dates moved after the month (only a long-past month
# has that many), they are named by a subquery instead of a list the indexes can use
LISTED = 500


def _candidates(w: Window):
    """Return a condition every clock overdue at the month's end meets, in the terms of
    the (kind, met_on, due_on) index: an obligation clock due by the end and open now or
    met after the end, or a clock of a case whose due dates moved after the end. It only
    adds what `running_at_end` and the due date at the end imply, so that the databases
    read the open and recently met clocks, not every clock ever started.
    """
    last, obligation = w.month.last, Clock.kind == "obligation"
    parts = [and_(obligation, Clock.met_on.is_(None), Clock.due_on <= last),
             and_(obligation, Clock.met_on > last, Clock.due_on <= last)]
    moved = later_due_changes(w)
    if len(moved) > LISTED:
        parts.append(Clock.case_id.in_(select(Event.case_id).where(
            Event.type.in_(DUE_CHANGING + EXTENDING), Event.created_at >= w.end)))
    elif moved:
        parts.append(Clock.case_id.in_(moved))
    return or_(*parts)


def overdue(w: Window, by: str | None = None) -> dict:
    """Return (cases with an obligation clock overdue at the month's end,)."""
    last = w.month.last
    moved = due_dates_moved_later(w)
    running = running_at_end(w)
    # ISO dates compare as text on both databases
    due_by_end = or_(and_(moved.c.was.is_(None), Clock.due_on <= last),
                     moved.c.was <= last.isoformat(),
                     Clock.id.in_(overdue_before_later_extension(w, running)))
    stmt = (select(func.count(distinct(Clock.case_id)))
            .select_from(Clock)
            .outerjoin(moved, and_(moved.c.case_id == Clock.case_id,
                                   moved.c.clock == Clock.key))
            .where(_candidates(w), *running, due_by_end))
    return _rows(*_grouped(stmt, by, w, Clock.case_id))


def open_at_end(w: Window) -> int:
    """Return how many cases received by the month's end were still open then.

    A case's row says whether it is closed now (`closed_at`: a closing sets it, a
    reopening for review clears it), so a case was open at the end when it is open
    now or closed only after the end, unless it was reopened after the end: only
    those few rows are read again from their timelines (closed at the end when their
    last closing by then came after their last reopening). Nothing older than the
    month is read: the counts come from the (closed_at, received_on) index, the
    correction from the events after the end.
    """
    received = Case.received_on <= w.month.last
    by_row = or_(Case.closed_at.is_(None), Case.closed_at >= w.end)
    later = reopened_later(w)
    closed_then = closed_by_timeline(w, later)

    def count(*where):
        # count(*), not count(id): PostgreSQL then counts from the index alone
        return select(func.count()).select_from(Case).where(received, *where).scalar_subquery()

    open_now, closed_after = count(Case.closed_at.is_(None)), count(Case.closed_at >= w.end)
    row_said_open = count(Case.id.in_(later), by_row)
    timeline_open = count(Case.id.in_(later), Case.id.not_in(closed_then))
    figures = db.session.execute(select(open_now, closed_after, row_said_open,
                                        timeline_open)).one()
    return sum(int(v or 0) * sign for v, sign in zip(figures, (1, 1, -1, 1), strict=True))


def events(w: Window, types: tuple[str, ...], *, where=None, by=None,
           cases: bool = False) -> dict:
    """Return how many events of these types the month recorded (or how many cases had one)."""
    # count(*), not count(id): without a condition on the data PostgreSQL counts from
    # the (type, created_at, case_id) index alone
    counted = func.count(distinct(Event.case_id)) if cases else func.count()
    stmt = select(counted).select_from(Event).where(Event.type.in_(types), recorded_in(w))
    if where is not None:
        stmt = stmt.where(where)
    if by == "department":
        return _rows(*_grouped(stmt, by, w, Event.case_id))
    return _rows(stmt, text_field(Event, by) if by else None)


def registered_counts(w: Window, conditions: list) -> list[int]:
    """Return, for each condition, how many of the month's registrations met it (one pass
    over the month's `registered` events, however many conditions)."""
    stmt = select(*[func.coalesce(func.sum(case((cond, 1), else_=0)), 0) for cond in conditions]
                  ).where(Event.type == "registered", recorded_in(w))
    return [int(v) for v in db.session.execute(stmt).one()]


def lost(w: Window) -> int:
    """Return how many judgments served in the month the bureau lost in whole or part."""
    stmt = select(func.count(Event.id)).where(
        Event.type == "judgment_served", recorded_in(w),
        text_field(Event, "outcome").in_(LOST))
    return int(db.session.scalar(stmt) or 0)


def reconsiderations(w: Window) -> tuple[int, int]:
    """Return (reconsiderations decided in the month, of them correcting the act)."""
    correcting = case((text_field(Event, "outcome").in_(sorted(CORRECTING_OUTCOMES)),
                       Event.case_id))
    stmt = (select(func.count(distinct(Event.case_id)), func.count(distinct(correcting)))
            .join(Case, Case.id == Event.case_id)
            .where(Case.track == "reconsideration", Event.type.in_(CLOSING_WITH_DECISION),
                   recorded_in(w)))
    decided, corrected = db.session.execute(stmt).one()
    return int(decided), int(corrected)
