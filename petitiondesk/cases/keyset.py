"""Keyset pagination of the queue: a page starts after (or ends before) a row's sort key.

An OFFSET makes the database read and throw away every row before the page; a cursor
carries the sort key of the row where the last page ended, and the next page is read
from the order's index starting there. The cursor is an opaque token (URL-safe base64
of the sort, the key and the case id); it names the order it was made for, so one made
for `received` cannot be used with `due`.

Orders (as `queries._sort` and the indexes ix_cases_*queue_order):
- `due`: (next_due_on IS NULL, next_due_on, id) ascending — running deadlines first;
- `received`: (received_on, id) descending — newest first.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, literal, true, tuple_

from petitiondesk.cases.models import Case

SORTS = ("due", "received")
MAX_LENGTH = 64  # a token is about 24 characters; the schema refuses longer ones


class BadCursor(ValueError):
    """A token that is not a cursor of this list (its message says why)."""


@dataclass(frozen=True)
class Cursor:
    """A row's position in one order: the sort, its key date (None: no deadline) and id."""

    sort: str
    on: date | None
    id: int

    def token(self) -> str:
        """Return the opaque token that `parse` reads back."""
        raw = f"{self.sort[0]}:{self.on.isoformat() if self.on else ''}:{self.id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def of(case: Case, sort: str) -> Cursor:
    """Return the cursor of a case's row in the order `sort`."""
    return Cursor(sort, case.received_on if sort == "received" else case.next_due_on, case.id)


def parse(token: str, *, sort: str) -> Cursor:
    """Read a token made by Cursor.token for the order `sort`; raise BadCursor otherwise."""
    if not token or len(token) > MAX_LENGTH:
        raise BadCursor("not a cursor of this list: pass `next_after` of a previous answer")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        letter, on, number = raw.split(":")
        cursor = Cursor({"d": "due", "r": "received"}[letter],
                        date.fromisoformat(on) if on else None, int(number))
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise BadCursor("not a cursor of this list: pass `next_after` of a previous "
                        "answer") from exc
    if cursor.sort != sort:
        raise BadCursor(f"this cursor was made for sort={cursor.sort}, not sort={sort}")
    if cursor.id < 1 or (cursor.on is None and sort == "received"):
        raise BadCursor("not a cursor of this list: pass `next_after` of a previous answer")
    return cursor


def seek(stmt, cursor: Cursor, *, backwards: bool = False) -> list:
    """Return the queries, in order, of the rows after the cursor (before it: `backwards`).

    One query, each a range of the order's index, except backwards from a row without a
    deadline: those rows come last, so the rows before it are first the deadline-less
    ones with a smaller id, then every row with a deadline (an OR of the two would make
    PostgreSQL read all the deadline-less rows backwards, 850,000 at 1,000,000).
    """
    ordered = order(cursor.sort, backwards=backwards)
    if cursor.sort == "received":
        key = tuple_(Case.received_on, Case.id)
        edge = tuple_(literal(cursor.on), literal(cursor.id))
        return [stmt.where(key > edge if backwards else key < edge).order_by(*ordered)]
    if cursor.on is None:  # among the rows without a deadline, which come last
        rest = stmt.where(Case.next_due_on.is_(None),
                          Case.id < cursor.id if backwards else Case.id > cursor.id)
        if not backwards:
            return [rest.order_by(*ordered)]
        # every row with a deadline: (false, d, id) < (true, ...) on the first member,
        # while a row without one compares NULL on the second and is left out
        dated = stmt.where(_due_key() < tuple_(true(), literal(date.min), literal(0)))
        return [rest.order_by(*ordered), dated.order_by(*ordered)]
    # a row value in the index's own terms, so the database starts reading at the cursor;
    # a row without a deadline compares greater on its first member (true > false)
    edge = tuple_(false(), literal(cursor.on), literal(cursor.id))
    return [stmt.where(_due_key() < edge if backwards else _due_key() > edge)
            .order_by(*ordered)]


def _due_key():
    return tuple_(Case.next_due_on.is_(None), Case.next_due_on, Case.id)


def order(sort: str, *, backwards: bool = False) -> tuple:
    """Return the ORDER BY of `sort`, reversed when reading backwards from a cursor."""
    if sort == "received":
        cols = (Case.received_on, Case.id)
        return tuple(c.asc() if backwards else c.desc() for c in cols)
    cols = (Case.next_due_on.is_(None), Case.next_due_on, Case.id)
    return tuple(c.desc() if backwards else c.asc() for c in cols)
