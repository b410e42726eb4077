"""Clocks, extension requests and the stored holiday calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.accounts.models import User
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class Clock(db.Model):
    """One statutory deadline of a case."""

    __tablename__ = "clocks"
    __table_args__ = (
        Index("ix_clocks_open_due", "due_on",
              postgresql_where=text("met_on IS NULL AND NOT cancelled")),
        # overdue at a month's end: clocks still open then (met later, or not yet)
        Index("ix_clocks_met_on", "met_on"),
        # the statistics' clocks overdue at a month's end: obligation clocks open now or
        # met after it, due by then (stats/queries.py _candidates), not every clock
        Index("ix_clocks_kind_met_on_due_on", "kind", "met_on", "due_on"),
        Index(
            "ix_clocks_next_alert",
            "next_alert_at",
            postgresql_where=text("next_alert_at IS NOT NULL"),
            sqlite_where=text("next_alert_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(12))
    variant: Mapped[str | None] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_days: Mapped[int] = mapped_column(Integer, default=0)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    suspensions: Mapped[list] = mapped_column(JSON, default=list)
    suspended_since: Mapped[date | None] = mapped_column(Date)
    met_on: Mapped[date | None] = mapped_column(Date)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("transfers.id"))
    next_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_level: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def is_open(self) -> bool:
        """Return whether the clock still runs (neither met nor cancelled)."""
        return self.met_on is None and not self.cancelled


class Extension(db.Model):
    """A request to extend one clock, pending until the approving role decides."""

    __tablename__ = "extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("clocks.id"))
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)

    clock: Mapped[Clock] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])


class CalendarDay(db.Model):
    """A statutory holiday or a make-up working day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60))


class CalendarYear(db.Model):
    """A year whose holiday calendar is loaded."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class CalendarNotice(db.Model):
    """A year a deadline ran into before its calendar was loaded; admins are told once."""

    __tablename__ = "calendar_notices"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_needed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
