"""`petitiondesk calendar import FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.errors import Invalid
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.calendar_service import import_file
from petitiondesk.extensions import db


@click.group("calendar")
def calendar_group():
    """Manage the holiday calendar."""


@calendar_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, default=None,
              help="The year the file covers (default: from a YYYY.csv name, else the dates).")
@with_appcontext
@one_line_errors
def import_command(file: Path, year: int | None):
    """Load holidays and make-up working days (CSV: date,kind,name); recompute open clocks."""
    with tqdm(unit="clock", desc="recomputing open clocks", leave=False,
              disable=None) as bar:  # no bar when the output is not a terminal
        try:
            result = import_file(file, now=now_utc(), year=year,
                                 progress=lambda n, total: _advance(bar, n, total))
        except Invalid as exc:  # every bad line, once, on one line
            db.session.rollback()
            problems = [p for msgs in exc.errors.values() for p in msgs] or [exc.message]
            raise click.ClickException(f"{file.name}: " + "; ".join(problems)) from exc
    years = ", ".join(map(str, result["years"]))
    click.echo(f"loaded {result['days']} days for {years}; "
               f"{result['clocks_changed']} open clocks recomputed")


def _advance(bar: tqdm, done: int, total: int) -> None:
    """Move the progress bar on by a batch of clocks, out of `total`."""
    bar.total = total
    bar.update(done)
