"""Time the monthly statistics and an idle sweep on a demo-filled database; EXPLAIN hot queries.

Usage (from the repository root, on a database that `petitiondesk demo --cases N` filled):
    PYTHONPATH=. .venv/bin/python bench/bench_db.py --database-url URL --label pg-1m
    PYTHONPATH=. .venv/bin/python bench/bench_db.py --database-url URL --explain plans.txt

Statistics: `stats.service.monthly_report` for October 2026 and October 2025 (the same
function and months as bench/bench_stats.py, which fills its own synthetic database),
then as a bureau reads it: the current month (the month of the latest event, computed
live) and the month before (frozen), with the months they compare with frozen first
(`snapshots.freeze_month`, timed too), and the month before computed live again without
its snapshot (what the current month costs on its last day, its whole activity in).
--current-only skips the October runs, which recompute and refreeze their months.
Sweep with nothing due: `alerts.sweep.sweep(now=...)` at one second before the earliest
pending alert, so the selection runs over every clock and finds none (nothing is
written). --explain: signs in through the test client as the demo's handler and clerk,
records every statement the queue (with and without a state filter), the case list API,
a case page, the sweep's selection and the monthly statistics run, and writes the
database's plan for each (PostgreSQL: EXPLAIN; SQLite: EXPLAIN QUERY PLAN) to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stats import time_reports, timed_runs  # noqa: E402 (the same timing as the synthetic bench)

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-pass-2026"


def load1() -> float:
    """Return the 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def idle_sweep(db, runs: int) -> dict:
    """Time sweeps at an instant before any pending alert; return ms figures."""
    from petitiondesk.alerts.sweep import sweep
    from petitiondesk.deadlines.models import Clock

    first = db.session.scalar(db.select(db.func.min(Clock.next_alert_at)))
    now = (first - timedelta(seconds=1)) if first else datetime(2026, 12, 1, tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    db.session.rollback()
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        result = sweep(now=now)
        took.append(time.perf_counter() - started)
        assert result.escalated == 0
    return {"at": now.isoformat(), "runs": runs,
            "median_ms": round(statistics.median(took) * 1000, 1),
            "max_ms": round(max(took) * 1000, 1), "load1": load1()}


def _latest(db) -> datetime:
    """Return one minute after the latest event: the demo's `now`, near enough."""
    from petitiondesk.cases.models import Event

    latest = db.session.scalar(db.select(db.func.max(Event.created_at)))
    return latest.replace(tzinfo=latest.tzinfo or UTC) + timedelta(minutes=1)


def current_month(db, runs: int) -> dict:
    """Time the report of the current month (live) and of last month (frozen).

    `now` is one minute after the latest event, so the demo's month is the current one.
    The months compared with are frozen first, as the scheduler would have.
    """
    from petitiondesk.core.local import local_today
    from petitiondesk.stats import snapshots
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import monthly_report

    now = _latest(db)
    current = Month.of(local_today(now))
    last = current.previous()
    out = {"now": now.isoformat(), "freeze_s": {}}
    for month in sorted({last, last.previous(), last.same_month_last_year(),
                         current.same_month_last_year()}):
        started = time.perf_counter()
        snapshots.freeze_month(month, now=now)
        db.session.commit()
        out["freeze_s"][str(month)] = round(time.perf_counter() - started, 3)
    for label, month in (("current", current), ("frozen", last)):
        took, report = timed_runs(db, runs, lambda m=month: monthly_report(month=m, now=now))
        out[label] = {"month": str(month), "median_s": round(statistics.median(took), 3),
                      "best_s": round(min(took), 3),
                      "open": report["totals"]["open_at_month_end"],
                      "overdue": report["totals"]["overdue_at_month_end"]}
        print(f"  {label} {month}: median {statistics.median(took) * 1000:.0f} ms over "
              f"{runs} runs (open {report['totals']['open_at_month_end']:,}, overdue "
              f"{report['totals']['overdue_at_month_end']:,}), load {load1()}", flush=True)
    out["whole_month_live"] = _whole_month_live(db, last, runs)
    out["load1"] = load1()
    return out


def _whole_month_live(db, month, runs: int) -> dict:
    """Time the figures of the last whole month computed from the timeline, unfrozen: what
    the current month costs on its last day (its whole activity, no later events)."""
    from petitiondesk.stats.service import month_figures

    took, _ = timed_runs(db, runs, lambda: month_figures(month))
    print(f"  whole month {month} computed live: median {statistics.median(took) * 1000:.0f} "
          f"ms over {runs} runs, load {load1()}", flush=True)
    return {"month": str(month), "median_s": round(statistics.median(took), 3),
            "best_s": round(min(took), 3)}


def capture(engine):
    """Record (statement, parameters) of everything run until the returned stop()."""
    seen: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    return seen, lambda: event.remove(engine, "before_cursor_execute", before)


def explain_all(app, db, out: Path) -> None:
    """Write the plan of every SELECT run by the hot pages, the sweep and the statistics."""
    from petitiondesk.alerts.sweep import _due_clocks
    from petitiondesk.core.local import local_today
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import month_figures, monthly_report

    client_of = {}
    for local in ("handler", "clerk"):
        client = app.test_client()
        client.post("/login", data={"email": f"{local}@bureau.example", "password": PASSWORD})
        client_of[local] = client
    token = client_of["handler"].post("/api/v1/auth/tokens", json={
        "email": "handler@bureau.example", "password": PASSWORD}).get_json()["token"]
    first = client_of["handler"].get("/api/v1/cases?per_page=1", headers={
        "Authorization": f"Bearer {token}"}).get_json()["items"][0]["id"]
    steps = [(f"GET {url} ({who})", lambda w=who, u=url: client_of[w].get(u))
             for who, url in (("handler", "/"), ("handler", "/?state=overdue"), ("clerk", "/"),
                              ("clerk", "/?state=due_soon"), ("handler", f"/cases/{first}"))]
    steps.append(("sweep selection", lambda: _due_clocks(
        now=datetime(2026, 11, 28, tzinfo=UTC), exclude=[], limit=500)))
    steps.append(("monthly statistics 2026-10", lambda: monthly_report(
        month=Month(2026, 10), now=datetime(2026, 11, 28, 9, tzinfo=UTC))))
    steps.append(("monthly statistics, the current month (computed live)",
                  lambda: month_figures(Month.of(local_today(_latest(db))))))
    with out.open("w", encoding="utf-8") as f:
        for name, step in steps:
            with app.app_context():
                seen, stop = capture(db.engine)
                try:
                    step()
                finally:
                    stop()
                f.write(f"===== {name}: {len(seen)} statements\n")
                for statement, params in seen:
                    f.write(f"--- {' '.join(statement.split())[:400]}\n")
                    f.write(_plan(db, statement, params) + "\n")
                db.session.rollback()
    print(f"  plans written to {out}")


def _plan(db, statement: str, params) -> str:
    """Return the database's plan for one recorded statement."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        prefix = "EXPLAIN " if db.engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
        cur.execute(prefix + statement, params)
        rows = cur.fetchall()
        return "\n".join("    " + str(r[0] if len(r) == 1 else r[-1]) for r in rows)
    finally:
        raw.rollback()
        raw.close()


def main() -> None:
    """Run the statistics and the idle sweep (and EXPLAIN on request); print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", help="write the plans to this file instead of timing")
    parser.add_argument("--out", default="bench/results-db.jsonl")
    parser.add_argument("--current-only", action="store_true",
                        help="time only the current and last month (no October runs, no sweep)")
    args = parser.parse_args()
    from petitiondesk import create_app
    from petitiondesk.extensions import db

    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": 0})
    if args.explain:
        explain_all(app, db, Path(args.explain))
        return
    record = {"label": args.label, "at": datetime.now().astimezone().isoformat(timespec="seconds")}
    with app.app_context():
        print(f"statistics ({args.label}), load {load1()}:", flush=True)
        if not args.current_only:
            timings = time_reports(db, args.runs)
            record["stats"] = {m: {"median_s": round(statistics.median(t), 3),
                                   "best_s": round(min(t), 3)} for m, t in timings.items()}
            record["stats_load1"] = load1()
        record["stats_current_month"] = current_month(db, args.runs)
        if not args.current_only:
            record["idle_sweep"] = idle_sweep(db, args.runs * 3)
            print(f"  sweep with nothing due: {json.dumps(record['idle_sweep'])}", flush=True)
    with open(ROOT / args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
