"""The daily digest: each user's overdue and soon-due deadlines, one mail a day."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import or_

from petitiondesk.accounts.models import User
from petitiondesk.alerts.mails import digest_mail
from petitiondesk.alerts.outbox import queue_mail
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.core.local import local_today
from petitiondesk.deadlines.models import Clock
from petitiondesk.deadlines.service import rules
from petitiondesk.extensions import db


def send_digests(*, now: datetime) -> int:
    """Queue today's digest for every user who wants one and has something due."""
    today = local_today(now)
    horizon = today + timedelta(days=rules().due_soon_days)
    users = list(db.session.scalars(db.select(User).where(
        User.active.is_(True), User.digest_enabled.is_(True))))
    queues = _queues(users, _due_rows(today=today, horizon=horizon))
    queued = 0
    for user in users:
        rows = queues.get(user.id)
        if not rows:
            continue
        overdue = [r for r in rows if r["due_on"] < today]
        due_soon = [r for r in rows if r["due_on"] >= today]
        mail = digest_mail(name=user.name, locale=user.locale, overdue=overdue,
                           due_soon=due_soon, today=today)
        queued += queue_mail(key=f"digest:{user.id}:{today.isoformat()}", recipient=user.email,
                             subject=mail.subject, text=mail.text, html=mail.html, now=now)
    return queued


def _due_rows(*, today, horizon) -> list[dict]:
    """Return the running, unsuspended clocks of open cases due by `horizon`.

    Lapsed windows are left out: they never count as overdue.
    """
    stmt = (db.select(Clock.key, Clock.due_on, Clock.kind, Case.id, Case.number, Case.title,
                      Case.department_id, Case.assignee_id)
            .join(Case, Case.id == Clock.case_id)
            .where(Clock.met_on.is_(None), Clock.cancelled.is_(False),
                   Clock.suspended_since.is_(None), Clock.due_on <= horizon,
                   Case.status.in_(OPEN_STATUSES),
                   or_(Clock.kind == "obligation", Clock.due_on >= today))
            .order_by(Clock.due_on, Case.id))
    return [{"key": r.key, "due_on": r.due_on, "case_id": r.id, "number": r.number,
             "title": r.title, "department_id": r.department_id, "assignee_id": r.assignee_id}
            for r in db.session.execute(stmt)]


def _queues(users: list[User], rows: list[dict]) -> dict[int, list[dict]]:
    """Share rows out: the assignee (or the department's handlers) and the heads."""
    handlers, heads = defaultdict(list), defaultdict(list)
    for user in users:
        if user.has_role("handler"):
            handlers[user.department_id].append(user.id)
        if user.has_role("head"):
            heads[user.department_id].append(user.id)
    queues: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        owners = [row["assignee_id"]] if row["assignee_id"] else handlers[row["department_id"]]
        for user_id in dict.fromkeys(owners + heads[row["department_id"]]):
            queues[user_id].append(dict(row))
    return queues
