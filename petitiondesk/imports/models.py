"""What was imported from a register: its own number, once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class RegisterEntry(db.Model):
    """One register row brought in: its number keeps a second import from repeating it."""

    __tablename__ = "register_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    register_number: Mapped[str] = mapped_column(String(60), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # the matter the row was grouped into: rows of a later import with the same key join it
    matter_key: Mapped[str] = mapped_column(String(400), index=True)
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
