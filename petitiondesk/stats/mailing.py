"""Mail the monthly report, XLSX attached, to the leadership through the outbox."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from petitiondesk.alerts.outbox import queue_mail
from petitiondesk.core.local import local_today
from petitiondesk.stats.export import XLSX_TYPE, to_xlsx
from petitiondesk.stats.period import Month
from petitiondesk.stats.service import monthly_report


def leadership_emails() -> list[str]:
    """Return the configured leadership addresses (a list, or one comma-separated string)."""
    value = current_app.config.get("LEADERSHIP_EMAILS") or []
    if isinstance(value, str):
        value = value.split(",")
    return [address.strip() for address in value if address.strip()]


def mail_monthly_report(*, now: datetime, month: Month | None = None) -> int:
    """Queue the month's report (default: last month) to each leader once; return how many."""
    month = month or Month.of(local_today(now)).previous()
    recipients = leadership_emails()
    if not recipients:
        return 0
    report = monthly_report(month=month, now=now)
    attachment = (f"monthly-statistics-{month}.xlsx", XLSX_TYPE, to_xlsx(report))
    with force_locale("zh_CN"):
        subject = _("Monthly statistics %(month)s", month=str(month))
        text = report_text(report)
    # the key makes a repeated run (a second scheduler, a retry) queue nothing new
    return sum(queue_mail(key=f"monthly-report:{month}:{recipient}", recipient=recipient,
                          subject=subject, text=text, attachments=[attachment], now=now)
               for recipient in recipients)


def report_text(report: dict) -> str:
    """Return the plain-text summary that goes in the mail body."""
    t = report["totals"]
    rate = "—" if t["on_time_rate"] is None else f"{t['on_time_rate']:.1%}"
    lines = [
        _("Monthly statistics %(month)s", month=report["month"]), "",
        _("Received: %(n)s", n=t["received"]), _("Closed: %(n)s", n=t["closed"]),
        _("Closed on time: %(n)s (%(rate)s)", n=t["closed_on_time"], rate=rate),
        _("Open at month end: %(n)s", n=t["open_at_month_end"]),
        _("Overdue at month end: %(n)s", n=t["overdue_at_month_end"]),
        _("Transfers: %(n)s, bounces: %(b)s", n=t["transfers"], b=t["bounces"]), "",
        _("The attached workbook has the figures per track, channel and department."),
    ]
    return "\n".join(lines)
