"""`petitiondesk serve`: the web app and the scheduler in one process."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.calendar_service import seed_shipped_calendar
from petitiondesk.extensions import db


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--no-scheduler", is_flag=True, help="Serve pages and API only.")
@with_appcontext
def serve_command(host: str, port: int, threads: int, no_scheduler: bool):
    """Serve the web app (and, on the embedded default, the scheduler) until stopped."""
    from waitress import serve

    app = current_app._get_current_object()
    seed_shipped_calendar(Path(app.config["CONFIG_DIR"]), now=now_utc())
    db.session.commit()
    warn_missing_offices()
    if not no_scheduler:
        _start_scheduler(app)
    click.echo(f"petitiondesk serving on http://{host}:{port}/")
    serve(app, host=host, port=port, threads=threads)


def warn_missing_offices() -> None:
    """Print one warning line per function no department serves."""
    from petitiondesk.accounts.offices import missing_functions, missing_message

    for function in missing_functions():
        click.echo(f"warning: {missing_message(function)}", err=True)


def _start_scheduler(app) -> None:
    """Start the in-process scheduler when the scheduler area provides one."""
    try:
        from petitiondesk.scheduler.runner import start_background
    except ImportError:
        click.echo("scheduler not available; serving without it", err=True)
        return
    start_background(app)
