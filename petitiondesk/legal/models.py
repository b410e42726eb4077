"""Court hearings of litigation cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.cases.models import Case
from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class Hearing(db.Model):
    """One scheduled court hearing, and who appeared for the bureau."""

    __tablename__ = "hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    # None until someone records who appeared (行政诉讼法 Art. 3(3))
    head_appeared: Mapped[bool | None] = mapped_column(Boolean)
    appeared: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(lazy="joined")
