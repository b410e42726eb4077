"""Domain errors, each mapped to one HTTP status in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base class for errors a user can cause; carries an HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(DomainError):
    """The thing is absent or not visible to the caller."""

    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """The caller may see the thing but not do this."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """An illegal transition or a stale version."""

    status = 409
    code = "conflict"


class Invalid(DomainError):
    """Input that is well-formed but breaks a rule, field by field."""

    status = 422
    code = "invalid"


class Unauthorized(DomainError):
    """Missing or bad credentials."""

    status = 401
    code = "unauthorized"
