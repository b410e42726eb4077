"""Time `petitiondesk demo --cases N` on an empty database, wall clock and CPU.

Usage (from the repository root, on an empty database at the current migration):
    export PETITIONDESK_SECRET_KEY=x PETITIONDESK_DATABASE_URL=URL
    .venv/bin/petitiondesk db upgrade
    .venv/bin/python bench/bench_demo.py --cases 100000 --label "sqlite 100k"

Runs the command as shipped in a child process and records its wall time, the CPU time
of the command and its writer process (user + system, children included), the peak
memory of the larger of the two, the load average before and after (other engineers
share the machine) and the cases stored. Figures go to bench/results-demo.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results-demo.jsonl"


def run(cases: int, seed: int) -> dict:
    """Run the demo command once; return wall, CPU and memory figures."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "petitiondesk"), "demo", "--cases", str(cases),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": round(wall, 1),
            "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
            "peak_rss_mib": round(after.ru_maxrss / 1024)}


def stored_cases() -> int:
    """Return the number of cases in the database."""
    from petitiondesk import create_app
    from petitiondesk.cases.models import Case
    from petitiondesk.extensions import db

    with create_app().app_context():
        return db.session.scalar(db.select(db.func.count(Case.id)))


def main() -> None:
    """Parse the options, run, append the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    url = os.environ["PETITIONDESK_DATABASE_URL"]
    record = {"label": args.label, "cases": args.cases, "at": datetime.now(UTC).isoformat(
        timespec="seconds"), "dialect": url.split(":", 1)[0].split("+", 1)[0],
        "load1_before": round(os.getloadavg()[0], 2)}
    record.update(run(args.cases, args.seed))
    record["load1_after"] = round(os.getloadavg()[0], 2)
    record["stored_cases"] = stored_cases()
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
