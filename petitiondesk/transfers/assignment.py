"""Who inside a department gets a case that arrives there; pure.

Each department chooses its mode: `unassigned` (the head assigns by hand),
`round_robin` (the next handler after the last one given a case) or `fewest_open`
(the handler with the fewest open cases; ties go to the longest-standing handler).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

MODES = ("unassigned", "round_robin", "fewest_open")


def choose_assignee(mode: str, *, handlers: Sequence[int], last_assigned: int | None = None,
                    open_counts: Mapping[int, int] | None = None) -> int | None:
    """Return the user id to assign under `mode`, or None to leave the case unassigned."""
    if mode not in MODES:
        raise ValueError(f"unknown assignment mode {mode!r}")
    ordered = sorted(handlers)
    if mode == "unassigned" or not ordered:
        return None
    if mode == "round_robin":
        return next_in_turn(ordered, last_assigned)
    counts = open_counts or {}
    return min(ordered, key=lambda uid: (counts.get(uid, 0), uid))


def next_in_turn(ordered: Sequence[int], last_assigned: int | None) -> int:
    """Return the first id after `last_assigned` in `ordered`, wrapping around."""
    if last_assigned is None:
        return ordered[0]
    for uid in ordered:
        if uid > last_assigned:
            return uid
    return ordered[0]
