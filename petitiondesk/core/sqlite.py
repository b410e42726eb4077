"""SQLite settings for the embedded default: WAL, foreign keys, a busy timeout."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from petitiondesk.extensions import db


def init_sqlite(app: Flask) -> None:
    """Turn on WAL and foreign keys for every SQLite connection."""
    if not app.config["EMBEDDED"]:
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
