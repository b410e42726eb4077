"""The case lifecycle as a transition table; pure.

registered → accepted → replied → closed on every track, with the side exits each
track allows: rejected (not accepted), diverted (to a legal channel, petitions only),
withdrawn. A petition reply may be reviewed and re-reviewed (reviewing → replied).
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_TRACKS = frozenset({"petition", "mediation", "arbitration", "reconsideration", "litigation"})
PETITION = frozenset({"petition"})
REPLYING = frozenset({"petition", "reconsideration"})


@dataclass(frozen=True)
class Transition:
    """One allowed move: action, the statuses it leaves, the status it reaches."""

    action: str
    sources: frozenset[str]
    target: str
    tracks: frozenset[str] = ALL_TRACKS


TRANSITIONS: tuple[Transition, ...] = (
    Transition("accept", frozenset({"registered"}), "accepted"),
    Transition("reject", frozenset({"registered"}), "rejected"),
    Transition("divert", frozenset({"registered", "accepted"}), "diverted", PETITION),
    Transition("reply", frozenset({"accepted", "reviewing"}), "replied", REPLYING),
    Transition("request_review", frozenset({"replied", "closed"}), "reviewing", PETITION),
    Transition("close", frozenset({"replied"}), "closed", REPLYING),
    Transition(
        "close", frozenset({"accepted"}), "closed",
        frozenset({"mediation", "arbitration", "reconsideration", "litigation"}),
    ),
    Transition("withdraw", frozenset({"registered", "accepted", "replied", "reviewing"}),
               "withdrawn"),
)


class IllegalTransition(Exception):
    """The action is not allowed from the case's status on its track."""


def next_status(*, track: str, status: str, action: str) -> str:
    """Return the status `action` leads to, or raise IllegalTransition."""
    for t in TRANSITIONS:
        if t.action == action and track in t.tracks and status in t.sources:
            return t.target
    raise IllegalTransition(f"cannot {action} a {track} case that is {status}")


def allowed_actions(*, track: str, status: str) -> list[str]:
    """Return the actions allowed from this status on this track."""
    return sorted(
        {t.action for t in TRANSITIONS if track in t.tracks and status in t.sources}
    )
