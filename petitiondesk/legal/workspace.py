"""The legal counsel's workspace: deadlines coming up, hearings soon, cases by stage."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func

from petitiondesk.accounts.models import User
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.cases.present import clock_view
from petitiondesk.cases.visibility import restrict_cases
from petitiondesk.extensions import db
from petitiondesk.legal.calendar_feed import LEGAL_TRACKS, hearings_between, legal_deadlines
from petitiondesk.legal.chain import GUIDANCE_KIND

AHEAD_DAYS = 30


def workspace(*, user: User, today: date, due_soon_days: int, locale: str) -> dict:
    """Return what counsel works on next: deadlines and hearings in 30 days, cases by stage."""
    horizon = today + timedelta(days=AHEAD_DAYS)
    deadlines = [{"clock": clock_view(clock, today=today, due_soon_days=due_soon_days,
                                      locale=locale), "case": case}
                 for clock, case in legal_deadlines(user=user, last=horizon)]
    return {"deadlines": deadlines,
            "hearings": hearings_between(user=user, first=today, last=horizon),
            "stages": stage_counts(user=user), "horizon": horizon}


def stage_counts(*, user: User) -> list[dict]:
    """Count the open legal cases by track, stage (instance or guidance) and status."""
    kind = Case.attributes["kind"].as_string()
    instance = Case.attributes["instance"].as_string()
    stmt = (db.select(Case.track, kind, instance, Case.status, func.count(Case.id))
            .where(Case.track.in_(LEGAL_TRACKS), Case.status.in_(OPEN_STATUSES))
            .group_by(Case.track, kind, instance, Case.status))
    rows = db.session.execute(restrict_cases(stmt, user)).all()
    found = [{"track": track, "stage": _stage(track, k, i), "status": status, "count": n}
             for track, k, i, status, n in rows]
    return sorted(found, key=lambda r: (r["track"], r["stage"], r["status"]))


def _stage(track: str, kind: str | None, instance: str | None) -> str:
    """Name a legal case's stage: guidance, its court instance, or its track."""
    if kind == GUIDANCE_KIND:
        return "guidance"
    if track == "litigation":
        return instance or "first"
    return track
