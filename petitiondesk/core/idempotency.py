"""Replay the first answer to a creating call retried with the same Idempotency-Key."""

from __future__ import annotations

import json

from flask import Flask, Response, g, request

from petitiondesk.core.http import error_response
from petitiondesk.core.models import IdempotencyRecord
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db

HEADER = "Idempotency-Key"


def init_idempotency(app: Flask) -> None:
    """Install the replay check before, and the recording after, API POSTs."""
    app.before_request(_replay)
    app.after_request(_remember)


def _applies() -> bool:
    from petitiondesk.accounts.auth import PUBLIC_API_PATHS

    # Not for signing in: there is no caller to key on yet, and replaying would mean
    # storing a live bearer token in clear (tokens are otherwise kept only as hashes).
    return request.method == "POST" and request.path.startswith("/api/") and bool(
        request.headers.get(HEADER)
    ) and request.path not in PUBLIC_API_PATHS


def _replay():
    """Answer a retry with the stored first answer."""
    if not _applies():
        return None
    from petitiondesk.accounts.auth import api_caller

    key = request.headers[HEADER]
    if len(key) > 200:
        return error_response(422, "invalid", "Idempotency-Key too long",
                              {HEADER: ["at most 200 characters"]})
    user = api_caller()
    record = db.session.get(IdempotencyRecord, (user.id, key))
    if record is None:
        g.idempotency_key = key
        return None
    if record.method_path != _method_path():
        return error_response(422, "invalid", "Idempotency-Key reused for another call",
                              {HEADER: ["already used for " + record.method_path]})
    response = Response(json.dumps(record.body, ensure_ascii=False), record.status_code,
                        mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _remember(response: Response) -> Response:
    """Store a successful first answer in the same transaction as its effects."""
    key = g.pop("idempotency_key", None)
    if key is None or response.status_code >= 400 or not response.is_json:
        return response
    db.session.add(IdempotencyRecord(
        user_id=g.api_user.id, key=key, method_path=_method_path(),
        status_code=response.status_code, body=response.get_json(), created_at=now_utc(),
    ))
    return response


def _method_path() -> str:
    return f"{request.method} {request.path}"
