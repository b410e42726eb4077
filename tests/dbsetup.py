"""Make and drop the test database for one run: SQLite file or a fresh PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

PG_ADMIN_URL = os.environ.get("PETITIONDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def backend() -> str:
    """Return the database backend of this run: sqlite (default) or postgres."""
    value = os.environ.get("PETITIONDESK_TEST_DB", "sqlite")
    if value not in ("sqlite", "postgres"):
        raise RuntimeError(f"PETITIONDESK_TEST_DB must be sqlite or postgres, not {value!r}")
    return value


def create_database(tmp: Path) -> tuple[str, callable]:
    """Create an empty database; return its SQLAlchemy URL and a function that drops it."""
    if backend() == "sqlite":
        path = tmp / "test.db"
        return f"sqlite:///{path}", lambda: None
    import psycopg

    name = f"petitiondesk_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", drop
