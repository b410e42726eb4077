"""Turn domain errors into a one-line reason and a non-zero exit."""

from __future__ import annotations

import functools

import click

from petitiondesk.core.errors import DomainError
from petitiondesk.extensions import db


def one_line_errors(func):
    """Commit on success; on a domain error roll back and exit 1 with one line."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
            db.session.commit()
            return result
        except DomainError as exc:
            db.session.rollback()
            detail = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in exc.errors.items())
            raise click.ClickException(exc.message + (f" ({detail})" if detail else "")) from exc

    return wrapper
