"""Print the read latencies of bench/results-web.jsonl as a Markdown table, one column per run.

Usage: .venv/bin/python bench/report.py "postgresql 100k, quiet" "sqlite 100k, final reads" ...
(labels as given to bench_web.py --label; the latest record with each label is used).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results-web.jsonl"


def latest(labels: list[str]) -> list[dict]:
    """Return the latest record with each label, in the order given."""
    found: dict[str, dict] = {}
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["label"] in labels and "reads" in record:
            found[record["label"]] = record
    return [found[label] for label in labels]


def table(records: list[dict]) -> str:
    """Return one row per URL and a column per record: p50 / p95 ms."""
    names = [re.sub(r" \(handler, id \d+\)", " (handler)", n) for n in records[0]["reads"]]
    rows = ["| request | " + " | ".join(r["label"] for r in records) + " |",
            "|---" * (len(records) + 1) + "|"]
    for i, name in enumerate(names):
        cells = []
        for r in records:
            got = list(r["reads"].values())[i]
            cells.append(f"{got['p50_ms']:g} / {got['p95_ms']:g}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    loads = []
    for r in records:
        values = [v["load1"] for v in r["reads"].values()]
        loads.append(f"{min(values):g}-{max(values):g}")
    rows.append("| load average (1 min) | " + " | ".join(loads) + " |")
    rows.append("| taken at | " + " | ".join(r["at"][11:16] for r in records) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(latest(sys.argv[1:])))
