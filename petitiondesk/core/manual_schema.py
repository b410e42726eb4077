"""Schema objects kept by hand-written migrations, which autogenerate must leave alone."""

from __future__ import annotations

# PostgreSQL-only indexes no model can describe portably (see migrations/versions/*_manual_*)
MANUAL_INDEXES = frozenset({"ix_matters_title_trgm"})
# the search index (0006): an FTS5 virtual table and its shadow tables on SQLite, a
# table with a generated tsvector on PostgreSQL
MANUAL_TABLE_PREFIXES = ("case_search",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to skip the hand-kept indexes and tables."""
    if type_ == "table" and name.startswith(MANUAL_TABLE_PREFIXES):
        return False
    return not (type_ == "index" and name in MANUAL_INDEXES)
