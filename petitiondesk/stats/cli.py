"""`petitiondesk report monthly --month YYYY-MM [--format json|csv|xlsx] [--output F] [--send]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.stats import export
from petitiondesk.stats.service import monthly_report, parse_month

RENDER = {
    "json": lambda report: (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode(),
    "csv": export.to_csv,
    "xlsx": export.to_xlsx,
}


@click.group("report")
def report_group():
    """Reports."""


@report_group.command("monthly")
@click.option("--month", required=True, help="YYYY-MM")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDER)), default="json",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="write to this file instead of standard output")
@click.option("--send", is_flag=True, help="also mail it (XLSX attached) to LEADERSHIP_EMAILS")
@with_appcontext
@one_line_errors
def monthly_command(month: str, fmt: str, output: Path | None, send: bool):
    """Print or write the monthly statistics; optionally mail them to the leadership."""
    now = now_utc()
    chosen = parse_month(month, today=local_today(now))
    data = RENDER[fmt](monthly_report(month=chosen, now=now))
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if send:
        from petitiondesk.stats.mailing import mail_monthly_report

        queued = mail_monthly_report(now=now, month=chosen)
        click.echo(f"queued {queued} e-mail(s) for the leadership", err=True)
