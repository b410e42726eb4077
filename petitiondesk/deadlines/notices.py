"""Tell administrators, once per year, that deadlines run into a year with no calendar.

A provisional clock never blocks the work that started it, so recording the notice
must not fail a request either: two requests noting the same year at once race on
the primary key, and the loser simply finds the row already there.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from petitiondesk.accounts.models import User, UserRole
from petitiondesk.deadlines.models import CalendarNotice, CalendarYear
from petitiondesk.extensions import db

log = logging.getLogger(__name__)


def note_missing_years(*, first: date, last: date, now: datetime) -> list[int]:
    """Record the uncovered years from `first` to `last`; mail admins; return them."""
    from petitiondesk.deadlines.service import calendar

    covered = calendar().years
    missing = [y for y in range(first.year, last.year + 1) if y not in covered]
    unmailed = False
    for year in missing:
        notice = db.session.get(CalendarNotice, year)
        if notice is None:
            _insert_notice(year, now)
        unmailed = unmailed or notice is None or notice.mailed_at is None
    if unmailed:
        mail_pending_notices(now=now)
    return missing


def _insert_notice(year: int, now: datetime) -> None:
    """Insert the year's notice row unless another transaction just did."""
    try:
        with db.session.begin_nested():
            db.session.add(CalendarNotice(year=year, first_needed_at=now))
    except IntegrityError:
        log.info("calendar notice for %s recorded concurrently", year)


def mail_pending_notices(*, now: datetime) -> int:
    """Queue one mail per admin for each noted year not yet mailed; return years mailed.

    The outbox belongs to the alerts area; until its `queue_mail` exists the notices
    stay pending and a later call (the next provisional clock, or a sweep) sends them.
    """
    queue_mail = _queue_mail()
    if queue_mail is None:
        return 0
    pending = list(db.session.scalars(
        db.select(CalendarNotice).where(
            CalendarNotice.mailed_at.is_(None),
            CalendarNotice.year.not_in(db.select(CalendarYear.year)),
        ).order_by(CalendarNotice.year)))
    admins = _admins() if pending else []
    if not admins:
        return 0  # nobody to tell yet: stay pending until an administrator exists
    for notice in pending:
        for admin in admins:
            queue_mail(**_mail_for(notice.year, admin), now=now)
        notice.mailed_at = now
    return len(pending)


def _queue_mail():
    """Return alerts.outbox.queue_mail, or None while it does not exist yet."""
    try:
        return importlib.import_module("petitiondesk.alerts.outbox").queue_mail
    except (ImportError, AttributeError):
        return None


def _admins() -> list[User]:
    """Return the active administrators."""
    stmt = (db.select(User).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "admin", User.active.is_(True)).order_by(User.id))
    return list(db.session.scalars(stmt))


def _mail_for(year: int, admin: User) -> dict:
    """Return the keyword arguments of the notice mail for one admin, in their language."""
    with force_locale(admin.locale or "zh_CN"):
        return _notice(year, admin)


def _notice(year: int, admin: User) -> dict:
    return {
        "key": f"calendar-missing:{year}:{admin.id}",
        "recipient": admin.email,
        "subject": _("Holiday calendar for %(year)s is missing", year=year),
        "text": _(
            "Deadlines now run into %(year)s, but no holiday calendar is loaded for that "
            "year. They are stored as provisional (weekends only). Import the State "
            "Council's %(year)s calendar (petitiondesk calendar import %(year)s.csv, or the "
            "admin page) and every open deadline it touches is recomputed.", year=year),
    }
