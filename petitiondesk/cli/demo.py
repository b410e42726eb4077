"""`petitiondesk demo`: a demo bureau with users, calendar and a case history."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines.calendar_service import seed_shipped_calendar
from petitiondesk.demo.base import DEMO_PASSWORD, create_bureau
from petitiondesk.demo.bulk import load_history
from petitiondesk.extensions import db


@click.command("demo")
@click.option("--cases", "count", default=300, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--batch", "batch_size", default=5000, show_default=True,
              type=click.IntRange(1), help="Cases written and committed at a time.")
@with_appcontext
@one_line_errors
def demo_command(count: int, seed: int, batch_size: int):
    """Load demo departments, users, routing rules, calendar and a synthetic history."""
    now = now_utc()
    seed_shipped_calendar(Path(current_app.config["CONFIG_DIR"]), now=now)
    users = create_bureau(now=now)
    db.session.commit()
    bars = [tqdm(total=count, unit="case", desc="demo cases", disable=count == 0)]

    def index_bar(total: int):
        """Close the cases bar, then show the index builds: minutes on a million rows."""
        bars[0].close()
        bars.append(tqdm(total=total, unit="index", desc="building indexes"))
        return bars[-1].update

    try:
        load_history(count=count, seed=seed, now=now, batch_size=batch_size,
                     progress=bars[0].update, on_rebuild=index_bar)
    finally:
        for bar in bars:
            bar.close()
    click.echo(f"demo loaded: {count} cases. Sign in with any of these (password "
               f"{DEMO_PASSWORD}):")
    for email, roles in users:
        click.echo(f"  {email:28} {roles}")
