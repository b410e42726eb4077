"""Time the monthly statistics on a scratch database of many cases.

Usage (from the repository root):
    PYTHONPATH=. .venv/bin/python bench/bench_stats.py [--cases N] [--db postgres|sqlite]
        [--seed S] [--runs R] [--keep]

A scratch database is created (PostgreSQL: a new database on 127.0.0.1; SQLite: a
temporary file), built by the migrations, and filled with bulk Core inserts (cases,
clocks, events; never the ORM one row at a time): cases received over the 24 months
before November 2026 in eight departments, each accepted, most replied and closed
(some late), some still open, one in twenty transferred, one in fifty extended. Then
the whole monthly report (the month, the month before and the same month last year)
is timed for a recent month and for one a year earlier.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import insert

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = date(2024, 11, 1)
SPAN = (date(2026, 10, 31) - FIRST).days + 1
DEPARTMENTS = [f"d{i}" for i in range(8)]
TRACKS = [("petition", 80), ("mediation", 6), ("arbitration", 3), ("reconsideration", 6),
          ("litigation", 5)]
CHANNELS = ["letter", "visit", "online", "phone", "email"]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
HASH = "0" * 64
BATCH = 20_000


def instant(day: date, hour: int = 10) -> datetime:
    """Return a local working-hours instant on `day`, as UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI).astimezone(UTC)


class History:
    """Generates rows for one case at a time into per-table buffers."""

    def __init__(self, rng: random.Random, dept_ids: dict[str, int]):
        self.rng, self.dept_ids = rng, dept_ids
        self.cases, self.clocks, self.events = [], [], []
        self.tracks = [t for t, _ in TRACKS]
        self.weights = [w for _, w in TRACKS]

    def case(self, case_id: int) -> None:
        rng = self.rng
        received = FIRST + timedelta(days=rng.randrange(SPAN))
        dept = rng.choice(DEPARTMENTS)
        track = rng.choices(self.tracks, self.weights)[0]
        channel = "court" if track == "litigation" else rng.choice(CHANNELS)
        accepted = received + timedelta(days=rng.randrange(0, 6))
        closed = accepted + timedelta(days=rng.randrange(5, 80))
        if closed >= date(2026, 11, 1) or rng.random() < 0.06:
            closed = None
        self.cases.append({
            "id": case_id, "number": f"B{case_id:09d}", "track": track, "channel": channel,
            "status": "closed" if closed else "accepted",
            "outcome": "explained" if closed else None,
            "title": "征收补偿", "description": "", "category": "compensation",
            "received_on": received, "visitors": 2 if channel == "visit" else 0,
            "matter_id": case_id, "department_id": self.dept_ids[dept],
            "answerable_department_id": self.dept_ids[dept], "attributes": {},
            "supervised": False, "designated": False, "transfers_count": 0, "bounced": False,
            "suspended": False, "not_to_be_accepted_again": False, "created_at": instant(received),
            "updated_at": instant(received), "closed_at": instant(closed, 16) if closed else None,
            "closed_on": closed, "events_head": HASH, "event_count": 0, "version": 1,
        })
        self._clocks(case_id, received, accepted, closed)
        self._events(case_id, dept, received, accepted, closed)

    def _clocks(self, case_id, received, accepted, closed) -> None:
        self.clocks.append(self._clock(case_id, "petition.notify", received,
                                       received + timedelta(15), accepted))
        self.clocks.append(self._clock(case_id, "petition.handle", accepted,
                                       accepted + timedelta(60), closed))

    def _clock(self, case_id, key, started, due, met) -> dict:
        return {"case_id": case_id, "key": key, "kind": "obligation", "started_on": started,
                "due_on": due, "extended_days": 0, "provisional": False, "suspensions": [],
                "met_on": met, "cancelled": False, "alert_level": 0,
                "created_at": instant(started)}

    def _events(self, case_id, dept, received, accepted, closed) -> None:
        rng, seq = self.rng, 0

        def add(type_, day, data, hour=10):
            nonlocal seq
            seq += 1
            self.events.append({"case_id": case_id, "seq": seq, "type": type_, "occurred_on": day,
                                "created_at": instant(day, hour), "data": data,
                                "prev_hash": HASH, "hash": HASH})

        add("registered", received, {"department": dept, "channel": "letter"}, 9)
        add("accepted", accepted, {}, 11)
        if rng.random() < 0.05:
            to = rng.choice(DEPARTMENTS)
            add("transfer_requested", accepted, {"from": dept, "to": to, "bounce": False}, 12)
            add(rng.choice(["transfer_accepted", "transfer_rejected"]),
                accepted + timedelta(2), {"from": dept, "to": to})
        if rng.random() < 0.02:
            add("extension_approved", accepted + timedelta(30),
                {"clock": "petition.handle", "days": 30})
        if closed:
            add("replied", closed, {"outcome": "explained"}, 15)
            add("closed", closed, {"outcome": "explained"}, 16)

    def flush(self, conn, models) -> None:
        case_t, clock_t, event_t, matter_t = models
        matters = [{"id": c["id"], "title": "征收补偿", "created_at": c["created_at"],
                    "first_received_on": c["received_on"], "legacy": False,
                    "legacy_flag": False, "policy_change_flag": False} for c in self.cases]
        for table, rows in ((matter_t, matters), (case_t, self.cases), (clock_t, self.clocks),
                            (event_t, self.events)):
            insert_many(conn, table, rows)
        self.cases, self.clocks, self.events = [], [], []


