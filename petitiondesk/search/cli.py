"""`petitiondesk search reindex`: rebuild the whole search index."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.extensions import db


@click.group("search")
def search_group():
    """Manage the full-text search index."""


@search_group.command("reindex")
@with_appcontext
@one_line_errors
def reindex_command():
    """Index every case again (after changing SECRET_KEY or SEARCH_KEY), in one transaction."""
    from petitiondesk.cases.models import Case
    from petitiondesk.search.rebuild import rebuild

    total = db.session.scalar(db.select(db.func.count(Case.id))) or 0
    with tqdm(total=total, unit="case", desc="search index") as bar:
        done = rebuild(db.session.connection(), progress=bar.update)
    db.session.commit()
    click.echo(f"indexed {done} cases")
