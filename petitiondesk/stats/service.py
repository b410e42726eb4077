"""The monthly report: who may read it, which month, and every figure of api.md."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import or_

from petitiondesk.accounts.models import Department, User
from petitiondesk.cases.enums import CHANNELS, TRACKS
from petitiondesk.cases.models import Event
from petitiondesk.core.errors import Forbidden, Invalid, NotFound
from petitiondesk.core.local import tz
from petitiondesk.extensions import db
from petitiondesk.stats import queries as q
from petitiondesk.stats.asof import Window, text_field, window
from petitiondesk.stats.period import BadMonth, Month, rate

# statistics are not personal data: heads see every department's figures too
READER_ROLES = ("auditor", "supervisor", "admin", "head", "counsel")
TRANSFERS = ("transfer_requested",)
REFUSED = ("transfer_rejected",)
EXTENSIONS = ("extension_approved",)


def require_reader(user: User) -> None:
    """Refuse a user whose roles do not include reading statistics."""
    if not user.has_role(*READER_ROLES):
        raise Forbidden("statistics are for leadership, auditors, supervisors, heads and counsel")


def parse_month(text: str | None, *, today: date) -> Month:
    """Return the month asked for (default: last month); refuse malformed or future ones."""
    if not text:
        return Month.of(today).previous()
    try:
        month = Month.parse(text)
    except BadMonth as exc:
        raise Invalid(str(exc), errors={"month": ["must be YYYY-MM"]}) from exc
    if month > Month.of(today):
        raise NotFound(f"no statistics for {month} yet: it has not begun",
                       errors={"month": ["must not be in the future"]})
    return month


def monthly_report(*, month: Month, now: datetime) -> dict:
    """Return the month's statistics as of 24:00 on its last day, with two months to compare.

    A closed month's figures are frozen the first time they are computed and read back
    afterwards (stats/snapshots.py); the comparisons are the other months' totals.
    """
    from petitiondesk.stats import snapshots

    figures = snapshots.figures_of(month, now=now, compute=month_figures)
    previous = snapshots.figures_of(month.previous(), now=now, compute=month_figures)
    last_year = snapshots.figures_of(month.same_month_last_year(), now=now,
                                     compute=month_figures)
    return {"month": str(month), "generated_at": now.astimezone(tz()).isoformat(),
            "frozen_at": _iso(snapshots.frozen_at(month)), **figures,
            "previous_month": previous["totals"],
            "same_month_last_year": last_year["totals"]}


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(tz()).isoformat() if moment else None


def month_figures(month: Month) -> dict:
    """Compute the month's figures from the timeline (what a snapshot stores)."""
    w = window(month, tz())
    # grouped first: the month's totals are their sums, with no second pass
    grid = q.closed_grid(w)  # by track and by department in one pass
    received, closed = q.received(w, "track"), q.collapse(grid, 0)
    overdue, bounces = q.overdue(w, "department"), _bounces(w)
    return {
        "totals": totals(w, received=_sum(received, 2), closed=_sum(closed, 2),
                         overdue=_sum(overdue, 1), bounces=sum(bounces.values())),
        "by_track": by_track(received, closed), "by_channel": by_channel(w),
        "by_department": by_department(w, overdue=overdue, bounces=bounces,
                                       closed=q.collapse(grid, 1)),
        "legal": legal(w),
        "satisfaction": satisfaction(w),
        "suggestions": suggestions(w),
    }


def _one(rows: dict, key=None, width: int = 1) -> tuple:
    """Return a group's numbers from an aggregate, zeros when the group had none."""
    return rows.get(key, (0,) * width)


def _sum(rows: dict, width: int) -> tuple:
    """Return the column sums of a grouped aggregate."""
    return tuple(sum(values[i] for values in rows.values()) for i in range(width))


def totals(w: Window, *, received: tuple | None = None, closed: tuple | None = None,
           overdue: tuple | None = None, bounces: int | None = None) -> dict:
    """Return the month's totals; figures already counted by group are passed in."""
    received, visitors = received or _one(q.received(w), width=2)
    closed, on_time = closed or _one(q.closed(w), width=2)
    return {
        "received": received, "visitors": visitors, "closed": closed,
        "closed_on_time": on_time, "on_time_rate": rate(on_time, closed),
        "open_at_month_end": q.open_at_end(w),
        "overdue_at_month_end": (overdue or _one(q.overdue(w)))[0],
        "transfers": _one(q.events(w, TRANSFERS))[0],
        "bounces": sum(_bounces(w).values()) if bounces is None else bounces,
        "extensions": _one(q.events(w, EXTENSIONS))[0],
        "supervised": _one(q.events(w, ("supervision_started", "escalated"), cases=True,
                                    where=_supervising()))[0],
        "escalated_to_legal": _one(q.events(w, ("escalated",), where=_to_legal()))[0],
    }


