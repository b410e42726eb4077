"""Rebuild the whole search index from the cases, in batches."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from petitiondesk.cases.models import Case
from petitiondesk.search.index import clear, reindex


def rebuild(conn, *, batch: int = 2000, progress: Callable[[int], object] | None = None) -> int:
    """Empty the index and index every case on this connection; return how many."""
    clear(conn)
    session = Session(bind=conn)
    done, last = 0, 0
    total = session.scalar(select(func.count(Case.id))) or 0
    while done < total:
        ids = list(session.scalars(select(Case.id).where(Case.id > last)
                                   .order_by(Case.id).limit(batch)))
        if not ids:
            break
        done += reindex(session, ids)
        last = ids[-1]
        if progress:
            progress(len(ids))
    return done
