"""Filters and globals the templates share."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "on_track": _l("On track"), "due_soon": _l("Due soon"), "overdue": _l("Overdue"),
    "met": _l("Met"), "met_late": _l("Met late"), "suspended": _l("Suspended"),
}


def init_template_helpers(app: Flask) -> None:
    """Register template filters and globals."""
    app.jinja_env.globals["STATE_LABELS"] = STATE_LABELS
