"""Every page blueprint, in one list so each area adds its own line."""

from __future__ import annotations


def WEB_BLUEPRINTS() -> list:  # noqa: N802 - reads as the list it returns
    """Return the page blueprints to register."""
    from petitiondesk.legal.views import bp as legal_pages
    from petitiondesk.web.auth import bp as auth
    from petitiondesk.web.queue import bp as queue

    return [auth, queue, legal_pages]
