"""Start, meet, suspend, extend and recompute a case's clocks."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, g
from sqlalchemy import func

from petitiondesk.alerts.schedule import reschedule as reschedule_alert
from petitiondesk.cases.models import Case
from petitiondesk.deadlines.calendar import CalendarEntry, HolidayCalendar
from petitiondesk.deadlines.compute import Due, rule_due
from petitiondesk.deadlines.models import CalendarDay, CalendarYear, Clock
from petitiondesk.deadlines.rules import DeadlineRule, RuleSet
from petitiondesk.deadlines.triggers import ENDING_EVENTS, triggers_for
from petitiondesk.extensions import db


def rules() -> RuleSet:
    """Return the deadline rules loaded at start-up."""
    return current_app.extensions["petitiondesk.rules"]


def calendar() -> HolidayCalendar:
    """Return the stored holiday calendar, checked once per request or command.

    Building the calendar's day table costs milliseconds, so the process keeps the last
    one and rebuilds it only when the stored calendar's stamp (years, their load times,
    the number of days) changed, which is one cheap query.
    """
    if "holiday_calendar" not in g:
        stamp = _calendar_stamp()
        cache = current_app.extensions.setdefault("petitiondesk.calendar", {})
        if cache.get("stamp") != stamp:
            cache.update(stamp=stamp, calendar=load_calendar())
        g.holiday_calendar = cache["calendar"]
    return g.holiday_calendar


def _calendar_stamp() -> tuple:
    """Return what changes whenever the stored calendar changes."""
    days = db.select(func.count()).select_from(CalendarDay).scalar_subquery()
    stmt = db.select(func.count(CalendarYear.year), func.max(CalendarYear.loaded_at), days)
    return tuple(db.session.execute(stmt).one())


def load_calendar() -> HolidayCalendar:
    """Build the holiday calendar from the database."""
    years = frozenset(db.session.scalars(db.select(CalendarYear.year)))
    entries = [
        CalendarEntry(day=row.day, kind=row.kind, name=row.name)
        for row in db.session.scalars(db.select(CalendarDay))
    ]
    return HolidayCalendar.from_entries(entries, years)


def forget_calendar() -> None:
    """Drop the cached calendar after it changed."""
    g.pop("holiday_calendar", None)


def apply_event(case: Case, event: str, *, on: date, now: datetime, data: dict | None = None):
    """Meet and start the clocks an event triggers; return the clocks started."""
    data = data or {}
    if event in ENDING_EVENTS:
        meet_open_obligations(case, on=on)
        return []
    started = []
    for trig in triggers_for(event, track=case.track, attributes=case.attributes or {}):
        for key in trig.meet:
            meet(case, key, on=on)
        for key in trig.start:
            if _should_start(key, data):
                started.append(start(case, key, on=on, now=now, variant=_variant(key, case, data)))
    return started


def _should_start(key: str, data: dict) -> bool:
    """Return False for an appeal window the bureau has no reason to use (it won)."""
    return not (key == "litigation.appeal" and data.get("outcome") == "won")


def _variant(key: str, case: Case, data: dict) -> str | None:
    """Return the rule variant this case and event call for."""
    attrs = case.attributes or {}
    if key == "reconsideration.decide" and attrs.get("procedure") == "simplified":
        return "simplified"
    if key == "litigation.appeal" and data.get("kind") == "ruling":
        return "ruling"
    return data.get("variant") if key.startswith("window.") else None


def start(case: Case, key: str, *, on: date, now: datetime, variant: str | None = None,
          transfer_id: int | None = None) -> Clock:
    """Start the clock `key` on a case, counting from `on`."""
    rule = rules()[key]
    clock = Clock(
        case_id=case.id, key=key, kind=rule.kind, variant=variant, started_on=on,
        extended_days=0, suspensions=[], cancelled=False, alert_level=0,
        transfer_id=transfer_id, created_at=now,
    )
    if case.suspended:  # a clock started while the case is stopped waits for resumption
        clock.suspended_since = on
    _set_due(clock, rule)
    db.session.add(clock)
    refresh_next_due(case)
    return clock


def _set_due(clock: Clock, rule: DeadlineRule) -> None:
    """Compute and store the clock's due date and whether it is provisional."""
    due: Due = due_for(clock, rule)
    clock.due_on = due.on
    clock.provisional = due.provisional
    reschedule_alert(clock)
    if due.provisional:
        from petitiondesk.deadlines.notices import note_missing_years

        note_missing_years(first=clock.started_on, last=due.on, now=clock.created_at)


def due_for(clock: Clock, rule: DeadlineRule, *, as_of: date | None = None) -> Due:
    """Return the due date of a clock under its rule on the current calendar.

    Closed suspensions live in `clock.suspensions` as [from, to] ISO pairs; an open one
    only in `clock.suspended_since`, counted as if the clock ran again after `as_of`
    (default: the day it stopped, which leaves the due date where it was).
    """
    variant = clock.variant if clock.variant in rule.variants else None
    spans: list[tuple[date, date | None]] = [
        (date.fromisoformat(a), date.fromisoformat(b)) for a, b in clock.suspensions or []]
    if clock.suspended_since is not None:
        spans.append((clock.suspended_since, None))
        as_of = as_of or clock.suspended_since
    return rule_due(
        rule, start=clock.started_on, calendar=calendar(), variant=variant,
        extension=clock.extended_days, suspensions=spans, as_of=as_of,
    )


def open_clocks(case: Case, key: str | None = None) -> list[Clock]:
    """Return the case's running clocks, optionally only one key."""
    stmt = db.select(Clock).where(
        Clock.case_id == case.id, Clock.met_on.is_(None), Clock.cancelled.is_(False)
    )
    if key:
        stmt = stmt.where(Clock.key == key)
    return list(db.session.scalars(stmt.order_by(Clock.id)))


def meet(case: Case, key: str, *, on: date) -> None:
    """Mark the running clocks `key` of a case as met on `on`."""
    for clock in open_clocks(case, key):
        clock.met_on = on
        clock.next_alert_at = None
    refresh_next_due(case)


def meet_open_obligations(case: Case, *, on: date) -> None:
    """Meet every running obligation clock of a case that ends."""
    for clock in open_clocks(case):
        if clock.kind == "obligation":
            clock.met_on = on
            clock.next_alert_at = None
    refresh_next_due(case)


def refresh_next_due(case: Case) -> None:
    """Store the earliest due date of the case's running obligation clocks."""
    db.session.flush()
    case.next_due_on = next_due_by_case([case.id]).get(case.id)


def next_due_by_case(case_ids: list[int]) -> dict[int, date]:
    """Return each case's earliest due date of its running obligation clocks, in one query
    (a case with none left out)."""
    # a stopped clock is due at no fixed date, so a suspended case sorts after dated ones
    return dict(db.session.execute(
        db.select(Clock.case_id, func.min(Clock.due_on)).where(
            Clock.case_id.in_(case_ids), Clock.met_on.is_(None), Clock.cancelled.is_(False),
            Clock.kind == "obligation", Clock.suspended_since.is_(None))
        .group_by(Clock.case_id)).all())
