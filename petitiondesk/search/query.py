"""Searching cases through the index: a join, a match condition, a rank, snippets."""

from __future__ import annotations

from sqlalchemy import Select, false, func, literal, literal_column, select

from petitiondesk.cases.models import Case
from petitiondesk.extensions import db
from petitiondesk.search.index import pg_table, secret, sqlite_table
from petitiondesk.search.terms import Query, parse_query, snippet

HINT_POOL = 200  # intake's hints: the best of the newest matches


def parsed(q: str) -> Query:
    """Return the parsed query for what the user typed."""
    return parse_query(q, secret())


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def hits(query: Query):
    """Return the matching cases as a CTE of (case_id, rank), lower rank better.

    On SQLite the CTE is materialized: joined directly, the planner may walk a
    department's cases and probe the FTS5 table once per case (0.1 s at 3,000 cases).
    """
    if _postgres():
        # rendered into the SQL, not bound: once psycopg prepares the statement (after 5
        # runs) PostgreSQL may switch to a generic plan, which cannot know how selective
        # the words are and hash-joins every case (0.1-0.2 s at 1,000,000 for one match).
        # The words hold letters and digits only (terms.py), so nothing needs escaping.
        tsq = func.to_tsquery("simple", literal(query.tsquery(), literal_execute=True))
        return select(pg_table.c.case_id.label("case_id"),
                      (-func.ts_rank_cd(pg_table.c.tsv, tsq)).label("rank")).where(
            pg_table.c.tsv.op("@@")(tsq)).cte("hits")
    return (select(sqlite_table.c.rowid.label("case_id"),
                   literal_column("case_search.rank").label("rank"))
            .where(literal_column("case_search").op("MATCH")(query.fts5()))
            .cte("hits").prefix_with("MATERIALIZED"))


class Search:
    """One search of the case list: the join that filters and the order that ranks."""

    def __init__(self, q: str | Query):
        self.query = parsed(q) if isinstance(q, str) else q
        self.found = hits(self.query) if self.query else None

    def matching(self, stmt: Select) -> Select:
        """Join the hits to a select of cases: only matching cases remain."""
        if self.found is None:
            return stmt.where(false())
        return stmt.join(self.found, self.found.c.case_id == Case.id)

    def by_rank(self, stmt: Select) -> Select:
        """Order a matching select best match first, then newest."""
        if self.found is None:
            return stmt.order_by(Case.id.desc())
        return stmt.order_by(self.found.c.rank, Case.id.desc())


def case_ids(query: Query, *, limit: int) -> list[int]:
    """Return the best-matching of the newest matching cases, any department (intake's hints)."""
    from petitiondesk.search.capped import newest_matches, ranked

    # every match is kept, so 201 rows (a window of 1,000 on PostgreSQL) are enough to read
    newest = newest_matches(query, keep=lambda chunk: chunk, cap=HINT_POOL,
                            first_chunk=HINT_POOL + 1, probe=1000)
    return ranked(newest, query)[:limit]


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
