"""A petitioner's access to one case from the public portal: a hashed query code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class PortalAccess(db.Model):
    """The query code of a case (argon2 hash only) and the count of wrong codes."""

    __tablename__ = "portal_access"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
