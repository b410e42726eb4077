"""Transfers between departments and the routing rules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.accounts.models import Department, User
from petitiondesk.cases.models import Case
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class Transfer(db.Model):
    """A case moving from one department to another, awaiting the receiver's answer."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    to_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    # pending, then accepted, rejected or deemed_accepted; superseded when a supervisor
    # designates meanwhile, cancelled when the case closes meanwhile; designated for a
    # supervisor's move, recorded here so the case's history of holders is in one table
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    received_on: Mapped[date] = mapped_column(Date)
    respond_by: Mapped[date] = mapped_column(Date)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_reason: Mapped[str | None] = mapped_column(Text)
    by_supervisor: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    from_department: Mapped[Department] = relationship(foreign_keys=[from_department_id],
                                                       lazy="joined")
    to_department: Mapped[Department] = relationship(foreign_keys=[to_department_id],
                                                     lazy="joined")
    case: Mapped[Case] = relationship("Case", lazy="joined")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class RoutingRule(db.Model):
    """Category, area and keywords that send a new case to a department."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    category: Mapped[str | None] = mapped_column(String(60))
    area: Mapped[str | None] = mapped_column(String(60))
    keywords: Mapped[str | None] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    department: Mapped[Department] = relationship(lazy="joined")
