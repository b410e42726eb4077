"""Reading cases: the queue with filters and sorting in the database, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import joinedload, lazyload

from petitiondesk.accounts.models import Department, User
from petitiondesk.cases import keyset
from petitiondesk.cases.enums import OPEN_STATUSES
from petitiondesk.cases.models import Case
from petitiondesk.cases.visibility import restrict_cases
from petitiondesk.extensions import db
from petitiondesk.search import capped
from petitiondesk.search import query as search


@dataclass(frozen=True)
class Count:
    """How many cases match: exact, or at least `n` (the cap) when `capped`."""

    n: int
    capped: bool = False

    def __str__(self) -> str:
        return f"{self.n}+" if self.capped else str(self.n)


@dataclass
class Page:
    """One page of cases, their total and where the pages before and after it start."""

    items: list
    total: Count
    sort: str
    has_next: bool = False
    has_previous: bool = False

    @property
    def next_after(self) -> str | None:
        """The cursor of the page after this one (None on the last, or by relevance)."""
        if not (self.has_next and self.items and self.sort in keyset.SORTS):
            return None
        return keyset.of(self.items[-1], self.sort).token()

    @property
    def previous_before(self) -> str | None:
        """The cursor of the page before this one (None on the first, or by relevance)."""
        if not (self.has_previous and self.items and self.sort in keyset.SORTS):
            return None
        return keyset.of(self.items[0], self.sort).token()


def case_page(*, user: User, today: date, due_soon_days: int, filters: dict,
              total: int | None = None) -> tuple[list, int]:
    """Return one page of the cases the user may see and their exact total."""
    page = queue_page(user=user, today=today, due_soon_days=due_soon_days, filters=filters,
                      total=None if total is None else Count(total), exact=True)
    return page.items, page.total.n


def queue_page(*, user: User, today: date, due_soon_days: int, filters: dict,
               total: Count | None = None, exact: bool = False, lean: bool = False) -> Page:
    """Return one page of the cases the user may see, and their total up to the cap.

    `filters` may hold `after` or `before` (a keyset.Cursor of the same sort): the page
    then starts after that row or ends before it, and `page` is not used. `lean`: load
    the cases without what only the case page shows (see LEAN).
    """
    filters = _with_search(filters)
    stmt = restrict_cases(_cases(lean), user)
    stmt = _filter(stmt, filters, today=today, due_soon_days=due_soon_days)
    if total is None:
        total = Count(_count(stmt)) if exact else capped_count(stmt)
    sort = effective_sort(filters)
    per_page = filters.get("per_page", 25)
    cursor = filters.get("after") or filters.get("before")
    if cursor is None:
        page = filters.get("page", 1)
        stmt = _sort(stmt, sort, filters.get("_search")).offset((page - 1) * per_page)
        rows = list(db.session.scalars(stmt.limit(per_page + 1)))
        return Page(rows[:per_page], total, sort, len(rows) > per_page, page > 1)
    return _keyset_page(stmt, cursor, backwards=filters.get("after") is None,
                        per_page=per_page, total=total)


def _keyset_page(stmt, cursor: keyset.Cursor, *, backwards: bool, per_page: int,
                 total: Count) -> Page:
    """Return the page after the cursor, or the one before it when `backwards`."""
    rows: list = []
    for part in keyset.seek(stmt, cursor, backwards=backwards):
        if len(rows) <= per_page:
            rows += db.session.scalars(part.limit(per_page + 1 - len(rows)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        return Page(rows[::-1], total, cursor.sort, has_next=True, has_previous=more)
    return Page(rows, total, cursor.sort, has_next=more, has_previous=True)


# The queue page's rows show a case's number, title, labels, department and clocks: its
# matter, assignee, answering department, parties and the department's functions (eager
# by default, for the case page and the API) are left to load on access, which the row
# does not make: 3 statements and the joins fewer per page.
LEAN = (lazyload(Case.matter), lazyload(Case.assignee), lazyload(Case.answerable_department),
        lazyload(Case.party_links),
        joinedload(Case.department).lazyload(Department.function_rows))


def _cases(lean: bool):
    """Return SELECT cases, with the LEAN loading when asked."""
    return db.select(Case).options(*LEAN) if lean else db.select(Case)


def effective_sort(filters: dict) -> str:
    """Return the order a list is in: as asked, else relevance with a search, else due."""
    searching = bool((filters.get("q") or "").strip())
    sort = filters.get("sort") or ("relevance" if searching else "due")
    return "due" if sort == "relevance" and not searching else sort


def search_page(*, user: User, today: date, due_soon_days: int, filters: dict,
                lean: bool = False) -> Page:
    """Return one page of a search (`q`); its total is capped (capped.CAP)."""
    found = search.Search(filters["q"].strip())
    plain = {k: v for k, v in filters.items() if k != "q"}
    base = _filter(restrict_cases(db.select(Case.id), user), plain, today=today,
                   due_soon_days=due_soon_days)
    ids = capped.newest_matches(found.query, keep=lambda chunk: db.session.scalars(
        base.where(Case.id.in_(chunk)))) if found.query else []
    more, ids = len(ids) > capped.CAP, ids[:capped.CAP]
    total, sort = Count(len(ids), more), effective_sort(filters)
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    window = slice((page - 1) * per_page, page * per_page)
    if sort == "relevance":
        chosen = capped.ranked(ids, found.query)[window]
        by_id = {c.id: c for c in db.session.scalars(_cases(lean).where(
            Case.id.in_(chosen)))}
        return Page([by_id[i] for i in chosen], total, sort, window.stop < len(ids),
                    page > 1)
    stmt = _cases(lean).where(Case.id.in_(ids))
    cursor = filters.get("after") or filters.get("before")
    if cursor is not None:
        return _keyset_page(stmt, cursor, backwards=filters.get("after") is None,
                            per_page=per_page, total=total)
    items = list(db.session.scalars(_sort(stmt, sort).offset(window.start).limit(per_page)))
    return Page(items, total, sort, window.stop < len(ids), page > 1)


def case_count(*, user: User, today: date, due_soon_days: int, filters: dict) -> Count:
    """Return how many cases the user may see match the filters, up to the cap."""
    stmt = restrict_cases(db.select(Case), user)
    return capped_count(_filter(stmt, _with_search(filters), today=today,
                                due_soon_days=due_soon_days))


def capped_count(stmt) -> Count:
    """Count the query's rows up to capped.CAP: past it, Count(CAP, capped=True).

    Reads at most CAP + 1 rows (`SELECT count(*) FROM (SELECT 1 ... LIMIT CAP + 1)`),
    where an exact count reads every visible case (470,000 for a handler at 1,000,000).
    """
    cap = capped.CAP
    ones = stmt.with_only_columns(literal_column("1"), maintain_column_froms=True)
    inner = ones.order_by(None).limit(cap + 1).subquery()
    n = db.session.scalar(select(func.count()).select_from(inner))
    return Count(cap, True) if n > cap else Count(n)


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
    return stmt.order_by(*keyset.order("received" if sort == "received" else "due"))
