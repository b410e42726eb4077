"""Trained suggestion models, versioned; the newest one is used."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db


class SuggestionModel(db.Model):
    """One trained model: its version, what it learnt from and how well it did."""

    __tablename__ = "suggestion_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trained_on: Mapped[int] = mapped_column(Integer)
    held_out: Mapped[int] = mapped_column(Integer)
    department_accuracy: Mapped[float | None] = mapped_column(Float)
    category_accuracy: Mapped[float | None] = mapped_column(Float)
    blob: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read once per process
