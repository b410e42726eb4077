"""Roles and what each may see; pure."""

from __future__ import annotations

ROLES = ("clerk", "handler", "head", "supervisor", "counsel", "admin", "auditor")

# Roles that see every case; handlers and heads see their department's cases only.
SEE_ALL = frozenset({"clerk", "supervisor", "counsel", "admin", "auditor"})


def sees_all_cases(roles: set[str] | frozenset[str]) -> bool:
    """Return whether these roles see every case."""
    return bool(SEE_ALL & set(roles))


def unknown_roles(roles: list[str]) -> list[str]:
    """Return the names in `roles` that are not roles."""
    return [r for r in roles if r not in ROLES]
