"""Compare a month's figures, bounded as shipped, with the whole-timeline reference.

Usage (from the repository root, on a demo-filled database):
    PYTHONPATH=. .venv/bin/python bench/check_month_figures.py --database-url URL \\
        --month 2026-12 --month 2026-11

The tests do this on small histories (tests/integration/test_month_end_bounded.py); this
does it on a large one: `stats.service.month_figures` as shipped, then again with the
month-end queries replaced by tests/stats_reference.py (every reopened case's timeline,
every clock ever started), and prints each figure that differs (none, when they agree)
with both timings. Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def differences(a, b, path: str = "") -> list[str]:
    """Return the paths at which two nested figures differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(a.keys() | b.keys(), key=str):
            found += differences(a.get(key), b.get(key), f"{path}.{key}")
        return found
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main() -> int:
    """Compute, compare, print; exit 1 when a figure differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", action="append", required=True)
    args = parser.parse_args()
    from sqlalchemy import true

    from petitiondesk import create_app
    from petitiondesk.extensions import db
    from petitiondesk.stats import queries
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import month_figures
    from tests import stats_reference

    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "check"})
    bounded = (queries.open_at_end, queries._candidates)
    failed = False
    with app.app_context():
        for text in args.month:
            month = Month.parse(text)
            queries.open_at_end, queries._candidates = bounded
            started = time.perf_counter()
            shipped = month_figures(month)
            took = time.perf_counter() - started
            queries.open_at_end = stats_reference.open_at_end
            queries._candidates = lambda w: true()
            started = time.perf_counter()
            reference = month_figures(month)
            took_ref = time.perf_counter() - started
            db.session.rollback()
            diff = differences(shipped, reference)
            failed |= bool(diff)
            print(f"{month}: {'identical' if not diff else f'{len(diff)} figures differ'} "
                  f"(bounded {took:.2f} s, whole timeline {took_ref:.2f} s)")
            for line in diff:
                print("  " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
