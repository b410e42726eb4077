"""Every REST blueprint, in one list so each area adds its own line."""

from __future__ import annotations


def API_BLUEPRINTS() -> list:  # noqa: N802 - reads as the list it returns
    """Return the API blueprints to register."""
    from petitiondesk.accounts.api import blp as accounts
    from petitiondesk.alerts.api import blp as alerts
    from petitiondesk.attachments.api import blp as attachments
    from petitiondesk.cases.api import blp as cases
    from petitiondesk.cases.matters_api import blp as matters
    from petitiondesk.deadlines.api import blp as deadlines
    from petitiondesk.documents.api import blp as documents
    from petitiondesk.legal.api import blp as legal
    from petitiondesk.stats.api import blp as stats
    from petitiondesk.transfers.api import blp as transfers
    from petitiondesk.transfers.routing_api import blp as routing

    return [accounts, alerts, attachments,
            cases, matters, legal, stats, transfers, routing, deadlines,
            documents]
