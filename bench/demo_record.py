"""Append one demo fill's figures (from `/usr/bin/time -v -o FILE`) to bench/results-demo.jsonl.

Usage: .venv/bin/python bench/demo_record.py --label L --cases N --time FILE \\
           --load-before X --load-after Y
(bench/run-1m calls it after each `petitiondesk demo --cases N`).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
          "User time (seconds)": "user_s", "System time (seconds)": "system_s",
          "Maximum resident set size (kbytes)": "max_rss_kb", "Exit status": "exit"}


def wall_seconds(text: str) -> float:
    """Return seconds from GNU time's h:mm:ss or m:ss.ss."""
    parts = [float(p) for p in text.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return round(seconds, 1)


def read_time(path: Path) -> dict:
    """Return the figures GNU time wrote."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(.+?): (.+)$", line)
        if match and match.group(1) in FIELDS:
            found[FIELDS[match.group(1)]] = match.group(2).strip()
    found["wall_s"] = wall_seconds(found.pop("wall"))
    for key in ("user_s", "system_s"):
        found[key] = float(found[key])
    found["max_rss_mib"] = round(int(found.pop("max_rss_kb")) / 1024)
    found["exit"] = int(found["exit"])
    return found


def main() -> None:
    """Read the time file and append the record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--time", type=Path, required=True)
    parser.add_argument("--load-before", type=float)
    parser.add_argument("--load-after", type=float)
    parser.add_argument("--out", default="bench/results-demo.jsonl")
    args = parser.parse_args()
    record = {"label": args.label, "cases": args.cases,
              "at": datetime.now().astimezone().isoformat(timespec="seconds"),
              **read_time(args.time), "load1_before": args.load_before,
              "load1_after": args.load_after}
    print(json.dumps(record))
    with open(ROOT / args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
