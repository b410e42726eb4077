"""The single-active lock: a PostgreSQL advisory lock, or a file lock on SQLite.

Both are released by the operating system or the database when the holding process
dies, which is what lets a standby take over from a killed scheduler.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)


class AdvisoryLock:
    """pg_try_advisory_lock on a dedicated connection held for the process lifetime."""

    def __init__(self, url: str, lock_id: int):
        # its own engine, outside the pool, so no request or job ever borrows it
        self._engine = create_engine(url, poolclass=NullPool)
        self._lock_id = lock_id
        self._conn = None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; return whether this process holds it."""
        if self._conn is None:
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        held = self._conn.scalar(text("SELECT pg_try_advisory_lock(:id)"), {"id": self._lock_id})
        return bool(held)

    def alive(self) -> bool:
        """Return whether the connection holding the lock still answers."""
        try:
            return self._conn is not None and self._conn.scalar(text("SELECT 1")) == 1
        except Exception:  # noqa: BLE001 - a dead connection means the lock is gone
            return False

    def release(self) -> None:
        """Drop the lock and its connection."""
        if self._conn is not None:
            # unlock explicitly: the server ends a closed session only a moment later
            with contextlib.suppress(Exception):
                self._conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": self._lock_id})
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        self._engine.dispose()

    def __str__(self) -> str:
        return f"PostgreSQL advisory lock {self._lock_id}"


class FileLock:
    """fcntl.flock on a file in the instance folder (the embedded SQLite default)."""

    def __init__(self, path: Path):
        self._path = path
        self._file = None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; return whether this process holds it."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self._path, "a+")  # noqa: SIM115 - held open as long as the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def alive(self) -> bool:
        """Return True: a file lock lasts as long as the process."""
        return self._file is not None

    def release(self) -> None:
        """Drop the lock."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __str__(self) -> str:
        return f"file lock {self._path}"


def scheduler_lock(app: Flask) -> AdvisoryLock | FileLock:
    """Return the kind of lock this deployment's database calls for."""
    cfg = app.config
    if cfg["EMBEDDED"]:
        path = cfg["SCHEDULER_LOCK_FILE"] or Path(app.instance_path) / "scheduler.lock"
        return FileLock(Path(path))
    return AdvisoryLock(cfg["SQLALCHEMY_DATABASE_URI"], int(cfg["SCHEDULER_LOCK_ID"]))
