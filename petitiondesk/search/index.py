"""The case search index: one row per case, rewritten in the transaction that changed it.

SQLite keeps it in an FTS5 table (`case_search`, rowid = case id); PostgreSQL in a
table with a generated `tsvector` ('simple' configuration, on segmented text) and a
GIN index (migration 0006). Any flush that creates or changes a case, its timeline
(replies, transfer reasons...) or its parties marks the case; just before the commit
its row is written, so the index and the change commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import Column, Integer, MetaData, Table, Text, bindparam, event, select
from sqlalchemy.orm import Session

from petitiondesk.cases.models import Case, CaseParty, Event, Party
from petitiondesk.search.terms import Document, document_body, document_content

TABLE = "case_search"
TEXT_KEYS = ("text", "reason")  # the event data a person wrote
_DIRTY = "search_dirty_cases"

_meta = MetaData()
sqlite_table = Table(TABLE, _meta, Column("rowid", Integer, primary_key=True),
                     Column("body", Text), Column("content", Text))
pg_meta = MetaData()
pg_table = Table(TABLE, pg_meta, Column("case_id", Integer, primary_key=True),
                 Column("body", Text), Column("content", Text), Column("tsv", Text))


def secret() -> bytes:
    """Return the key ID and phone numbers are hashed with."""
    cfg = current_app.config
    return (cfg.get("SEARCH_KEY") or cfg["SECRET_KEY"]).encode()


def write_rows(conn, rows: list[dict], *, copy: bool = False) -> None:
    """Replace the index rows of the given cases: dicts of case_id, body, content.

    With `copy` (PostgreSQL, cases new in this transaction) the rows are only added,
    by COPY, as the demo writes its other rows.
    """
    if not rows:
        return
    ids = [r["case_id"] for r in rows]
    if copy:
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(
                f"COPY {TABLE} (case_id, body, content) FROM STDIN") as out:
            for r in rows:
                out.write_row((r["case_id"], r["body"], r["content"]))
        return
    if conn.dialect.name == "postgresql":
        conn.execute(pg_table.delete().where(pg_table.c.case_id.in_(ids)))
        conn.execute(pg_table.insert(), [{k: r[k] for k in ("case_id", "body", "content")}
                                         for r in rows])
        return
    conn.execute(sqlite_table.delete().where(sqlite_table.c.rowid.in_(ids)))
    conn.execute(sqlite_table.insert().values(rowid=bindparam("case_id")), rows)


def clear(conn) -> None:
    """Empty the index (tests; a full rebuild)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")


def reindex(session: Session, case_ids: Iterable[int]) -> int:
    """Rewrite the index rows of these cases from the database; return how many."""
    ids = sorted(set(case_ids))
    key = secret()
    rows = []
    for start in range(0, len(ids), 500):
        docs = documents(session, ids[start:start + 500])
        rows += [{"case_id": cid, "body": document_body(d, key),
                  "content": document_content(d)} for cid, d in docs.items()]
    write_rows(session.connection(), rows)
    return len(rows)


def documents(session: Session, ids: list[int]) -> dict[int, Document]:
    """Return each case's document, read with three queries."""
    cases = session.execute(select(Case.id, Case.number, Case.title, Case.description,
                                   Case.attributes).where(Case.id.in_(ids))).all()
    parties: dict[int, list] = {}
    for cid, name, idn, phone in session.execute(
            select(CaseParty.case_id, Party.name, Party.id_number, Party.phone)
            .join(Party, Party.id == CaseParty.party_id).where(CaseParty.case_id.in_(ids))
            .order_by(CaseParty.case_id, Party.id)):
        parties.setdefault(cid, []).append((name, idn, phone))
    texts: dict[int, list[str]] = {}
    for cid, data in session.execute(select(Event.case_id, Event.data)
                                     .where(Event.case_id.in_(ids)).order_by(Event.id)):
        texts.setdefault(cid, []).extend(event_texts(data))
    return {cid: case_document(number=number, title=title, description=description,
                               attributes=attrs, parties=parties.get(cid, []),
                               event_texts=texts.get(cid, []))
            for cid, number, title, description, attrs in cases}


def event_texts(data: dict | None) -> list[str]:
    """Return the human-written text of one event's data."""
    return [data[k] for k in TEXT_KEYS if isinstance((data or {}).get(k), str)]


def case_document(*, number: str, title: str, description: str | None, attributes: dict | None,
                  parties: list[tuple], event_texts: list[str]) -> Document:
    """Return the document of a case from its plain values (shared with the demo fill)."""
    attrs = attributes or {}
    return Document(
        number=number,
        texts=(title, description or "", *event_texts, *(p[0] for p in parties)),
        identifiers=tuple(str(attrs[k]) for k in ("court_case_number",) if attrs.get(k)),
        id_numbers=tuple(p[1] for p in parties if p[1]),
        phones=tuple(p[2] for p in parties if p[2]))


def _mark_dirty(session: Session, flush_context) -> None:
    dirty = session.info.setdefault(_DIRTY, set())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Case) and obj.id is not None:
            dirty.add(obj.id)
        elif isinstance(obj, Event | CaseParty) and obj.case_id is not None:
            dirty.add(obj.case_id)
        elif isinstance(obj, Party) and obj.id is not None:
            session.info.setdefault("search_dirty_parties", set()).add(obj.id)


def _after_flush(session: Session, flush_context) -> None:
    _mark_dirty(session, flush_context)


def _before_commit(session: Session) -> None:
    if not (session.info.get(_DIRTY) or session.info.get("search_dirty_parties")):
        return
    session.flush()
    ids = session.info.pop(_DIRTY, set())
    party_ids = session.info.pop("search_dirty_parties", set())
    if party_ids:
        ids |= set(session.scalars(select(CaseParty.case_id)
                                   .where(CaseParty.party_id.in_(party_ids))))
    if ids:
        reindex(session, ids)


def _forget(session: Session, *args) -> None:
    session.info.pop(_DIRTY, None)
    session.info.pop("search_dirty_parties", None)


def install() -> None:
    """Keep the index in step with every session the app opens."""
    from flask_sqlalchemy.session import Session as session_class

    if event.contains(session_class, "before_commit", _before_commit):
        return
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_rollback", _forget)
