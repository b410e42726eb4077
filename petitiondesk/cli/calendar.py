"""`petitiondesk calendar import FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.calendar import CalendarFormatError
from petitiondesk.deadlines.calendar_service import import_file


@click.group("calendar")
def calendar_group():
    """Manage the holiday calendar."""


@calendar_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@one_line_errors
def import_command(file: Path):
    """Load holidays and make-up working days (CSV: date,kind,name); recompute open clocks."""
    try:
        result = import_file(file, now=now_utc())
    except CalendarFormatError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    years = ", ".join(map(str, result["years"]))
    click.echo(f"loaded {result['days']} days for {years}; "
               f"{result['clocks_changed']} open clocks recomputed")
