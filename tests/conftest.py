"""Fixtures shared by every tier: the app on one database per run, factories, fixed time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.dbsetup import backend, create_database

SHANGHAI = ZoneInfo("Asia/Shanghai")
# a Friday morning in Shanghai; tests move it with `clock.set(...)`
DEFAULT_NOW = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)


def pytest_report_header(config):
    """Say which database this run uses."""
    return f"petitiondesk test database: {backend()}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application on a fresh database built by the migrations."""
    from flask_migrate import upgrade

    from petitiondesk import create_app

    tmp = tmp_path_factory.mktemp("instance")
    url, drop = create_database(tmp)
    application = create_app({
        "DATABASE_URL": url, "SECRET_KEY": "test-secret", "TESTING": True,
        "WTF_CSRF_ENABLED": False, "MAIL_SERVER": None, "BASE_URL": "http://desk.test",
    })
    application.instance_path = str(tmp)
    with application.app_context():
        upgrade(directory=str(application.extensions["migrate"].directory))
        _seed_calendar(application)
    yield application
    with application.app_context():
        from petitiondesk.extensions import db

        db.session.remove()
        db.engine.dispose()
    drop()


def _seed_calendar(application) -> None:
    """Load the shipped 2024-2026 calendar once per run; tests treat it as fixed data."""
    from pathlib import Path

    from petitiondesk.deadlines.calendar_service import seed_shipped_calendar
    from petitiondesk.extensions import db

    seed_shipped_calendar(Path(application.config["CONFIG_DIR"]),
                          now=datetime(2026, 1, 1, tzinfo=UTC))
    db.session.commit()


KEEP_TABLES = {"calendar_days", "calendar_years", "alembic_version"}


@pytest.fixture
def db(app):
    """The database inside an app context; every other table is emptied after the test."""
    from petitiondesk.extensions import db as database

    ctx = app.app_context()
    ctx.push()
    yield database
    database.session.rollback()
    _empty_tables(database)
    database.session.remove()
    ctx.pop()


def _empty_tables(database) -> None:
    """Delete every row the test wrote (the shipped calendar excepted)."""
    from petitiondesk.search.index import clear as clear_search_index

    tables = [t for t in reversed(database.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # DELETE on a few small tables is far cheaper than TRUNCATE (new files per table);
            # the replica role skips the append-only trigger on events for this cleanup only
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        clear_search_index(conn)  # not on the metadata: an FTS5 table on SQLite (0006)
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture
def clock():
    """The instant the app believes it is; tests move it, never sleep."""
    from petitiondesk.core.timeutil import fix_now

    class FixedClock:
        def __init__(self):
            self.set(DEFAULT_NOW)

        def set(self, instant: datetime) -> datetime:
            self.now = instant if instant.tzinfo else instant.replace(tzinfo=SHANGHAI)
            fix_now(self.now)
            return self.now

        def local(self, *args) -> datetime:
            return self.set(datetime(*args, tzinfo=SHANGHAI))

    fixed = FixedClock()
    yield fixed
    fix_now(None)
