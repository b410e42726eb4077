"""API input hardening that no single area owns: bounded ids, strict query strings."""

from __future__ import annotations

from flask import Flask
from marshmallow import RAISE
from werkzeug.routing import IntegerConverter

# the largest value an INTEGER column holds on PostgreSQL (and what SQLite binds safely)
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to what an integer column holds: larger is 404, not a 500."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_robust_input(app: Flask) -> None:
    """Bound integer URL parts; refuse unknown query parameters with 422."""
    app.url_map.converters["int"] = BoundedIntConverter
    _strict_query_strings()


def _strict_query_strings() -> None:
    """Make a misspelt query parameter (e.g. ?stauts=open) an error, not silently ignored."""
    from flask_smorest import Blueprint

    parser = Blueprint.ARGUMENTS_PARSER
    parser.DEFAULT_UNKNOWN_BY_LOCATION = {**parser.DEFAULT_UNKNOWN_BY_LOCATION,
                                          "query": RAISE, "querystring": RAISE}
