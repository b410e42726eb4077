"""Time a calendar import that recomputes the open clocks of a demo-filled database.

Usage (from the repository root, on a database that `petitiondesk demo --cases N` filled):
    PYTHONPATH=. .venv/bin/python bench/bench_calendar.py --database-url URL --label pg-1m

What it does: reads the stored calendar of the year of the demo's last case (the year
most open clocks run in), turns the first working day after that case
into a holiday (as a State Council notice moving a day off would), and imports the result
through `calendar_service.import_calendar`, the path of the CLI, the API and the admin
page: the whole year replaced, every touched open clock recomputed, a
`clock_recomputed` event on the timeline of each one that moved. The transaction is
then rolled back, so the database stays as it was and the run can be repeated; the time
includes flushing every change to the database, not the final commit.

With --next-year, it loads instead the first calendar of the year after (New Year's Day
and a Spring Festival week as holidays, a make-up Saturday): every clock running into
that year was provisional and is recomputed, the import that moves the most clocks.

Figures (seconds, clocks touched and changed, load average) are printed and appended to
bench/results-calendar.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load1() -> float:
    """Return the 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def changed_calendar(db) -> tuple[int, str, str]:
    """Return (year, CSV text with one more holiday, the day made a holiday)."""
    from petitiondesk.cases.models import Case
    from petitiondesk.deadlines import service as clocks
    from petitiondesk.deadlines.models import CalendarDay

    last = db.session.scalar(db.select(db.func.max(Case.received_on)))
    calendar = clocks.load_calendar()
    day = last + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    year = day.year
    rows = db.session.scalars(db.select(CalendarDay).where(
        CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(CalendarDay.day))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "kind", "name"])
    entries = [(r.day, r.kind, r.name) for r in rows] + [(day, "holiday", "bench")]
    for found, kind, name in sorted(entries):
        writer.writerow([found.isoformat(), kind, name])
    return year, out.getvalue(), day.isoformat()


def next_year_calendar(db) -> tuple[int, str, str]:
    """Return (the year after the last loaded one, its CSV text, a summary)."""
    from petitiondesk.deadlines.models import CalendarYear

    year = db.session.scalar(db.select(db.func.max(CalendarYear.year))) + 1
    days = [(date(year, 1, 1), "holiday", "元旦")]
    days += [(date(year, 2, 10) + timedelta(days=n), "holiday", "春节") for n in range(7)]
    saturday = date(year, 2, 20) + timedelta(days=(5 - date(year, 2, 20).weekday()) % 7)
    days.append((saturday, "workday", "春节调休"))
    text = "date,kind,name\n" + "".join(f"{d.isoformat()},{k},{n}\n" for d, k, n in days)
    return year, text, f"{year} loaded"


def one_run(db, year: int, text: str) -> dict:
    """Import the changed calendar, flush everything, roll back; return the figures."""
    from petitiondesk.deadlines.calendar_service import import_calendar

    now = datetime.now(UTC)
    started = time.perf_counter()
    result = import_calendar(csv_text=text, year=year, source=f"{year}.csv", now=now)
    db.session.flush()
    took = time.perf_counter() - started
    db.session.rollback()
    return {"s": round(took, 2), "changed": result["clocks_changed"],
            "touched": result.get("clocks_touched")}


def main() -> None:
    """Run the import --runs times; print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--next-year", action="store_true",
                        help="load the next year's first calendar instead")
    parser.add_argument("--out", default="bench/results-calendar.jsonl")
    args = parser.parse_args()
    from petitiondesk import create_app
    from petitiondesk.extensions import db

    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench"})
    record = {"label": args.label,
              "at": datetime.now().astimezone().isoformat(timespec="seconds")}
    with app.test_request_context():
        year, text, day = (next_year_calendar if args.next_year else changed_calendar)(db)
        db.session.rollback()
        record.update(year=year, change=day, load1_before=load1())
        runs = []
        for _ in range(args.runs):
            runs.append(one_run(db, year, text))
            print(f"  {args.label}: {json.dumps(runs[-1])} (load {load1()})", flush=True)
    record.update(runs=runs, median_s=statistics.median(r["s"] for r in runs),
                  load1_after=load1())
    print(json.dumps(record, ensure_ascii=False))
    with open(ROOT / args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
