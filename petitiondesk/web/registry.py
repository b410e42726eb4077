"""Every page blueprint, in one list so each area adds its own line."""

from __future__ import annotations


def WEB_BLUEPRINTS() -> list:  # noqa: N802 - reads as the list it returns
    """Return the page blueprints to register."""
    from petitiondesk.documents.views import bp as document_pages
    from petitiondesk.imports.views import bp as register_import
    from petitiondesk.legal.views import bp as legal_pages
    from petitiondesk.portal.views import bp as portal
    from petitiondesk.security.views import bp as personal_pages
    from petitiondesk.stats.views import bp as stats_pages
    from petitiondesk.transfers.views import admin_bp as routing_admin
    from petitiondesk.transfers.views import bp as transfer_pages
    from petitiondesk.web.admin import bp as admin
    from petitiondesk.web.auth import bp as auth
    from petitiondesk.web.cases import bp as case_pages
    from petitiondesk.web.intake import bp as intake
    from petitiondesk.web.queue import bp as queue
    from petitiondesk.web.supervision import bp as supervision

    return [auth, queue, legal_pages, intake, case_pages, supervision, admin, transfer_pages,
            routing_admin, stats_pages, personal_pages, document_pages,
            portal, register_import]
