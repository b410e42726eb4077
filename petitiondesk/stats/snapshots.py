"""Month-end snapshots: a closed month's figures, computed once and then read.

Design rule 5: a month's statistics are as of 24:00 on its last day and never change
afterwards. So once a month has closed its figures are written to `month_snapshots`
the first time they are asked for (by the scheduler just after midnight on the 1st, by
the monthly mail, or by the first reader) and read from there ever after: the report
of a past month costs one primary-key read instead of the aggregates over the whole
timeline. The current month is always computed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from petitiondesk.core.local import local_today
from petitiondesk.core.upsert import insert_if_absent
from petitiondesk.extensions import db
from petitiondesk.stats.models import MonthSnapshot
from petitiondesk.stats.period import Month


def closed(month: Month, *, now: datetime) -> bool:
    """Return whether the month ended (24:00 local on its last day) before `now`."""
    return month < Month.of(local_today(now))


def frozen(month: Month) -> dict | None:
    """Return a closed month's stored figures, or None when not frozen yet."""
    row = db.session.get(MonthSnapshot, str(month))
    return dict(row.figures) if row is not None else None


def figures_of(month: Month, *, now: datetime, compute: Callable[[Month], dict]) -> dict:
    """Return the month's figures: frozen ones for a closed month (freezing them first)."""
    if not closed(month, now=now):
        return compute(month)
    found = frozen(month)
    if found is not None:
        return found
    figures = compute(month)
    freeze(month, figures, now=now)
    return figures


def freeze(month: Month, figures: dict, *, now: datetime) -> None:
    """Store a closed month's figures unless another process stored them first."""
    insert_if_absent(MonthSnapshot, month=str(month), figures=figures, frozen_at=now)


def frozen_at(month: Month) -> datetime | None:
    """Return when the month was frozen, or None."""
    return db.session.scalar(db.select(MonthSnapshot.frozen_at)
                             .where(MonthSnapshot.month == str(month)))


def freeze_last_month(*, now: datetime) -> Month:
    """Freeze the month that just closed (the scheduler, just after midnight on the 1st)."""
    month = Month.of(local_today(now)).previous()
    freeze_month(month, now=now)
    return month


def closed_months(*, now: datetime) -> list[Month]:
    """Return every closed month since the first case was received, oldest first."""
    from petitiondesk.cases.models import Case

    first = db.session.scalar(db.select(db.func.min(Case.received_on)))
    months, last = [], Month.of(local_today(now)).previous()
    month = Month.of(first) if first else None
    while month is not None and month <= last:
        months.append(month)
        month = Month.of(month.last + timedelta(days=1))
    return months


def freeze_month(month: Month, *, now: datetime) -> bool:
    """Freeze a closed month unless it is frozen already; return whether it was computed."""
    from petitiondesk.stats.service import month_figures

    if frozen(month) is not None:
        return False
    freeze(month, month_figures(month), now=now)
    return True