def _supervising():
    """Return the condition: the event put the case under supervision.

    The transfers area writes supervision_started; the escalation sweep supervises a
    long-overdue case on its `escalated` event with data.supervised.
    """
    return or_(Event.type == "supervision_started",
               Event.data["supervised"].as_boolean().is_(True))


def _to_legal():
    """Return the condition: an `escalated` event of the legal track, not an alert level."""
    return text_field(Event, "level").is_(None)


def _bounces(w: Window) -> Counter:
    """Return bounces per department: transfers back to a former holder, and refusals.

    A transfer back counts against the sender; a refused transfer against the refusing
    (receiving) department, since the case bounced back from it.
    """
    back = q.events(w, TRANSFERS, by="from", where=Event.data["bounce"].as_boolean().is_(True))
    refused = q.events(w, REFUSED, by="to")
    counts = Counter({code: n for code, (n,) in back.items()})
    counts.update({code: n for code, (n,) in refused.items()})
    return counts


def by_track(received: dict, closed: dict) -> dict:
    """Return cases received, closed and closed on time per track."""
    return {track: {"received": _one(received, track, 2)[0],
                    "closed": _one(closed, track, 2)[0],
                    "closed_on_time": _one(closed, track, 2)[1]} for track in TRACKS}


def by_channel(w: Window) -> dict:
    """Return cases received per channel."""
    received = q.received(w, "channel")
    return {channel: _one(received, channel, 2)[0] for channel in CHANNELS}


def by_department(w: Window, *, overdue: dict, bounces: Counter, closed: dict) -> list[dict]:
    """Return each department's row, attributed to the department answerable at the end."""
    received = q.received(w, "department")
    transfers_out = q.events(w, TRANSFERS, by="from")
    extensions = q.events(w, EXTENSIONS, by="department")
    rows = []
    for dept in db.session.scalars(db.select(Department).order_by(Department.code)):
        code = dept.code
        done, on_time = _one(closed, code, 2)
        rows.append({
            "code": code, "name": dept.name, "received": _one(received, code, 2)[0],
            "closed": done, "closed_on_time": on_time, "on_time_rate": rate(on_time, done),
            "overdue_at_month_end": _one(overdue, code)[0],
            "transfers_out": _one(transfers_out, code)[0], "bounces": bounces[code],
            "extensions": _one(extensions, code)[0],
        })
    return rows


def legal(w: Window) -> dict:
    """Return counsel's figures: lawsuits, losses, hearings, reconsiderations."""
    decided, corrected = q.reconsiderations(w)
    opened, closed = q.lawsuits(w)
    return {
        "lawsuits_opened": opened,
        "lawsuits_closed": closed,
        "lost": q.lost(w),
        "head_appeared_hearings": _one(q.events(w, ("head_appeared",)))[0],
        "hearings": _one(q.events(w, ("hearing_scheduled",)))[0],
        "reconsiderations_decided": decided, "reconsiderations_corrected": corrected,
    }


RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")


def satisfaction(w: Window) -> dict:
    """Return the petitioners' ratings of replies recorded in the month (the portal)."""
    counts = q.events(w, ("satisfaction_rated",), by="rating")
    figures = {rating: _one(counts, rating)[0] for rating in RATINGS}
    rated = sum(figures.values())
    return {"rated": rated, **figures,
            "satisfaction_rate": rate(figures["satisfied"] + figures["basically_satisfied"],
                                      rated)}


def suggestions(w: Window) -> dict:
    """Return how often intake took the routing model's suggestions in the month."""
    fields = ("department", "category")
    counts = q.registered_counts(w, [
        cond for field in fields for cond in (
            text_field(Event, f"suggested_{field}").is_not(None),
            Event.data[f"suggestion_{field}_taken"].as_boolean().is_(True))])
    out = {}
    for i, field in enumerate(fields):
        offered, taken = counts[2 * i], counts[2 * i + 1]
        out.update({f"{field}_suggested": offered, f"{field}_taken": taken,
                    f"{field}_taken_rate": rate(taken, offered)})
    return out
