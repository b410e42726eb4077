"""Security at the edge: response headers, the sign-in rate limit, proxy awareness."""

from __future__ import annotations

from flask import Flask


def init_security(app: Flask) -> None:
    """Install the security headers, the per-IP sign-in rate limit and input bounds."""
    from petitiondesk.security.headers import init_headers
    from petitiondesk.security.ratelimit import init_rate_limit
    from petitiondesk.security.robust import init_robust_input

    _trust_proxies(app)
    init_robust_input(app)
    from petitiondesk.security.views import init_personal_pages

    init_personal_pages(app)
    init_headers(app)
    init_rate_limit(app)


def _trust_proxies(app: Flask) -> None:
    """Read the client address from X-Forwarded-For when a known proxy count is set."""
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
