"""`petitiondesk sweep`: one escalation sweep at an instant, then send due mail."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from petitiondesk.core.timeutil import now_utc, parse_instant


def _instant(_ctx, _param, value):
    """Parse --now, refusing an instant without an offset."""
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("sweep")
@click.option("--now", "now", callback=_instant, metavar="ISO-8601",
              help="Sweep as of this instant (default: the current time).")
@with_appcontext
def sweep_command(now):
    """Run one escalation sweep at that instant, then send the mail that is due."""
    from petitiondesk.alerts.jobs import run_sender, run_sweep

    now = now or now_utc()
    summary = run_sweep(now=now)
    if summary["failed"] is None:
        raise click.ClickException("the sweep failed; see the log")
    sent = run_sender(now=now)
    if sent is None:
        raise click.ClickException("the mail sender failed; see the log")
    click.echo(f"sweep at {now.isoformat()}: {summary['escalated']} clock(s) escalated, "
               f"{summary['mails']} mail(s) queued, {len(summary['failed'])} failed; "
               f"mail sent {sent.sent}, to retry {sent.retried}, given up {sent.failed}")
    if summary["failed"]:
        raise click.ClickException(f"clocks not escalated: {summary['failed']}")
