"""Per-address rate limit on sign-in (the page and the token call), kept in the database.

The database, not process memory, holds the attempts so that every web worker on every
host counts against the same window. The attempt is written in its own transaction: a
failed sign-in rolls the request back, but must still count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _

from petitiondesk.core.http import error_response, is_api_request
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.security.models import SignInAttempt
from petitiondesk.security.window import retry_after

LIMITED = frozenset({("POST", "/login"), ("POST", "/api/v1/auth/tokens")})


def init_rate_limit(app: Flask) -> None:
    """Check the sign-in rate limit before any other request handling."""
    app.before_request(_check_sign_in_rate)


def _check_sign_in_rate():
    """Refuse a sign-in attempt above the per-address limit with 429 and Retry-After."""
    if (request.method, request.path) not in LIMITED:
        return None
    cfg = current_app.config
    limit = int(cfg["LOGIN_RATE_LIMIT"] or 0)
    if limit <= 0:
        return None
    wait = count_attempt(key=request.remote_addr or "unknown", now=now_utc(), limit=limit,
                         window=timedelta(seconds=int(cfg["LOGIN_RATE_WINDOW_SECONDS"])))
    return None if wait is None else _too_many(wait)


def count_attempt(*, key: str, now: datetime, limit: int, window: timedelta) -> int | None:
    """Record an attempt under `key` unless over the limit; return the seconds to wait if so.

    The key is a client address for sign-in, or a prefixed address or case number for the
    portal (portal/views.py); the table's column keeps its first name, `ip`.
    """
    ip = key[:64]
    table = SignInAttempt.__table__
    since = now - window
    with db.engine.begin() as conn:
        conn.execute(table.delete().where(table.c.ip == ip, table.c.at <= since))
        recent = list(conn.scalars(db.select(table.c.at).where(
            table.c.ip == ip, table.c.at > since).order_by(table.c.at)))
        wait = retry_after(recent, now=now, limit=limit, window=window)
        if wait is None:
            conn.execute(table.insert().values(ip=ip, at=now))
    return wait


def _too_many(wait: int):
    """Return 429 in the API's error shape, or as a page, with Retry-After."""
    message = _("Too many sign-in attempts from this address; try again in %(s)d seconds.",
                s=wait)
    if is_api_request():
        response = error_response(429, "too_many_requests", message)
    else:
        response = current_app.make_response(
            (render_template("errors/error.html", error=_Message(message)), 429))
    response.headers["Retry-After"] = str(wait)
    return response


class _Message:
    """What the error page shows."""

    def __init__(self, message: str):
        self.message = message
