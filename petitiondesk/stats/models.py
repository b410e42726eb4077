"""Frozen monthly statistics (a closed month never changes; design rule 5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class MonthSnapshot(db.Model):
    """The figures of one closed month, written once."""

    __tablename__ = "month_snapshots"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    figures: Mapped[dict] = mapped_column(JSON)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime)
