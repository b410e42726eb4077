"""Time the escalation sweep on a scratch database filled with bulk Core inserts.

Usage (from the repository root):
    PYTHONPATH=. .venv/bin/python bench/bench_sweep.py --db sqlite --cases 100000 --due 7500
    PYTHONPATH=. .venv/bin/python bench/bench_sweep.py --db postgres --cases 1000000 --due 0

Every case has one open obligation clock. `--due` of them were due on 2026-11-30, had
their reminder sent, and cross the "overdue" level at the sweep instant (2026-12-01
10:00 Shanghai): each queues two mails (assignee and head) and writes one timeline
event. The rest are due in 2027 and have nothing due. The scratch database (a SQLite
file in a temporary folder, or a fresh PostgreSQL database on 127.0.0.1) is dropped
afterwards. Filling is timed separately from the sweep; only the sweep is the figure.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
CREATED = datetime(2026, 11, 1, tzinfo=UTC)
DEPARTMENTS = 10
CHUNK = 20_000
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def scratch_database(kind: str, folder: Path):
    """Create an empty database; return its URL and a function that drops it."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}", lambda: None
    import psycopg

    name = f"petitiondesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def fill(db, *, cases: int, due: int) -> None:
    """Insert departments, people, one matter, the cases and their clocks in bulk."""
    from petitiondesk.alerts.ladder import next_alert_at
    from petitiondesk.alerts.schedule import ladder

    tables = db.metadata.tables
    conn = db.session.connection()
    conn.execute(tables["departments"].insert(), [
        {"id": d, "code": f"d{d}", "name": f"部门{d}", "email": f"d{d}@bureau.test"}
        for d in range(1, DEPARTMENTS + 1)])
    people = [{"id": n, "email": f"u{n}@bureau.test", "name": f"用户{n}",
               "password_hash": "x", "department_id": (n - 1) // 2 + 1, "created_at": CREATED}
              for n in range(1, 2 * DEPARTMENTS + 1)]
    conn.execute(tables["users"].insert(), people)
    conn.execute(tables["user_roles"].insert(), [
        {"user_id": p["id"], "role": "handler" if p["id"] % 2 else "head"} for p in people])
    conn.execute(tables["matters"].insert(), [
        {"id": 1, "title": "bench", "created_at": CREATED, "first_received_on": date(2026, 11, 1)}])
    late, later = date(2026, 11, 30), date(2027, 1, 15)
    late_alert = next_alert_at(late, 1, ladder(), SHANGHAI)
    later_alert = next_alert_at(later, 0, ladder(), SHANGHAI)
    for first in range(1, cases + 1, CHUNK):
        ids = range(first, min(first + CHUNK, cases + 1))
        conn.execute(tables["cases"].insert(), [_case(i) for i in ids])
        conn.execute(tables["clocks"].insert(), [
            _clock(i, late if i <= due else later, 1 if i <= due else 0,
                   late_alert if i <= due else later_alert) for i in ids])
        db.session.commit()
        conn = db.session.connection()
        print(f"  filled {ids[-1]:>9,} cases", end="\r", flush=True)
    print()


def _case(i: int) -> dict:
    dept = (i % DEPARTMENTS) + 1
    return {"id": i, "number": f"XF-2026-{i:07d}", "track": "petition", "channel": "letter",
            "status": "accepted", "title": f"案件{i}", "description": "",
            "category": "compensation",
            "received_on": date(2026, 10, 1), "matter_id": 1, "department_id": dept,
            "answerable_department_id": dept, "assignee_id": 2 * dept - 1, "attributes": {},
            "created_at": CREATED, "updated_at": CREATED, "events_head": "", "event_count": 0,
            "version": 1}


def _clock(i: int, due_on: date, level: int, alert: datetime) -> dict:
    return {"id": i, "case_id": i, "key": "petition.handle", "kind": "obligation",
            "started_on": date(2026, 10, 1), "due_on": due_on, "extended_days": 0,
            "provisional": False, "suspensions": [], "cancelled": False,
            "alert_level": level, "next_alert_at": alert, "created_at": CREATED}


def explain_due_query(db) -> str:
    """Return the database's plan for the sweep's selection of due clocks."""
    from sqlalchemy import text

    where = ("next_alert_at IS NOT NULL AND next_alert_at <= :now "
             "ORDER BY next_alert_at, id LIMIT 500")
    if db.engine.dialect.name == "postgresql":
        sql = f"EXPLAIN SELECT id FROM clocks WHERE {where}"
        now = NOW
    else:
        sql = f"EXPLAIN QUERY PLAN SELECT id FROM clocks WHERE {where}"
        now = NOW.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows = db.session.execute(text(sql), {"now": now}).all()
    return " / ".join(str(r[-1]) for r in rows)


def run(kind: str, cases: int, due: int) -> None:
    """Fill a scratch database, sweep once, and print the figures."""
    from petitiondesk import create_app
    from petitiondesk.alerts.models import OutboxMessage
    from petitiondesk.alerts.sweep import sweep
    from petitiondesk.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        url, drop = scratch_database(kind, Path(folder))
        try:
            app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "MAIL_SERVER": None})
            with app.app_context():
                db.create_all()
                started = time.perf_counter()
                fill(db, cases=cases, due=due)
                filled = time.perf_counter() - started
                if kind == "postgres":
                    db.session.execute(db.text("ANALYZE"))
                    db.session.commit()
                plan = explain_due_query(db)
                started = time.perf_counter()
                result = sweep(now=NOW)
                swept = time.perf_counter() - started
                mails = db.session.scalar(db.select(db.func.count(OutboxMessage.id)))
                started = time.perf_counter()
                again = sweep(now=NOW)
                repeat = time.perf_counter() - started
                db.session.remove()
                db.engine.dispose()
        finally:
            drop()
    print(f"{kind}, {cases:,} cases, {due:,} due ({platform.python_version()}, "
          f"{platform.machine()})")
    print(f"  fill: {filled:.1f} s ({cases / filled:,.0f} cases/s)")
    print(f"  due-clock query plan: {plan}")
    print(f"  sweep: {swept:.2f} s, {result.escalated:,} clocks escalated, {mails:,} mails "
          f"queued, {len(result.failed)} failed")
    print(f"  second sweep at the same instant: {repeat * 1000:.1f} ms, "
          f"{again.escalated} escalated")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=7_500)
    args = parser.parse_args()
    run(args.db, args.cases, min(args.due, args.cases))


if __name__ == "__main__":
    main()
