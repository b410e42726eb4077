"""Human case numbers such as XF-2026-000123 and other gapless series (document numbers)."""

from __future__ import annotations

from sqlalchemy import update

from petitiondesk.cases.enums import NUMBER_PREFIX
from petitiondesk.cases.models import NumberSequence
from petitiondesk.core.upsert import insert_if_absent
from petitiondesk.extensions import db


def next_number(*, track: str, year: int) -> str:
    """Issue the next number for the track and year inside the current transaction."""
    prefix = f"{NUMBER_PREFIX[track]}-{year}"
    return f"{prefix}-{next_in_series(prefix):06d}"


def next_in_series(prefix: str) -> int:
    """Issue the next value of a number series inside the current transaction.

    The UPDATE takes a row lock that concurrent issuers queue on until commit; a
    rolled-back transaction rolls its increment back too, so numbers have no gaps.
    """
    insert_if_absent(NumberSequence, prefix=prefix, last=0)
    stmt = (
        update(NumberSequence)
        .where(NumberSequence.prefix == prefix)
        .values(last=NumberSequence.last + 1)
        .returning(NumberSequence.last)
    )
    return db.session.execute(stmt).scalar_one()
