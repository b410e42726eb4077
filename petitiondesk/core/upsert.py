"""Insert a row unless its key exists, without failing on a concurrent inserter."""

from __future__ import annotations

from petitiondesk.extensions import db


def insert_if_absent(model: type, **values) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(model).values(**values).on_conflict_do_nothing())
