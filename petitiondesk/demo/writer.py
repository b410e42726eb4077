"""Write a batch of demo rows: Core executemany, or COPY on PostgreSQL.

The demo assigns the ids of the rows other rows point to (parties, matters, cases,
clocks, transfers, hearings) itself, because an event's hash covers its case id.
After each batch the PostgreSQL id sequences are moved past the ids used and the
number sequences to the last number issued, in the same transaction, so intake
after the demo carries on without a gap or a clash.
"""

from __future__ import annotations

import json
from datetime import UTC, date
from operator import itemgetter

from sqlalchemy import JSON, Boolean, bindparam, func, select, update
from sqlalchemy.dialects import sqlite

from petitiondesk.cases.models import NumberSequence
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db
from petitiondesk.search.index import write_rows as write_search_rows

# parents before children
ORDER = ("parties", "matters", "cases", "case_parties", "transfers", "clocks", "extensions",
         "events", "hearings")
ASSIGNED_IDS = ("parties", "matters", "cases", "clocks", "transfers", "hearings", "extensions")


def table(name: str):
    """Return the Table object of a table name."""
    return db.metadata.tables[name]


def prepare(conn=None) -> None:
    """Give SQLite a page cache big enough for index inserts not to wait on the disk."""
    conn = conn or db.session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -1000000")  # KiB: up to 1 GiB
        conn.exec_driver_sql("PRAGMA synchronous = OFF")


def start_ids() -> dict[str, int]:
    """Return the first free id of every table whose ids the demo assigns."""
    found = {}
    for name in ASSIGNED_IDS:
        if name in db.metadata.tables:
            found[name] = (db.session.scalar(select(func.max(table(name).c.id))) or 0) + 1
    return found


def number_sequences() -> dict[str, int]:
    """Return the last number issued per prefix."""
    return dict(db.session.execute(select(NumberSequence.prefix, NumberSequence.last)).all())


def write_batch(rows: dict[str, list[dict]], *, sequences: dict[str, int], touched: set[str],
                next_ids: dict[str, int], copy: bool, matter_updates: list[dict],
                conn=None) -> None:
    """Insert one batch of rows and move the sequences on; the caller commits."""
    conn = conn or db.session.connection()
    postgres = conn.dialect.name == "postgresql"
    for name in ORDER:
        batch = rows.get(name)
        if not batch:
            continue
        if postgres and copy:
            _copy(conn, table(name), batch)
        elif postgres:
            conn.execute(table(name).insert(), batch)
        else:
            _executemany(conn, table(name), batch)
    if matter_updates:  # escalations of matters written in this or an earlier batch
        matters = table("matters")
        conn.execute(update(matters).where(matters.c.id == bindparam("b_id")).values(
            legacy=bindparam("legacy"), escalated_at=bindparam("escalated_at"),
            knew_of_act_on=bindparam("knew_of_act_on")), matter_updates)
    if rows.get("case_search"):  # the search index, written with its cases (0006)
        write_search_rows(conn, rows["case_search"], copy=postgres and copy)
    _store_numbers(conn, sequences, touched)
    if postgres:
        for name, next_id in next_ids.items():
            if next_id > 1:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {next_id - 1})")


def _store_numbers(conn, sequences: dict[str, int], touched: set[str]) -> None:
    """Set each touched number sequence to the last number issued."""
    if not touched:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(NumberSequence.__table__)
    stmt = stmt.on_conflict_do_update(index_elements=["prefix"],
                                      set_={"last": stmt.excluded["last"]})
    conn.execute(stmt, [{"prefix": p, "last": sequences[p]} for p in sorted(touched)])
    touched.clear()


def _executemany(conn, tbl, batch: list[dict]) -> None:
    """Insert rows through the driver, each value converted by its column's own type.

    The same conversion SQLAlchemy applies (so the stored text is identical), without
    its per-row parameter bookkeeping, which costs more than SQLite's insert itself.
    """
    columns = list(batch[0])
    procs = [_sqlite_bind(tbl.c[c].type, conn.dialect) for c in columns]
    marks = ", ".join("?" for _ in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    rows = _tuples(batch, columns, procs)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.executemany(f'INSERT INTO "{tbl.name}" ({names}) VALUES ({marks})', rows)
    finally:
        cursor.close()


def _sqlite_bind(coltype, dialect):
    """Return the column's bind converter for SQLite; C-speed twins of the common ones.

    The twins give the very text SQLAlchemy stores: dates as YYYY-MM-DD, UTC instants
    as YYYY-MM-DD HH:MM:SS.ffffff (UTCDateTime on sqlite.DATETIME's default format),
    an empty list (clock suspensions) as [].
    """
    proc = coltype._cached_bind_processor(dialect)
    impl = coltype.dialect_impl(dialect)
    if isinstance(coltype, UTCDateTime) and getattr(
            impl.impl_instance if hasattr(impl, "impl_instance") else impl,
            "_storage_format", None) == _SQLITE_DATETIME:
        return _utc_text
    if isinstance(impl, sqlite.DATE) and impl._storage_format == _SQLITE_DATE:
        return lambda value: value.isoformat() if type(value) is date else proc(value)
    if isinstance(coltype, Boolean) and proc is not None:
        return lambda value: _BOOL[value] if type(value) is bool else proc(value)
    if isinstance(coltype, JSON) and proc is not None:
        return lambda value: "[]" if type(value) is list and not value else proc(value)
    return proc


_BOOL = {True: 1, False: 0}
_SQLITE_DATE = "%(year)04d-%(month)02d-%(day)02d"


_SQLITE_DATETIME = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
                    ".%(microsecond)06d")


def _utc_text(value):
    """Return an aware instant as SQLite stores UTCDateTime (naive ones are refused)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime stored; use an aware UTC instant")
    return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def _tuples(batch: list[dict], columns: list[str], procs: list) -> list[tuple]:
    """Return the rows as tuples in column order, converted a column at a time.

    `map` over one column keeps the loop in C: per value only the converter runs.
    """
    values = []
    for column, proc in zip(columns, procs, strict=True):
        raw = map(itemgetter(column), batch)
        values.append(list(map(proc, raw)) if proc else list(raw))
    return list(zip(*values, strict=True))


def _copy(conn, tbl, batch: list[dict]) -> None:
    """Load rows with COPY, JSON columns serialised as SQLAlchemy would."""
    columns = list(batch[0])
    # JSON columns serialised as SQLAlchemy's default serialiser does
    procs = [json.dumps if tbl.c[c].type.__class__.__name__ == "JSON" else None
             for c in columns]
    names = ", ".join(f'"{c}"' for c in columns)
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f'COPY "{tbl.name}" ({names}) FROM STDIN') as copy:
        write = copy.write_row
        for row in _tuples(batch, columns, procs):
            write(row)
