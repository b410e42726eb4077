"""Time due-date computation for many clocks on the shipped rules and calendar.

Usage (from the repository root):
    PYTHONPATH=. .venv/bin/python bench/bench_due_dates.py [--clocks N] [--seed S]

Inputs are generated first (fixed seed, mixed rules and variants, start dates in
2024-2026, one clock in ten extended, one in twenty with a closed suspension); only
the computation is timed. A recompute of every open clock after a calendar change is
the heaviest real use, so the figure to watch is clocks per second.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import date, timedelta
from pathlib import Path

from petitiondesk.deadlines.calendar import load_calendar_dir
from petitiondesk.deadlines.compute import rule_due
from petitiondesk.deadlines.rules import load_rules

REPO = Path(__file__).resolve().parents[1]
FIRST_START = date(2024, 1, 1)
START_SPAN_DAYS = (date(2026, 12, 31) - FIRST_START).days


def make_clocks(rules, count: int, seed: int) -> list[tuple]:
    """Return `count` (rule, start, variant, extension, suspensions) inputs."""
    rng = random.Random(seed)
    keys = sorted(rules)
    clocks = []
    for _ in range(count):
        rule = rules[rng.choice(keys)]
        start = FIRST_START + timedelta(days=rng.randrange(START_SPAN_DAYS + 1))
        variant = rng.choice([None, *rule.variants])
        extension = 0
        if rule.max_extension and variant is None and rng.random() < 0.1:
            extension = rng.randint(1, rule.max_extension)
        suspensions = ()
        if rng.random() < 0.05:
            stopped = start + timedelta(days=rng.randrange(10))
            suspensions = ((stopped, stopped + timedelta(days=rng.randrange(1, 30))),)
        clocks.append((rule, start, variant, extension, suspensions))
    return clocks


def run(clocks, calendar) -> tuple[float, int]:
    """Compute every clock's due date; return (seconds, provisional count)."""
    began = time.perf_counter()
    provisional = 0
    for rule, start, variant, extension, suspensions in clocks:
        due = rule_due(
            rule, start=start, calendar=calendar, variant=variant,
            extension=extension, suspensions=suspensions,
        )
        provisional += due.provisional
    return time.perf_counter() - began, provisional


def main(argv: list[str] | None = None) -> None:
    """Generate the clocks, time the computation and print the rate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args(argv)
    rules = load_rules(REPO / "config" / "deadlines.toml")
    calendar = load_calendar_dir(REPO / "config" / "calendar")
    clocks = make_clocks(rules, args.clocks, args.seed)
    run(clocks[:1000], calendar)  # build the calendar's lookup table outside the timing
    elapsed, provisional = run(clocks, calendar)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{args.clocks:,} due dates in {elapsed:.2f} s: {args.clocks / elapsed:,.0f} per second")
    print(f"provisional (ran into 2027): {provisional:,}")


if __name__ == "__main__":
    main()
