"""Who is calling: bearer tokens for the API."""

from __future__ import annotations

from flask import g, request

from petitiondesk.accounts.models import User
from petitiondesk.accounts.service import user_for_token
from petitiondesk.core.errors import Unauthorized
from petitiondesk.core.timeutil import now_utc

PUBLIC_API_PATHS = frozenset({"/api/v1/auth/tokens", "/api/v1/openapi.json"})


def bearer_token() -> str | None:
    """Return the bearer token of the request, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def api_caller() -> User:
    """Return the user the request's bearer token belongs to."""
    if "api_user" not in g:
        raw = bearer_token()
        if raw is None:
            raise Unauthorized("send Authorization: Bearer <token>")
        g.api_user = user_for_token(raw, now=now_utc())
    return g.api_user


def require_api_token():
    """Refuse every API call without a valid token, except the public ones."""
    # g outlives a request when an app context was pushed around it (tests, CLI)
    for key in ("api_user", "holiday_calendar", "idempotency_key"):
        g.pop(key, None)
    path = request.path
    if path.startswith("/api/") and path not in PUBLIC_API_PATHS and request.method != "OPTIONS":
        api_caller()
