"""Hearings and legal deadlines between two dates, as data and as an iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from petitiondesk.accounts.models import User
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.cases.visibility import restrict_cases
from petitiondesk.core.local import tz
from petitiondesk.core.timeutil import end_of_day_utc, start_of_day_utc
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db
from petitiondesk.legal.models import Hearing

LEGAL_TRACKS = ("litigation", "reconsideration")
# a hearing's length is not served with the summons; two hours keeps it visible in a day view
HEARING_LENGTH = timedelta(hours=2)


def hearings_between(*, user: User, first: date, last: date) -> list[dict]:
    """Return the hearings the user may see from `first` to `last` (local dates), in order."""
    zone = tz()
    stmt = (db.select(Hearing).join(Case, Case.id == Hearing.case_id)
            .where(Hearing.at >= start_of_day_utc(first, zone),
                   Hearing.at < end_of_day_utc(last, zone)))
    stmt = restrict_cases(stmt, user).order_by(Hearing.at, Hearing.id)
    return [hearing_view(h) for h in db.session.scalars(stmt)]


def hearing_view(hearing: Hearing) -> dict:
    """Return a hearing with its case's court data."""
    case, attrs = hearing.case, hearing.case.attributes or {}
    return {"id": hearing.id, "case_id": case.id, "case_number": case.number,
            "title": case.title, "matter_id": case.matter_id, "court": attrs.get("court"),
            "court_case_number": attrs.get("court_case_number"),
            "instance": attrs.get("instance"), "at": hearing.at, "place": hearing.place,
            "head_appeared": hearing.head_appeared, "appeared": hearing.appeared or []}


def legal_deadlines(*, user: User, last: date, first: date | None = None) -> list[tuple]:
    """Return (clock, case) for running clocks of open legal cases due by `last`, by due date."""
    stmt = (db.select(Clock, Case).join(Case, Case.id == Clock.case_id)
            .where(Clock.met_on.is_(None), Clock.cancelled.is_(False), Clock.due_on <= last,
                   Case.track.in_(LEGAL_TRACKS), Case.status.in_(OPEN_STATUSES)))
    if first is not None:
        stmt = stmt.where(Clock.due_on >= first)
    stmt = restrict_cases(stmt, user).order_by(Clock.due_on, Clock.id)
    return [(clock, case) for clock, case in db.session.execute(stmt)]


def ical_feed(*, hearings: list[dict], deadlines: list[tuple], labels: dict, now: datetime,
              host: str) -> bytes:
    """Return an iCalendar document of hearings (timed) and deadlines (all-day)."""
    cal = Calendar()
    cal.add("prodid", "-//petitiondesk//hearings and deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "petitiondesk")
    for h in hearings:
        event = _event(f"hearing-{h['id']}@{host}", now,
                       f"{h['case_number']} {h['title']}", h["place"])
        event.add("dtstart", h["at"])
        event.add("dtend", h["at"] + HEARING_LENGTH)
        cal.add_component(event)
    for clock, case in deadlines:
        event = _event(f"clock-{clock.id}@{host}", now,
                       f"{labels.get(clock.key, clock.key)}: {case.number} {case.title}", "")
        event.add("dtstart", clock.due_on)
        event.add("dtend", clock.due_on + timedelta(days=1))
        cal.add_component(event)
    return cal.to_ical()


def _event(uid: str, now: datetime, summary: str, location: str) -> Event:
    """Return an event with the fields every calendar program needs."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    return event
