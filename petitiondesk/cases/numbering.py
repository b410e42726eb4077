"""Human case numbers such as XF-2026-000123: per track and year, gapless."""

from __future__ import annotations

from sqlalchemy import update

from petitiondesk.cases.enums import NUMBER_PREFIX
from petitiondesk.cases.models import NumberSequence
from petitiondesk.extensions import db


def next_number(*, track: str, year: int) -> str:
    """Issue the next number for the track and year inside the current transaction.

    The UPDATE takes a row lock that concurrent intakes queue on until commit; a
    rolled-back intake rolls its increment back too, so numbers have no gaps.
    """
    prefix = f"{NUMBER_PREFIX[track]}-{year}"
    _ensure_sequence(prefix)
    stmt = (
        update(NumberSequence)
        .where(NumberSequence.prefix == prefix)
        .values(last=NumberSequence.last + 1)
        .returning(NumberSequence.last)
    )
    value = db.session.execute(stmt).scalar_one()
    return f"{prefix}-{value:06d}"


def _ensure_sequence(prefix: str) -> None:
    """Create the sequence row if missing, tolerating a concurrent creator."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(NumberSequence).values(prefix=prefix, last=0).on_conflict_do_nothing()
    db.session.execute(stmt)
