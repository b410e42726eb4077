"""Notice documents issued on cases, and the versioned templates they are filled from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.accounts.models import User
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class DocumentTemplate(db.Model):
    """One version of a kind's wording; a new edit is a new row, old ones stay."""

    __tablename__ = "document_templates"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(lazy="joined")


class Document(db.Model):
    """A numbered notice issued on a case: its PDF is an attachment, its service recorded."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("kind", "year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("document_templates.id"))
    template_version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    served_on: Mapped[date | None] = mapped_column(Date)
    service_method: Mapped[str | None] = mapped_column(String(20))
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id], lazy="joined")
