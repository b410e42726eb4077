"""Deliver queued e-mail: claim, send, mark sent; retry with backoff; give up in the end.

A row is claimed before it is sent by moving its next attempt one lease ahead
(MAIL_LEASE_SECONDS) and committing. Two senders cannot both claim it (PostgreSQL hands
each a different row with SKIP LOCKED; the claim itself is a conditional UPDATE on both
databases), and a sender that dies mid-send leaves the row to be retried when the lease
runs out. A sender killed after the SMTP server took a mail but before its commit sends
it again then: every attempt carries the same Message-ID, so receivers can drop it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from flask import current_app
from flask_mail import Attachment, Connection, Message
from sqlalchemy import update

from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.alerts.outbox import attachment_bytes
from petitiondesk.extensions import db, mail

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 60


@dataclass
class SendResult:
    """What one run of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def send_due(*, now: datetime, limit: int = 500, claim: int = 20) -> SendResult:
    """Send the pending e-mail whose time has come; commit after each one."""
    result, lease = SendResult(), _lease()
    connection = None
    try:
        while (done := result.sent + result.retried + result.failed) < limit:
            rows = _claim(now=now, limit=min(claim, limit - done), lease=lease)
            if not rows:
                break
            claimed_at = time.monotonic()
            for row in rows:
                if time.monotonic() - claimed_at > lease.total_seconds() / 2:
                    # a slow server ate half the lease: leave the rest to be claimed
                    # afresh rather than risk sending what another sender took over
                    return result
                connection = _deliver(row, connection, now=now, result=result)
                db.session.commit()
    finally:
        _close(connection)
    return result


def _lease() -> timedelta:
    """Return how long a claimed row stays its sender's before another sender may retry it."""
    return timedelta(seconds=float(current_app.config["MAIL_LEASE_SECONDS"]))


def _claim(*, now: datetime, limit: int, lease: timedelta) -> list[OutboxMessage]:
    """Claim up to `limit` of the oldest due rows for this sender, in one commit."""
    stmt = (db.select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    candidates = list(db.session.scalars(stmt))
    if not candidates:
        return []
    claimed = list(db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates), OutboxMessage.status == "pending",
               OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)))
    db.session.commit()
    if not claimed:  # another sender (SQLite) took them between our read and our write
        return _claim(now=now, limit=limit, lease=lease)
    return list(db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.id.in_(claimed))
        .order_by(OutboxMessage.id).execution_options(populate_existing=True)))


def _deliver(row: OutboxMessage, connection, *, now: datetime, result: SendResult):
    """Send one claimed row and record the outcome; return the SMTP connection to reuse."""
    if not current_app.config.get("MAIL_SERVER"):
        log.info("mail (not sent, no MAIL_SERVER) to %s: %s\n%s", row.recipient, row.subject,
                 row.body_text)
        _mark_sent(row, now=now, result=result)
        return connection
    try:
        connection = connection or _open()
        connection.send(_message(row))
    except Exception as exc:  # noqa: BLE001 - any SMTP or network failure means "try later"
        _close(connection)
        _mark_failed_attempt(row, exc, now=now, result=result)
        return None
    _mark_sent(row, now=now, result=result)
    return connection


def _open():
    """Open one SMTP connection for a run of the sender, on the settings as they are now."""
    # Flask-Mail suppresses sending under TESTING; here MAIL_SERVER alone decides
    settings = {**current_app.config, "MAIL_SUPPRESS_SEND": False}
    connection = Connection(mail.init_mail(settings))
    connection.__enter__()
    if connection.host is not None and connection.host.sock is not None:
        # a server that accepted the connection and then hangs must not stall the sender
        connection.host.sock.settimeout(SMTP_TIMEOUT_SECONDS)
    return connection


def _close(connection) -> None:
    """Close an SMTP connection, ignoring a server that is already gone."""
    if connection is None:
        return
    with contextlib.suppress(Exception):  # the server vanished; nothing left to close
        connection.__exit__(None, None, None)


def _message(row: OutboxMessage) -> Message:
    """Build the Flask-Mail message of a row."""
    message = Message(subject=row.subject, recipients=[row.recipient], body=row.body_text,
                      html=row.body_html,
                      sender=current_app.config["MAIL_DEFAULT_SENDER"])
    message.attachments = [
        Attachment(filename=a["filename"], content_type=a["content_type"],
                   data=attachment_bytes(a)) for a in row.attachments or []]
    message.extra_headers = {"X-Petitiondesk-Key": row.key}
    message.msgId = message_id(row, sender=message.sender)
    return message


def message_id(row: OutboxMessage, *, sender: str) -> str:
    """Return the row's Message-ID: the same on every attempt, so a resend is recognisable.

    A sender that dies after the SMTP server accepted a mail but before its commit
    sends the row again once the claim lapses; the receiving side then sees two copies
    with one Message-ID (docs/mail.md). Row id, key and queue time make it unique
    across rows and across databases whose ids restart.
    """
    digest = hashlib.sha256(f"{row.key}\n{row.created_at.isoformat()}".encode()).hexdigest()
    address = sender[1] if isinstance(sender, tuple) else parseaddr(sender or "")[1]
    domain = address.rpartition("@")[2] or "petitiondesk.localhost"
    return f"<outbox.{row.id}.{digest[:20]}@{domain}>"


def _mark_sent(row: OutboxMessage, *, now: datetime, result: SendResult) -> None:
    """Record a delivered row."""
    row.status, row.sent_at, row.last_error = "sent", now, None
    result.sent += 1


def _mark_failed_attempt(row: OutboxMessage, exc: Exception, *, now: datetime,
                         result: SendResult) -> None:
    """Schedule a retry with exponential backoff, or give up after MAIL_GIVE_UP_HOURS."""
    cfg = current_app.config
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if now - row.created_at >= timedelta(hours=cfg["MAIL_GIVE_UP_HOURS"]):
        row.status = "failed"
        result.failed += 1
        log.error("gave up sending mail %s to %s: %s", row.key, row.recipient, row.last_error)
        return
    delay = min(cfg["MAIL_RETRY_SECONDS"] * 2 ** max(row.attempts - 1, 0),
                cfg["MAIL_RETRY_MAX_SECONDS"])
    row.next_attempt_at = now + timedelta(seconds=delay)
    result.retried += 1
    log.warning("mail %s to %s not sent (attempt %s), retry in %ss: %s", row.key,
                row.recipient, row.attempts, delay, row.last_error)
