"""Security headers on every response, pages and API alike."""

from __future__ import annotations

from flask import Flask, Response, current_app

# Self-only sources: no inline script or style, nothing from another origin; a page
# injected with markup can then neither run script nor post a form elsewhere.
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HSTS = "max-age=31536000; includeSubDomains"


def init_headers(app: Flask) -> None:
    """Add the security headers after every request."""
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Set CSP, nosniff, framing and referrer policy; HSTS on HTTPS deployments."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    # HSTS only where the cookies are HTTPS-only: on plain HTTP it would lock users out
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response
