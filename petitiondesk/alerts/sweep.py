"""The escalation sweep: fire the ladder levels that came due, once each, by e-mail.

Only clocks whose `next_alert_at` has passed are read (through ix_clocks_next_alert),
so a sweep costs what is due, not how many cases exist. A level is claimed with a
conditional UPDATE on the clock's `alert_level` in the same transaction as its
timeline events and outbox rows: two sweeps at once, or one run twice, fire it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from petitiondesk.alerts.ladder import Escalation, escalation, next_alert_at
from petitiondesk.alerts.mails import alert_mail, mail_locale
from petitiondesk.alerts.outbox import mail_row, queue_rows
from petitiondesk.alerts.recipients import Directory, Recipient
from petitiondesk.alerts.schedule import ladder, reschedule
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.core.local import local_today, tz
from petitiondesk.deadlines.models import Clock
from petitiondesk.extensions import db

log = logging.getLogger(__name__)

BATCH = 500
# a stopped clock is looked at again daily: resumption may bypass the due-date paths
SUSPENDED_RECHECK = timedelta(days=1)


@dataclass
class SweepResult:
    """What one sweep did."""

    escalated: int = 0
    mails: int = 0
    failed: list[int] = field(default_factory=list)


def sweep(*, now: datetime, batch: int = BATCH) -> SweepResult:
    """Fire every ladder level due at `now`; commit after each batch of clocks."""
    result, directory, size = SweepResult(), Directory(), batch
    while clocks := _due_clocks(now=now, exclude=result.failed, limit=size):
        try:
            _sweep_batch(clocks, now=now, directory=directory, result=result)
        except Exception:
            db.session.rollback()
            if len(clocks) == 1:
                log.exception("escalating clock %s failed; retried next sweep", clocks[0].id)
                result.failed.append(clocks[0].id)
            else:
                # a batch fails whole (a case changed meanwhile, say): go on one clock at
                # a time, so only the clock at fault waits for the next sweep
                log.warning("a sweep batch failed; going on one clock at a time")
                size = 1
    return result


def _sweep_batch(clocks: list[Clock], *, now: datetime, directory: Directory,
                 result: SweepResult) -> None:
    """Escalate a batch of due clocks, queue their mail and commit, all or nothing."""
    cases = _cases_of(clocks)
    done, mails = SweepResult(), []
    with db.session.no_autoflush:  # one flush per batch, not one per statement
        for clock in clocks:
            _sweep_clock(clock, cases[clock.case_id], now=now, directory=directory,
                         result=done, mails=mails)
    db.session.flush()
    queue_rows(mails)
    db.session.commit()
    result.escalated += done.escalated
    result.mails += done.mails


def _due_clocks(*, now: datetime, exclude: list[int], limit: int) -> list[Clock]:
    """Return clocks whose next alert has passed, locking them on PostgreSQL."""
    stmt = (db.select(Clock)
            .where(Clock.next_alert_at.is_not(None), Clock.next_alert_at <= now)
            .order_by(Clock.next_alert_at, Clock.id).limit(limit))
    if exclude:
        stmt = stmt.where(Clock.id.not_in(exclude))
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True, of=Clock)
    return list(db.session.scalars(stmt))


def _cases_of(clocks: list[Clock]) -> dict[int, Case]:
    """Load the cases of a batch of clocks with one query."""
    ids = {c.case_id for c in clocks}
    return {case.id: case for case in db.session.scalars(
        db.select(Case).where(Case.id.in_(ids)))}


def _sweep_clock(clock: Clock, case: Case, *, now: datetime, directory: Directory,
                 result: SweepResult, mails: list[dict]) -> None:
    """Fire the clock's levels due at `now`, or move its next alert time on."""
    if clock.is_open and clock.suspended_since is not None:
        clock.next_alert_at = now + SUSPENDED_RECHECK
        return
    found = escalation(clock.due_on, clock.alert_level or 0, ladder(), tz(),
                       kind=clock.kind, now=now) if clock.is_open else None
    if found is None:
        reschedule(clock)
        return
    if not _claim(clock, found):
        return
    recipients = directory.resolve(case, found.audiences)
    _record(case, clock, found, recipients, now=now)
    mails.extend(_mails(case, clock, found, recipients, now=now))
    result.mails += len(recipients)
    result.escalated += 1


def _claim(clock: Clock, found: Escalation) -> bool:
    """Raise the clock's level unless another sweep already did; return who won."""
    old = clock.alert_level or 0
    nxt = next_alert_at(clock.due_on, found.new_level, ladder(), tz(), kind=clock.kind)
    table = Clock.__table__
    claimed = db.session.execute(
        table.update().where(table.c.id == clock.id, table.c.alert_level == old)
        .values(alert_level=found.new_level, next_alert_at=nxt)
    ).rowcount
    db.session.expire(clock, ["alert_level", "next_alert_at"])
    return claimed == 1


def _record(case: Case, clock: Clock, found: Escalation, recipients: list[Recipient], *,
            now: datetime) -> None:
    """Write each level reached on the timeline; supervise the case when a level says so."""
    today = local_today(now)
    for level in found.reached:
        data = {"clock": clock.key, "clock_id": clock.id, "kind": clock.kind,
                "level": level.name, "due_on": clock.due_on}
        if level is found.top:
            data["notified"] = [r.email for r in recipients]
        if level.supervise and not case.supervised:
            case.supervised = True
            case.supervision_reason = f"overdue: {clock.key} due {clock.due_on.isoformat()}"
            data["supervised"] = True
        timeline.record(case, "escalated", now=now, on=today, data=data)


def _mails(case: Case, clock: Clock, found: Escalation, recipients: list[Recipient], *,
           now: datetime) -> list[dict]:
    """Return one outbox row per person at the highest level reached."""
    rows, written = [], {}
    today = local_today(now)
    for person in recipients:
        # the text depends only on the language, so it is written once per language
        locale = mail_locale(person.locale)
        if locale not in written:
            written[locale] = alert_mail(case=case, clock=clock, level=found.top,
                                         locale=locale, today=today)
        mail = written[locale]
        rows.append(mail_row(
            key=f"alert:{clock.id}:{found.top.name}:{person.email.lower()}",
            recipient=person.email, subject=mail.subject, text=mail.text, html=mail.html,
            case_id=case.id, now=now))
    return rows
