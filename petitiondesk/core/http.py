"""The request boundary: one commit per request, one error shape, body size limit."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from petitiondesk.core.errors import Conflict, DomainError
from petitiondesk.extensions import db

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, errors: dict | None = None) -> Response:
    """Return the one JSON error shape of the API."""
    response = jsonify({"code": code, "status": status, "message": message,
                        "errors": errors or {}})
    response.status_code = status
    return response


def is_api_request() -> bool:
    """Return whether the current request is for the REST API."""
    return request.path.startswith("/api/")


def fresh_request_globals() -> None:
    """Start every request with an empty `g`.

    Flask reuses an app context that is already pushed (tests, the CLI), and with it `g`:
    the signed-in user or API caller of an earlier request must never carry over.
    """
    g.__dict__.clear()


def init_request_boundary(app: Flask) -> None:
    """Commit after a successful request, roll back otherwise; map errors to JSON."""
    app.after_request(_commit_or_rollback)
    app.teardown_request(_rollback_leftovers)
    app.before_request(_limit_api_body)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(IntegrityError, _integrity)
    app.register_error_handler(DBAPIError, _lost_to_concurrency)
    app.register_error_handler(ValidationError, _validation_error)


def _commit_or_rollback(response: Response) -> Response:
    """Commit the session when the request succeeded; otherwise discard it."""
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        log.info("commit conflict: %s", exc)
        return error_response(409, "conflict", "the record changed meanwhile; reload and retry")
    return response


def _rollback_leftovers(exc: BaseException | None) -> None:
    """Roll back whatever an exception left open."""
    if exc is not None:
        db.session.rollback()


def _limit_api_body():
    """Refuse API bodies above the configured size with 413."""
    if not is_api_request():
        return None
    from flask import current_app

    limit = _body_limit(current_app.config)
    # also bounds a chunked body, which carries no Content-Length, as it is read
    request.max_content_length = limit
    length = request.content_length
    if length is not None and length > limit:
        return error_response(413, "too_large", f"request body above {limit} bytes")
    return None


def _body_limit(cfg) -> int:
    """Return this request's body limit: file uploads get the attachment size."""
    if request.method == "POST" and request.path.endswith("/attachments"):
        return cfg["ATTACHMENT_MAX_BYTES"] + 64 * 1024  # room for the multipart envelope
    return cfg["API_MAX_BODY_BYTES"]


def _domain_error(exc: DomainError):
    """Render a domain error as JSON for the API, or as a page otherwise."""
    db.session.rollback()
    if is_api_request():
        return error_response(exc.status, exc.code, exc.message, exc.errors)
    from petitiondesk.web.errors import render_domain_error

    return render_domain_error(exc)


def _stale(exc: StaleDataError):
    """A concurrent change won: 409."""
    db.session.rollback()
    return error_response(409, "conflict", "the record changed meanwhile; reload and retry")


def _integrity(exc: IntegrityError):
    """A concurrent request inserted the same unique row first (e.g. a double submit): 409."""
    db.session.rollback()
    log.info("integrity conflict: %s", exc.orig)
    return _domain_error(Conflict("a concurrent request created the same record; "
                                  "reload and retry"))


# PostgreSQL aborts one of two transactions that wait on each other (a request and a
# sweep touching the same case's clocks and events in opposite order): the loser may retry
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


def _lost_to_concurrency(exc: DBAPIError):
    """A deadlock or serialization failure: 409 and nothing changed; any other error: 500."""
    if getattr(exc.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES:
        raise exc
    db.session.rollback()
    log.warning("transaction aborted by the database (%s): %s", exc.orig.sqlstate, exc.orig)
    return error_response(409, "conflict", "a concurrent change got in the way; retry")


def _validation_error(exc: ValidationError):
    """Schema validation outside smorest's parser: 422 field by field."""
    return error_response(422, "invalid", "invalid input", _flatten(exc.messages))


def _flatten(messages) -> dict:
    """Return marshmallow messages as {field: [message, ...]}."""
    if isinstance(messages, list):
        return {"_schema": messages}
    return dict(messages)


def api_http_error(exc: HTTPException):
    """Render werkzeug and smorest HTTP errors in the one shape."""
    errors = {}
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or {}
    for location in ("json", "query", "headers", "files", "form", "path"):
        errors.update(_flatten(messages.get(location, {})) if location in messages else {})
    code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            409: "conflict", 413: "too_large", 422: "invalid"}.get(exc.code, "error")
    message = "invalid input" if exc.code == 422 else (exc.description or exc.name)
    response = error_response(exc.code or 500, code, message, errors)
    if exc.code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response
