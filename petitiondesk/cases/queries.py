"""Reading cases: the queue with filters and sorting in the database, one page at a time."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, or_

from petitiondesk.accounts.models import Department, User
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.cases.visibility import restrict_cases
from petitiondesk.extensions import db
from petitiondesk.search import capped
from petitiondesk.search import query as search


def case_page(*, user: User, today: date, due_soon_days: int, filters: dict,
              total: int | None = None) -> tuple[list, int]:
    """Return one page of the cases the user may see and their total (counted unless given)."""
    filters = _with_search(filters)
    stmt = restrict_cases(db.select(Case), user)
    stmt = _filter(stmt, filters, today=today, due_soon_days=due_soon_days)
    total = _count(stmt) if total is None else total
    stmt = _sort(stmt, filters.get("sort") or ("relevance" if filters.get("q") else "due"),
                 filters.get("_search"))
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    items = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return items, total


def search_page(*, user: User, today: date, due_soon_days: int,
                filters: dict) -> tuple[list, int, bool]:
    """Return one page of a search (`q`), the matches' total and whether it passed the cap."""
    found = search.Search(filters["q"].strip())
    plain = {k: v for k, v in filters.items() if k != "q"}
    base = _filter(restrict_cases(db.select(Case.id), user), plain, today=today,
                   due_soon_days=due_soon_days)
    ids = capped.newest_matches(found.query, keep=lambda chunk: db.session.scalars(
        base.where(Case.id.in_(chunk)))) if found.query else []
    more, ids = len(ids) > capped.CAP, ids[:capped.CAP]
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    window = slice((page - 1) * per_page, page * per_page)
    if (filters.get("sort") or "relevance") == "relevance":
        chosen = capped.ranked(ids, found.query)[window]
        by_id = {c.id: c for c in db.session.scalars(db.select(Case).where(
            Case.id.in_(chosen)))}
        return [by_id[i] for i in chosen], len(ids), more
    stmt = _sort(db.select(Case).where(Case.id.in_(ids)), filters["sort"])
    items = list(db.session.scalars(stmt.offset(window.start).limit(per_page)))
    return items, len(ids), more


def case_count(*, user: User, today: date, due_soon_days: int, filters: dict) -> int:
    """Return how many cases the user may see match the filters (no rows loaded)."""
    stmt = restrict_cases(db.select(Case), user)
    return _count(_filter(stmt, _with_search(filters), today=today,
                          due_soon_days=due_soon_days))


def _with_search(filters: dict) -> dict:
    """Return the filters with the parsed search of `q`, if any."""
    q = (filters.get("q") or "").strip()
    return {**filters, "_search": search.Search(q)} if q else filters


def _count(stmt) -> int:
    # count(*) over the same FROM and WHERE, no subquery of every column: the database may
    # answer from an index alone (ix_cases_*due_state) without visiting each case's row
    counted = stmt.with_only_columns(func.count(), maintain_column_froms=True)
    return db.session.scalar(counted.order_by(None))


def _filter(stmt, filters: dict, *, today: date, due_soon_days: int):
    """Apply the query's filters as SQL conditions."""
    for name in ("track", "status"):
        if filters.get(name):
            stmt = stmt.where(getattr(Case, name) == filters[name])
    if filters.get("department"):
        stmt = stmt.join(Department, Department.id == Case.department_id).where(
            Department.code == filters["department"])
    if filters.get("clock_state"):
        stmt = _by_clock_state(stmt, filters["clock_state"], today, due_soon_days)
    if filters.get("_search"):
        stmt = filters["_search"].matching(stmt)
    return stmt


def _by_clock_state(stmt, state: str, today: date, due_soon_days: int):
    """Filter on the earliest running obligation deadline (indexed)."""
    soon = today + timedelta(days=due_soon_days)
    if state == "suspended":  # stopped clocks are neither on track nor late
        return stmt.where(Case.status.in_(OPEN_STATUSES), Case.suspended.is_(True))
    stmt = stmt.where(Case.status.in_(OPEN_STATUSES), Case.suspended.is_(False))
    if state == "overdue":
        return stmt.where(Case.next_due_on < today)
    if state == "due_soon":
        return stmt.where(Case.next_due_on >= today, Case.next_due_on <= soon)
    return stmt.where(or_(Case.next_due_on > soon, Case.next_due_on.is_(None)))


def _sort(stmt, sort: str, found=None):
    """Order by relevance to the search, earliest deadline (open first) or receipt (newest)."""
    if sort == "relevance" and found is not None:
        return found.by_rank(stmt)
    if sort == "received":
        return stmt.order_by(Case.received_on.desc(), Case.id.desc())
    return stmt.order_by(Case.next_due_on.is_(None), Case.next_due_on, Case.id)
