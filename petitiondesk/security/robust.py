"""API input hardening that no single area owns: bounded ids, strict query strings."""

from __future__ import annotations

from flask import Flask, current_app, request
from marshmallow import RAISE, ValidationError, missing
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# the largest value an INTEGER column holds on PostgreSQL (and what SQLite binds safely)
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to what an integer column holds: larger is 404, not a 500."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_robust_input(app: Flask) -> None:
    """Bound integer URL parts; refuse unknown query parameters, NUL characters and a
    missing JSON body."""
    app.url_map.converters["int"] = BoundedIntConverter
    _strict_query_strings()
    _json_body_required()
    app.before_request(refuse_nul_characters)


def refuse_nul_characters():
    """Refuse text with NUL at the door: PostgreSQL cannot store it, so it would be a 500."""
    if not _has_nul():
        return None
    if request.path.startswith("/api/"):
        from petitiondesk.core.http import error_response

        return error_response(422, "invalid", "text must not contain NUL characters",
                              {"_schema": ["NUL (\\u0000) is not allowed in text"]})
    raise BadRequest("text must not contain NUL characters")


def _has_nul() -> bool:
    """Return whether the query, a JSON body or a form field carries a NUL character."""
    if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        return True
    length = request.content_length
    # an oversized (or unmeasured) body is the size limit's to refuse; never read it here
    if length is None or length > current_app.config["API_MAX_BODY_BYTES"]:
        return False
    if request.is_json:
        body = request.get_data(cache=True)
        return b"\x00" in body or b"\\u0000" in body
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in k or "\x00" in v for k, v in request.form.items(multi=True))
    return False


def _strict_query_strings() -> None:
    """Make a misspelt query parameter (e.g. ?stauts=open) an error, not silently ignored."""
    from flask_smorest import Blueprint

    parser = Blueprint.ARGUMENTS_PARSER
    parser.DEFAULT_UNKNOWN_BY_LOCATION = {**parser.DEFAULT_UNKNOWN_BY_LOCATION,
                                          "query": RAISE, "querystring": RAISE}


def _json_body_required() -> None:
    """Refuse a request without the JSON body its operation documents as required.

    webargs reads a missing body as no fields, so a bare `PATCH /me` would answer 200
    having changed nothing; every JSON body of this API is required (send {} for none).
    """
    from flask_smorest import Blueprint

    parser = Blueprint.ARGUMENTS_PARSER
    if getattr(parser, "_petitiondesk_body_required", False):
        return
    load_json = parser.load_json

    def load_required_json(req, schema):
        data = load_json(req, schema)
        if data is missing:
            raise ValidationError("a JSON body is required (send {} when no field applies)")
        return data

    parser.load_json = load_required_json
    parser._petitiondesk_body_required = True
