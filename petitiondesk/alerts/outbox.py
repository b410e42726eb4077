"""Queue e-mail in the caller's transaction, once per key; what failed, for administrators."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.extensions import db

KEY_LENGTH = 200
STATUSES = ("pending", "sent", "failed")


def queue_mail(*, key: str, recipient: str, subject: str, text: str, html: str | None = None,
               attachments: Iterable = (), case_id: int | None = None,
               now: datetime) -> bool:
    """Queue one e-mail unless one with this key exists; return whether it was queued.

    The row joins the caller's transaction: a rolled-back change queues nothing. The
    unique key makes a repeated or concurrent call a no-op instead of a second mail.
    """
    row = mail_row(key=key, recipient=recipient, subject=subject, text=text, html=html,
                   attachments=attachments, case_id=case_id, now=now)
    table = OutboxMessage.__table__
    return db.session.execute(_insert(table).values(**row).returning(table.c.id)).scalar() \
        is not None


def queue_rows(rows: list[dict]) -> None:
    """Queue many e-mails made by mail_row in one statement; existing keys are skipped."""
    if rows:
        db.session.execute(_insert(OutboxMessage.__table__), rows)


def mail_row(*, key: str, recipient: str, subject: str, text: str, html: str | None = None,
             attachments: Iterable = (), case_id: int | None = None, now: datetime) -> dict:
    """Return the outbox row of one e-mail."""
    return {
        "key": mail_key(key), "recipient": recipient, "subject": subject[:300],
        "body_text": text, "body_html": html,
        "attachments": [_attachment(a) for a in attachments], "case_id": case_id,
        "status": "pending", "attempts": 0, "created_at": now, "next_attempt_at": now,
        "sent_at": None, "last_error": None,
    }


def _insert(table):
    """Return INSERT ... ON CONFLICT (key) DO NOTHING for the session's database.

    A Core statement on purpose: no ORM bookkeeping and no autoflush per mail.
    """
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=["key"])


def mail_key(key: str) -> str:
    """Return the key as stored: long keys end in a digest so they stay unique and fit."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{key[:KEY_LENGTH - 33]}~{digest}"


def _attachment(item) -> dict:
    """Return an attachment as JSON: (filename, content_type, bytes) or such a dict."""
    if isinstance(item, dict):
        filename, content_type, data = item["filename"], item["content_type"], item["data"]
    else:
        filename, content_type, data = item
    if isinstance(data, str):
        data = data.encode()
    return {"filename": filename, "content_type": content_type,
            "data": base64.b64encode(data).decode("ascii")}


def attachment_bytes(item: dict) -> bytes:
    """Return the content of a stored attachment."""
    return base64.b64decode(item["data"])


def messages(*, status: str | None = None, limit: int = 100, offset: int = 0):
    """Return outbox rows, newest first, optionally of one status, and their count."""
    stmt = db.select(OutboxMessage)
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    total = db.session.scalar(db.select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(stmt.order_by(OutboxMessage.id.desc()).offset(offset).limit(limit))
    return list(rows), total


def failed_count() -> int:
    """Return how many e-mails the sender gave up on (for the admin page)."""
    return db.session.scalar(
        db.select(func.count()).where(OutboxMessage.status == "failed")) or 0
