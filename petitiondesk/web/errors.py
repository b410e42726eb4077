"""Domain errors on pages: a message, not a stack trace."""

from __future__ import annotations

from flask import render_template

from petitiondesk.core.errors import DomainError


def render_domain_error(exc: DomainError):
    """Render a domain error as a page with its status."""
    return render_template("errors/error.html", error=exc), exc.status
