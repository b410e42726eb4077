"""A search's result set, bounded: the newest matches the caller may see, up to a cap.

Ranking or counting every match of a common word costs seconds at 1,000,000 cases
(215,000 match 征收 补偿 in the demo's history). So the list reads the index's matches
newest first in growing chunks, keeps those the caller's filters and visibility let
through, and stops at CAP + 1: `total` is exact below the cap and "more than CAP"
above it, and relevance orders the CAP newest matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import func, literal, literal_column, select

from petitiondesk.extensions import db
from petitiondesk.search.index import pg_table, sqlite_table
from petitiondesk.search.terms import Query, score

CAP = 1000
FIRST_CHUNK = 2000
# PostgreSQL: windows of the newest index rows tested one by one while the words are
# common (at least SPARSE of a window matches), before the GIN index is asked (_recent)
PROBE = 5000
SPARSE = 0.05


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _tsquery(query: Query):
    # literal, not bound: see query.hits (a generic plan cannot see the words' selectivity)
    return func.to_tsquery("simple", literal(query.tsquery(), literal_execute=True))


def newest_matches(query: Query, *, keep: Callable[[list[int]], Iterable[int]],
                   cap: int = CAP, first_chunk: int = FIRST_CHUNK,
                   probe: int = PROBE) -> list[int]:
    """Return up to cap + 1 ids of matching cases that `keep` lets through, newest first.

    `first_chunk` and `probe` (PostgreSQL's window) size the first reads: a caller that
    keeps every match (intake's hints) needs no more than cap + 1 of them.
    """
    found: list[int] = []
    before, size = None, first_chunk
    if _postgres() and not query.exact:
        before, common = None, True
        while common and len(found) <= cap:
            recent, before, common = _recent(query, before, probe)
            if recent:
                found += sorted(keep(recent), reverse=True)
            if before is None:  # the whole index has been tested
                return found[:cap + 1]
    while len(found) <= cap:
        chunk = _chunk(query, before=before, limit=size)
        if chunk:
            found += sorted(keep(chunk), reverse=True)
        if len(chunk) < size:
            break
        before, size = chunk[-1], size * 4
    return found[:cap + 1]


def _recent(query: Query, before: int | None,
            probe: int) -> tuple[list[int], int | None, bool]:
    """Test the `probe` newest rows below `before`: their matches, the oldest tested, common?

    The planner estimates several words as independent, so for common ones (171,000
    cases match 安置 房 交付, estimated 7,600) it reads every match from the GIN index
    and sorts them (1.5 s at 1,000,000); testing the newest rows one by one finds the
    newest matches of common words in milliseconds. Once a window is sparse, the
    rest comes from the index, which is cheap for rare words.
    """
    window = select(pg_table.c.case_id, pg_table.c.tsv)
    if before is not None:
        window = window.where(pg_table.c.case_id < before)
    window = window.order_by(pg_table.c.case_id.desc()).limit(probe).subquery()
    rows = db.session.execute(select(window.c.case_id,
                                     window.c.tsv.op("@@")(_tsquery(query)))).all()
    hits = sorted((r[0] for r in rows if r[1]), reverse=True)
    oldest = min((r[0] for r in rows), default=None) if len(rows) == probe else None
    return hits, oldest, len(hits) >= SPARSE * probe


def _chunk(query: Query, *, before: int | None, limit: int) -> list[int]:
    """Return the ids of the next matches below `before`, newest first."""
    if _postgres():
        key, cond = pg_table.c.case_id, pg_table.c.tsv.op("@@")(_tsquery(query))
    else:
        key = sqlite_table.c.rowid
        cond = literal_column("case_search").op("MATCH")(query.fts5())
    stmt = select(key).where(cond)
    if before is not None:
        stmt = stmt.where(key < before)
    return list(db.session.scalars(stmt.order_by(key.desc()).limit(limit)))


def ranked(ids: list[int], query: Query) -> list[int]:
    """Return the ids best match first (then newest), scored on their indexed words.

    Scored here rather than by bm25() or ts_rank_cd(): FTS5 computes bm25 for every
    match of the words before it applies `rowid IN (...)` (16 s for 171,000 matches at
    1,000,000 cases), and both databases then rank alike.
    """
    if not ids:
        return []
    key, tbl = (pg_table.c.case_id, pg_table) if _postgres() else (sqlite_table.c.rowid,
                                                                   sqlite_table)
    bodies = dict(db.session.execute(select(key, tbl.c.body).where(key.in_(ids))).all())
    average = sum(len(b.split()) for b in bodies.values()) / max(len(bodies), 1)
    points = {i: score(b, query, average_length=average) for i, b in bodies.items()}
    return sorted(ids, key=lambda i: (-points.get(i, 0.0), -i))
