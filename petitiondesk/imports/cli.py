"""`petitiondesk import register FILE`: check a register, then bring it in."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.errors import Invalid
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.imports.mapping import load_mapping


@click.group("import")
def import_group():
    """Bring in existing data."""


@import_group.command("register")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report only; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows even if some are bad.")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False,
                                                            path_type=Path),
              help="A mapping file (default: config/register_import.toml).")
@with_appcontext
@one_line_errors
def register_command(file: Path, dry_run: bool, skip_bad: bool, mapping_file: Path | None):
    """Import a 信访台账 or 诉讼台账 (.xlsx or .csv); every bad row is reported first."""
    from petitiondesk.imports.service import check
    from petitiondesk.imports.writer import import_rows

    now = now_utc()
    mapping = load_mapping(mapping_file) if mapping_file else None
    try:
        with tqdm(unit="row", desc="checking", leave=False, disable=None) as bar:
            report = check(file, today=local_today(now), mapping=mapping, progress=bar.update)
    except Invalid as exc:
        raise click.ClickException(f"{file.name}: {exc.message}") from exc
    for p in report.problems:
        click.echo(f"row {p.row}, column {p.column}: {p.reason}")
    s = report.summary()
    click.echo(f"{s['rows']} rows: {s['bad']} bad, {s['already_imported']} imported before, "
               f"{s['to_import']} to import")
    if report.problems and not (skip_bad and not dry_run):
        db.session.rollback()
        raise click.ClickException(
            f"{s['bad']} bad rows; nothing imported" + ("" if dry_run else
                                                         " (--skip-bad imports the rest)"))
    if dry_run:
        return
    with tqdm(total=len(report.good), unit="row", desc="importing", disable=None) as bar:
        made = import_rows(report, actor_id=None, now=now, progress=bar.update)
    db.session.commit()
    click.echo(f"imported {made} cases")
