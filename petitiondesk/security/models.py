"""Sign-in attempts per client address, for the sliding-window rate limit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class SignInAttempt(db.Model):
    """One sign-in attempt from one address; rows older than the window are pruned."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_ip_at", "ip", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
