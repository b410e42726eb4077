"""Schema objects kept by hand-written migrations, which autogenerate must leave alone."""

from __future__ import annotations

# PostgreSQL-only indexes no model can describe portably (see migrations/versions/*_manual_*)
MANUAL_INDEXES = frozenset({"ix_matters_title_trgm"})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to skip the hand-kept indexes."""
    return not (type_ == "index" and name in MANUAL_INDEXES)
