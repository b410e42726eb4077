"""Secondary indexes set aside during a large bulk fill and built again after it.

Inserting a million cases into tables that keep 30-odd secondary indexes (and, on
PostgreSQL, two GIN indexes) up to date row by row costs more than building each
index once from the finished table. `set_aside` drops the plain secondary indexes of
the tables the demo fills and returns their definitions exactly as the database
stored them; `rebuild` executes those definitions again, so the schema ends
identical. Primary keys, unique indexes and the indexes behind constraints stay in
place throughout: they check the rows as they come.
"""

from __future__ import annotations

from collections.abc import Callable

from petitiondesk.demo.writer import ORDER

FILLED = (*ORDER, "case_search")


def secondary_indexes(conn) -> list[tuple[str, str]]:
    """Return (name, definition) of the droppable indexes of the filled tables, by name."""
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%(tables)s) "
            "AND NOT x.indisunique AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
            "ORDER BY i.indexname", {"tables": list(FILLED)}).all()
    else:
        marks = ", ".join("?" for _ in FILLED)
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) AND upper(sql) NOT LIKE 'CREATE UNIQUE%' "
            "ORDER BY name", tuple(FILLED)).all()
    return [(name, sql) for name, sql in rows]


def set_aside(conn) -> list[tuple[str, str]]:
    """Drop the secondary indexes of the filled tables; return their definitions."""
    found = secondary_indexes(conn)
    for name, _sql in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return found


def rebuild(conn, definitions: list[tuple[str, str]],
            progress: Callable[[int], object] | None = None) -> None:
    """Create the indexes again from their stored definitions; the caller commits."""
    if conn.dialect.name == "postgresql" and definitions:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, sql in definitions:
        conn.exec_driver_sql(sql)
        if progress:
            progress(1)
