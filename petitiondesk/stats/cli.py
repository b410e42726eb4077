"""`petitiondesk report monthly --month YYYY-MM [--format json|csv|xlsx] [--output F] [--send]`
and `petitiondesk report freeze [--month YYYY-MM | --all-closed]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from tqdm import tqdm

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


@report_group.command("freeze")
@click.option("--month", help="YYYY-MM, a month that has closed")
@click.option("--all-closed", is_flag=True,
              help="every closed month since the first case was received")
@with_appcontext
@one_line_errors
def freeze_command(month: str | None, all_closed: bool):
    """Freeze closed months' statistics now, so that no reader has to compute them.

    A frozen month is left as it is. The scheduler freezes each month just after it
    closes; this is for the months before the scheduler ran (an import, a new install).
    """
    from petitiondesk.core.errors import Invalid
    from petitiondesk.extensions import db
    from petitiondesk.stats import snapshots

    if bool(month) == all_closed:
        raise click.UsageError("give either --month YYYY-MM or --all-closed")
    now = now_utc()
    if month:
        chosen = parse_month(month, today=local_today(now))
        if not snapshots.closed(chosen, now=now):
            raise Invalid(f"{chosen} has not closed yet: only closed months are frozen")
        months = [chosen]
    else:
        months = snapshots.closed_months(now=now)
    computed = 0
    for one in tqdm(months, unit="month", desc="freezing", disable=len(months) < 2):
        computed += snapshots.freeze_month(one, now=now)
        db.session.commit()
    click.echo(f"froze {computed} month(s); {len(months) - computed} were frozen already")
