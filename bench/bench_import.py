"""Time `petitiondesk import register` on a generated register of N rows.

Usage (from the repository root, on an empty database at the current migration):
    export PETITIONDESK_SECRET_KEY=x PETITIONDESK_DATABASE_URL=URL
    .venv/bin/petitiondesk db upgrade
    PYTHONPATH=. .venv/bin/python bench/bench_import.py --database-url $PETITIONDESK_DATABASE_URL \
        --rows 100000 --label "pg 100k"

Writes an .xlsx register of `--rows` rows (openpyxl write-only; a third of them replied
and closed, one in ten a returning petitioner), loads the demo bureau (departments,
users, routing rules, calendar) if missing, then times the check (reading the file,
every row validated) and the import (parties, matters, cases, history, clocks, search
index, commit) separately, and a second import of the same file (nothing to do).
Figures go to bench/results-import.jsonl with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["登记编号", "登记日期", "信访人", "身份证号码", "联系电话", "信访事由", "主要诉求",
           "来源", "受理日期", "答复日期", "答复意见", "办结日期"]


def write_register(path: Path, rows: int, seed: int = 16) -> None:
    """Write a register of `rows` rows."""
    from openpyxl import Workbook

    from petitiondesk.demo import vocab

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    start = date(2024, 1, 2)
    for n in range(1, rows + 1):
        person = n if rng.random() > 0.1 else rng.randrange(1, n + 1)
        received = start + timedelta(days=rng.randrange(690))
        done = rng.random() < 0.33
        sheet.append([
            f"TZ-{n:07d}", received.isoformat(), vocab.name(random.Random(person)),
            vocab.id_number(person, 7), f"139{person:08d}",
            vocab.title(rng, rng.choice(list(vocab.TITLES)), rng.choice(vocab.AREAS)),
            rng.choice(vocab.DESCRIPTIONS), rng.choice(["来信", "来访", "网上", "电话"]),
            (received + timedelta(days=3)).isoformat() if done else None,
            (received + timedelta(days=40)).isoformat() if done else None,
            "经核查，已按政策答复" if done else None,
            (received + timedelta(days=50)).isoformat() if done else None])
    book.save(path)


def timed(fn):
    """Return (result, seconds)."""
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 1)


def main() -> None:
    """Generate, check, import, import again; append the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--label", required=True)
    args = parser.parse_args()
    from petitiondesk import create_app
    from petitiondesk.core.local import local_today
    from petitiondesk.demo.base import create_bureau
    from petitiondesk.extensions import db
    from petitiondesk.imports.service import check
    from petitiondesk.imports.writer import import_rows

    app = create_app({"DATABASE_URL": args.database_url})
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp, app.app_context():
        from petitiondesk.deadlines.calendar_service import seed_shipped_calendar

        seed_shipped_calendar(Path(app.config["CONFIG_DIR"]), now=now)
        create_bureau(now=now)
        db.session.commit()
        path = Path(tmp) / "register.xlsx"
        _, wrote = timed(lambda: write_register(path, args.rows))
        report, checked = timed(lambda: check(path, today=local_today(now)))
        assert not report.problems, report.problems[:5]

        def load():
            made = import_rows(report, actor_id=None, now=now)
            db.session.commit()
            return made

        made, imported = timed(load)
        again, rechecked = timed(lambda: check(path, today=local_today(now)))
        result = {"label": args.label, "rows": args.rows, "dialect": db.engine.dialect.name,
                  "at": now.isoformat(timespec="seconds"), "write_file_s": wrote,
                  "check_s": checked, "import_s": imported, "total_s": round(checked + imported, 1),
                  "cases": made, "second_check_s": rechecked,
                  "second_to_import": len(again.good), "load1": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, ensure_ascii=False))
    with (ROOT / "bench" / "results-import.jsonl").open("a") as fh:
        fh.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
