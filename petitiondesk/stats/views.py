"""The statistics page: a month, its totals against two earlier months, charts and tables."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from petitiondesk.core.errors import DomainError
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.stats.charts import bar_chart
from petitiondesk.stats.period import change
from petitiondesk.stats.service import monthly_report, parse_month, require_reader

bp = Blueprint("stats_pages", __name__)

TOTAL_LABELS = {
    "received": _l("Received"), "visitors": _l("Visitors"), "closed": _l("Closed"),
    "closed_on_time": _l("Closed on time"), "on_time_rate": _l("On-time rate"),
    "open_at_month_end": _l("Open at month end"),
    "overdue_at_month_end": _l("Overdue at month end"), "transfers": _l("Transfers"),
    "bounces": _l("Bounces"), "extensions": _l("Extensions"),
    "supervised": _l("Put under supervision"), "escalated_to_legal": _l("Escalated to legal"),
}
LEGAL_LABELS = {
    "lawsuits_opened": _l("Lawsuits opened"), "lawsuits_closed": _l("Lawsuits closed"),
    "lost": _l("Lost (wholly or partly)"), "hearings": _l("Hearings"),
    "head_appeared_hearings": _l("Head appeared in court"),
    "reconsiderations_decided": _l("Reconsiderations decided"),
    "reconsiderations_corrected": _l("Reconsiderations correcting the act"),
}
SUGGESTION_LABELS = {
    "department_suggested": _l("Department suggested"),
    "department_taken": _l("Department suggestion taken"),
    "department_taken_rate": _l("Department suggestions taken"),
    "category_suggested": _l("Category suggested"),
    "category_taken": _l("Category suggestion taken"),
    "category_taken_rate": _l("Category suggestions taken"),
}
SATISFACTION_LABELS = {
    "rated": _l("Replies rated"), "satisfied": _l("Satisfied"),
    "basically_satisfied": _l("Basically satisfied"), "dissatisfied": _l("Dissatisfied"),
    "satisfaction_rate": _l("Satisfied or basically satisfied"),
}


@bp.route("/stats")
@login_required
def index():
    """Show the month's statistics (default: last month)."""
    require_reader(current_user)
    now = now_utc()
    today = local_today(now)
    error = None
    try:
        month = parse_month(request.args.get("month"), today=today)
    except DomainError as exc:
        error, month = exc.message, parse_month(None, today=today)
    report = monthly_report(month=month, now=now)
    return render_template("stats/monthly.html", report=report, error=error,
                           totals=totals_rows(report), charts=charts(report),
                           legal_labels=LEGAL_LABELS,
                           satisfaction_labels=SATISFACTION_LABELS,
                           suggestion_labels=SUGGESTION_LABELS), 422 if error else 200


@bp.route("/stats/monthly.csv", defaults={"fmt": "csv"}, endpoint="export_csv")
@bp.route("/stats/monthly.xlsx", defaults={"fmt": "xlsx"}, endpoint="export_xlsx")
@login_required
def export_file(fmt: str):
    """Download the month's statistics as CSV or Excel from the page (signed-in session)."""
    from petitiondesk.stats import export
    from petitiondesk.stats.api import download

    require_reader(current_user)
    now = now_utc()
    report = monthly_report(month=parse_month(request.args.get("month"),
                                              today=local_today(now)), now=now)
    if fmt == "csv":
        return download(export.to_csv(report), export.CSV_TYPE, f"{report['month']}.csv")
    return download(export.to_xlsx(report), export.XLSX_TYPE, f"{report['month']}.xlsx")


def totals_rows(report: dict) -> list[dict]:
    """Return each total with its change against last month and the same month last year."""
    current, before, year = (report["totals"], report["previous_month"],
                             report["same_month_last_year"])
    return [{"key": key, "label": label, "value": current[key],
             "vs_previous": change(current[key], before[key]),
             "vs_last_year": change(current[key], year[key])}
            for key, label in TOTAL_LABELS.items()]


def charts(report: dict) -> dict:
    """Return the page's four charts."""
    from petitiondesk.web.template_helpers import CHANNEL_LABELS, label

    depts = report["by_department"]
    return {
        "channels": bar_chart([(label(CHANNEL_LABELS, c), [n])
                               for c, n in report["by_channel"].items()]),
        "on_time": bar_chart([(d["name"], [d["on_time_rate"]]) for d in depts], percent=True),
        "overdue_bounces": bar_chart(
            [(d["name"], [d["overdue_at_month_end"], d["bounces"]]) for d in depts],
            series=(str(_l("Overdue at month end")), str(_l("Bounces")))),
        "legal": bar_chart([(str(text), [report["legal"][key]])
                            for key, text in LEGAL_LABELS.items()]),
    }
