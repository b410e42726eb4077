"""The buck-passing rules for transfers between departments; pure.

A transfer needs a reason; a case sent to a department that already held it (a bounce)
or transferred more than the configured number of times goes to a supervisor; once a
supervisor has designated the responsible department only a supervisor moves the case;
a department that refused a case does not get it again unless a supervisor sends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# roles that may move any case, designated or not, past the rules below
SUPERVISING_ROLES = frozenset({"supervisor", "admin"})
# roles of a department that may send its own cases elsewhere
SENDING_ROLES = frozenset({"clerk", "handler", "head"})
# roles of the receiving department that may accept or refuse a transfer
ANSWERING_ROLES = frozenset({"handler", "head"})


@dataclass(frozen=True)
class CaseHistory:
    """What the rules need to know about a case's moves so far."""

    current: str
    held: tuple[str, ...]
    transfers_count: int
    designated: bool = False
    # departments that refused the case when the current department sent it
    refused_by: frozenset[str] = frozenset()
    pending: bool = False


@dataclass(frozen=True)
class Verdict:
    """Whether a transfer may be sent; if not why; and whether it needs supervision."""

    allowed: bool
    refusal: str | None = None
    refusal_kind: str | None = None
    supervision: str | None = None
    bounce: bool = False


def is_bounce(history: CaseHistory, to: str) -> bool:
    """Return whether sending to `to` returns the case to a department that held it."""
    return to in history.held


def over_cap(history: CaseHistory, *, max_transfers: int) -> bool:
    """Return whether one more transfer exceeds the allowed number of transfers."""
    return history.transfers_count + 1 > max_transfers


def supervises(roles: Iterable[str]) -> bool:
    """Return whether these roles may move any case."""
    return bool(SUPERVISING_ROLES & set(roles))


def may_move_designated(roles: Iterable[str]) -> bool:
    """Return whether these roles may move a case whose department a supervisor designated."""
    return supervises(roles)


def may_send(roles: Iterable[str], *, user_department: str, history: CaseHistory) -> bool:
    """Return whether a user may send this case elsewhere (ignoring the case's history)."""
    if supervises(roles):
        return True
    return bool(SENDING_ROLES & set(roles)) and user_department == history.current


def may_answer(roles: Iterable[str], *, user_department: str, to: str) -> bool:
    """Return whether a user may accept or refuse a transfer addressed to `to`."""
    if supervises(roles):
        return True
    return bool(ANSWERING_ROLES & set(roles)) and user_department == to


def judge_transfer(history: CaseHistory, *, to: str, roles: Iterable[str],
                   max_transfers: int) -> Verdict:
    """Decide whether a transfer to `to` may go, and whether it puts the case under supervision."""
    roles = frozenset(roles)
    refusal = _refusal(history, to=to, roles=roles)
    if refusal:
        return Verdict(allowed=False, refusal=refusal[1], refusal_kind=refusal[0])
    bounce = is_bounce(history, to)
    if supervises(roles):
        # a supervisor's own move is the remedy, not a new case of buck-passing
        return Verdict(allowed=True, bounce=bounce)
    if bounce:
        return Verdict(allowed=True, bounce=True,
                       supervision=f"bounced: sent back to {to}, which already held the case")
    if over_cap(history, max_transfers=max_transfers):
        return Verdict(allowed=True, supervision=(
            f"transferred {history.transfers_count + 1} times (more than {max_transfers})"))
    return Verdict(allowed=True)


def _refusal(history: CaseHistory, *, to: str, roles: frozenset[str]) -> tuple[str, str] | None:
    """Return (kind, message) when the transfer may not go at all."""
    if to == history.current:
        return "invalid", f"the case is already with {to}"
    if history.pending:
        return "conflict", "a transfer of this case is already waiting for an answer"
    if history.designated and not may_move_designated(roles):
        return "forbidden", "a supervisor designated the responsible department; " \
                            "only a supervisor can move the case"
    if to in history.refused_by and not supervises(roles):
        return "conflict", f"{to} refused this case already; only a supervisor can send it again"
    return None
