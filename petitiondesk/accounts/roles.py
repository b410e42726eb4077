"""Roles and what each may see; pure."""

from __future__ import annotations

ROLES = ("clerk", "handler", "head", "supervisor", "counsel", "admin", "auditor")

# Roles that see every case; handlers and heads see their department's cases only.
SEE_ALL = frozenset({"clerk", "supervisor", "counsel", "admin", "auditor"})


# What a role may use where the API and the pages offer the same thing; both ask these, so
# they cannot disagree (tests/api/test_role_matrix.py walks every route for every role).
# Intake is the petition office's work (design.md: the clerk registers what arrives);
# cases other roles open (a legal-guidance case, a lawsuit's next instance) come from
# their own actions, not from intake.
REGISTERING = frozenset({"clerk", "admin"})
# the supervision board: supervisors work it, heads watch their department's part,
# auditors and administrators read it
SUPERVISION_BOARD = frozenset({"supervisor", "head", "admin", "auditor"})


def may_register(roles: set[str] | frozenset[str]) -> bool:
    """Return whether these roles register cases at intake."""
    return bool(REGISTERING & set(roles))


def may_watch_supervision(roles: set[str] | frozenset[str]) -> bool:
    """Return whether these roles read the cases under supervision."""
    return bool(SUPERVISION_BOARD & set(roles))


def sees_all_cases(roles: set[str] | frozenset[str]) -> bool:
    """Return whether these roles see every case."""
    return bool(SEE_ALL & set(roles))


def unknown_roles(roles: list[str]) -> list[str]:
    """Return the names in `roles` that are not roles."""
    return [r for r in roles if r not in ROLES]
