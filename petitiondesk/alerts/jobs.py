"""The alert work a scheduler or the CLI runs: each commits itself, rolls back on error."""

from __future__ import annotations

import importlib
import logging
from datetime import datetime

from petitiondesk.alerts.digest import send_digests
from petitiondesk.alerts.sender import send_due
from petitiondesk.alerts.sweep import sweep
from petitiondesk.extensions import db

log = logging.getLogger(__name__)


def optional(module: str, attr: str):
    """Return module.attr if another area provides it yet, else None."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(found, attr, None)


def guarded(name: str, func, **kwargs):
    """Run one unit of work and commit it; on error roll back, log, and return None."""
    try:
        result = func(**kwargs)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        log.exception("%s failed", name)
        return None


def run_sweep(*, now: datetime) -> dict:
    """Escalate due clocks, then deem unanswered transfers accepted."""
    result = guarded("escalation sweep", sweep, now=now)
    summary = {"escalated": result.escalated if result else 0,
               "mails": result.mails if result else 0,
               "failed": list(result.failed) if result else None}
    deem = optional("petitiondesk.transfers.service", "deem_overdue_transfers")
    if deem is not None:
        summary["transfers"] = guarded("deemed-accepted transfers", deem, now=now)
    return summary


def run_sender(*, now: datetime):
    """Send the mail that is due."""
    return guarded("mail sender", send_due, now=now)


def run_digest(*, now: datetime):
    """Queue the daily digests."""
    return guarded("daily digest", send_digests, now=now)


def run_monthly_report(*, now: datetime):
    """Mail last month's report, when the statistics area provides the mailing."""
    mail_report = optional("petitiondesk.stats.mailing", "mail_monthly_report")
    if mail_report is None:
        log.info("monthly report mailing not available yet; skipped")
        return None
    return guarded("monthly report", mail_report, now=now)


def run_model_training(*, now: datetime):
    """Train the routing suggestion model again (monthly); too few cases is only logged."""
    from petitiondesk.core.errors import Invalid
    from petitiondesk.suggest.service import train_model

    def train(now):
        try:
            model = train_model(now=now)
        except Invalid as exc:
            log.info("routing suggestion model not trained: %s", exc.message)
            return None
        log.info("routing suggestion model version %s trained", model.version)
        return model

    return guarded("model training", train, now=now)


def run_month_freeze(*, now: datetime):
    """Freeze the statistics of the month that just closed."""
    from petitiondesk.stats.snapshots import freeze_last_month

    return guarded("month freeze", freeze_last_month, now=now)
