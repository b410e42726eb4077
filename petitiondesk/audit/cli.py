"""`petitiondesk audit verify`: check the timeline hash chain of every case."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from petitiondesk.audit.verify import Tally, verify_all


@click.group("audit")
def audit_group():
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100000),
              help="Cases checked per query.")
@with_appcontext
def verify_command(batch_size: int):
    """Check every case's event chain; name the first broken event and exit 1 if any."""
    tally = Tally()
    finding = verify_all(batch_size=batch_size, tally=tally)
    if finding:
        click.echo(f"audit verify: chain broken: {finding.describe()}", err=True)
        sys.exit(1)
    click.echo(f"audit verify: {tally.cases} cases, {tally.events} events, every chain intact")
