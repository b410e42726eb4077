"""Searching cases through the index: a join, a match condition, a rank, snippets."""

from __future__ import annotations

from sqlalchemy import Select, false, func, literal_column, select

from petitiondesk.cases.models import Case
from petitiondesk.extensions import db
from petitiondesk.search.index import pg_table, secret, sqlite_table
from petitiondesk.search.terms import Query, parse_query, snippet


def parsed(q: str) -> Query:
    """Return the parsed query for what the user typed."""
    return parse_query(q, secret())


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def matching(stmt: Select, query: Query) -> Select:
    """Join the index to a select of cases and keep the cases that match the query."""
    if not query:
        return stmt.where(false())
    if _postgres():
        tsq = func.to_tsquery("simple", query.tsquery())
        return stmt.join(pg_table, pg_table.c.case_id == Case.id).where(
            pg_table.c.tsv.op("@@")(tsq))
    return stmt.join(sqlite_table, sqlite_table.c.rowid == Case.id).where(
        literal_column("case_search").op("MATCH")(query.fts5()))


def by_rank(stmt: Select, query: Query) -> Select:
    """Order a matching select best match first (then newest)."""
    if not query:  # nothing joined: `matching` kept no case
        return stmt.order_by(Case.id.desc())
    if _postgres():
        rank = func.ts_rank_cd(pg_table.c.tsv, func.to_tsquery("simple", query.tsquery()))
        return stmt.order_by(rank.desc(), Case.id.desc())
    return stmt.order_by(literal_column("case_search.rank"), Case.id.desc())


def case_ids(query: Query, *, limit: int) -> list[int]:
    """Return the ids of the best-matching cases, any department (intake's hints)."""
    stmt = by_rank(matching(select(Case.id), query), query).limit(limit)
    return list(db.session.scalars(stmt))


def snippets(ids: list[int], query: Query) -> dict[int, str]:
    """Return a highlighted snippet (HTML) per case id."""
    if not ids:
        return {}
    tbl, key = (pg_table, pg_table.c.case_id) if _postgres() else (sqlite_table,
                                                                    sqlite_table.c.rowid)
    rows = db.session.execute(select(key, tbl.c.content).where(key.in_(ids)))
    return {cid: snippet(content or "", query.words) for cid, content in rows}


def with_snippets(views: list[dict], q: str | None) -> list[dict]:
    """Add each case view's highlighted snippet when the list answers a search."""
    if q:
        found = snippets([v["id"] for v in views], parsed(q))
        for view in views:
            view["snippet"] = found.get(view["id"], "")
    return views