def insert_many(conn, table, rows: list[dict]) -> None:
    """Insert rows with one Core executemany (a batch, not the ORM row by row)."""
    if rows:
        conn.execute(insert(table), rows)


def scratch_url(kind: str) -> tuple[str, callable]:
    """Create an empty scratch database; return its URL and a function that drops it."""
    if kind == "sqlite":
        path = tempfile.mkdtemp(prefix="stats-bench-") + "/bench.db"
        return f"sqlite:///{path}", lambda: None
    name = f"petitiondesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def fill(db, count: int, seed: int) -> float:
    """Insert `count` cases with their clocks and events; return the seconds it took."""
    from petitiondesk.accounts.models import Department
    from petitiondesk.cases.models import Case, Event, Matter
    from petitiondesk.deadlines.models import Clock

    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(insert(Department.__table__), [
            {"code": code, "name": f"部门{code}", "assignment_mode": "unassigned", "active": True}
            for code in DEPARTMENTS])
    ids = dict(db.session.execute(db.select(Department.code, Department.id)).all())
    history = History(random.Random(seed), ids)
    models = (Case.__table__, Clock.__table__, Event.__table__, Matter.__table__)
    for first in range(1, count + 1, BATCH):
        with db.engine.begin() as conn:
            for case_id in range(first, min(first + BATCH, count + 1)):
                history.case(case_id)
            history.flush(conn, models)
        print(f"\r  {min(first + BATCH - 1, count):,} cases", end="", flush=True)
    print()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def timed_runs(db, runs: int, work):
    """Run `work()` `runs` times, rolling back after each; return (seconds each, last result)."""
    took, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        took.append(time.perf_counter() - started)
        db.session.rollback()
    return took, result


def time_reports(db, runs: int) -> dict[str, list[float]]:
    """Time the whole monthly report for a recent month and one a year earlier.

    The first reading of a closed month computes it from the timeline and freezes it
    (stats/snapshots.py): timed once as "computed". Every later reading is "frozen".
    """
    from petitiondesk.stats.models import MonthSnapshot
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import monthly_report

    now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    timings = {}
    for month in (Month(2026, 10), Month(2025, 10)):
        db.session.query(MonthSnapshot).delete()
        db.session.commit()
        started = time.perf_counter()
        report = monthly_report(month=month, now=now)
        db.session.commit()
        computed = time.perf_counter() - started
        times, report = timed_runs(db, runs, lambda m=month: monthly_report(month=m, now=now))
        timings[str(month)] = [computed, *times]
        t = report["totals"]
        print(f"  {month}: received {t['received']:,}, closed {t['closed']:,}, "
              f"overdue {t['overdue_at_month_end']:,}, open {t['open_at_month_end']:,}; "
              f"computed and frozen {computed:.2f} s; frozen: median "
              f"{statistics.median(times) * 1000:.1f} ms over {runs} runs")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="do not drop the scratch database")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from petitiondesk import create_app
    from petitiondesk.extensions import db

    url, drop = scratch_url(args.db)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{args.db}, {args.cases:,} cases")
    try:
        with app.app_context():
            upgrade(directory=str(app.extensions["migrate"].directory))
            print(f"  filled in {fill(db, args.cases, args.seed):.0f} s")
            time_reports(db, args.runs)
            db.session.remove()
            db.engine.dispose()
    finally:
        if not args.keep:
            drop()
        else:
            print(f"  kept {url}")


if __name__ == "__main__":
    main()
