"""Parties, matters, cases, their timeline and per-year number sequences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.accounts.models import Department, User
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class Party(db.Model):
    """A petitioner or other party; found again by ID number."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseParty(db.Model):
    """A party's part in one case."""

    __tablename__ = "case_parties"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), default="petitioner")

    party: Mapped[Party] = relationship(lazy="joined")


class Matter(db.Model):
    """The underlying dispute; every proceeding about it belongs here."""

    __tablename__ = "matters"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_received_on: Mapped[date] = mapped_column(Date)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    legacy_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    policy_change_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    knew_of_act_on: Mapped[date | None] = mapped_column(Date)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cases: Mapped[list[Case]] = relationship(
        back_populates="matter", order_by="Case.received_on, Case.id"
    )


class Case(db.Model):
    """One proceeding on one track."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_department_status", "department_id", "status"),
        Index("ix_cases_received_on", "received_on"),
        # the queue's order (queries._sort): its first page read from an index, not a sort
        # of every visible case; per department for handlers, whole for the clerk
        Index("ix_cases_queue_order", text("(next_due_on IS NULL)"), "next_due_on", "id"),
        Index("ix_cases_department_queue_order", "department_id", text("(next_due_on IS NULL)"),
              "next_due_on", "id"),
        # the queue's overdue and due-soon counts, read from the index alone (no heap visit
        # per case for status and suspended): whole for the clerk, per department
        Index("ix_cases_due_state", "next_due_on", "status", "suspended"),
        Index("ix_cases_department_due_state", "department_id", "next_due_on", "status",
              "suspended"),
        # the statistics' cases open at a month's end: open now or closed after it,
        # counted from the index alone (stats/queries.py open_at_end)
        Index("ix_cases_closed_at_received_on", "closed_at", "received_on"),
        # a case's department without a visit to its row: the statistics attribute each
        # overdue clock and each closing of a month to the department answerable
        Index("ix_cases_id_answerable_department", "id", "answerable_department_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    track: Mapped[str] = mapped_column(String(20), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(60), index=True)
    area: Mapped[str | None] = mapped_column(String(60))
    received_on: Mapped[date] = mapped_column(Date)
    visitors: Mapped[int] = mapped_column(Integer, default=0)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    answerable_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    supervision_reason: Mapped[str | None] = mapped_column(String(400))
    designated: Mapped[bool] = mapped_column(Boolean, default=False)
    transfers_count: Mapped[int] = mapped_column(Integer, default=0)
    bounced: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    not_to_be_accepted_again: Mapped[bool] = mapped_column(Boolean, default=False)
    diversion_proposal: Mapped[str | None] = mapped_column(String(60))
    # the earliest due date of the case's open obligation clocks: the queue sorts on it
    next_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    events_head: Mapped[str] = mapped_column(String(64), default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    matter: Mapped[Matter] = relationship(back_populates="cases", lazy="joined")
    department: Mapped[Department] = relationship(foreign_keys=[department_id], lazy="joined")
    answerable_department: Mapped[Department] = relationship(
        foreign_keys=[answerable_department_id]
    )
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    party_links: Mapped[list[CaseParty]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def parties(self) -> list[Party]:
        """Return the case's parties."""
        return [link.party for link in self.party_links]


class Event(db.Model):
    """One entry of a case's append-only, hash-chained timeline."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        # the monthly statistics count events of a few types within a month (case_id
        # included so counting cases needs no visit to the table)
        Index("ix_events_type_created_at", "type", "created_at", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40), index=True)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship(lazy="joined")


class NumberSequence(db.Model):
    """The last number issued per prefix (track and year): gapless under concurrency."""

    __tablename__ = "number_sequences"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
