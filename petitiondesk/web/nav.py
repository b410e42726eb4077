"""The navigation bar: which pages each role sees, linked only when the page exists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

EVERYONE = frozenset({"clerk", "handler", "head", "supervisor", "counsel", "admin", "auditor"})


@dataclass(frozen=True)
class NavItem:
    """One link: its path, label and the roles that see it."""

    path: str
    label: object
    roles: frozenset[str]


# Other areas build some of these pages as their own blueprints; a link appears only once
# the page is registered, so the bar never points at a 404.
NAV = (
    NavItem("/", _l("My queue"), EVERYONE),
    NavItem("/intake", _l("Intake"), frozenset({"clerk", "admin"})),
    NavItem("/transfers", _l("Transfers"), frozenset({"handler", "head", "supervisor", "admin"})),
    NavItem("/supervision", _l("Supervision"), frozenset({"supervisor", "head", "admin",
                                                           "auditor"})),
    NavItem("/legal", _l("Legal counsel"), frozenset({"counsel", "supervisor", "admin"})),
    NavItem("/legacy", _l("Legacy disputes"), frozenset({"supervisor", "counsel", "admin"})),
    NavItem("/stats", _l("Statistics"), frozenset({"head", "supervisor", "counsel", "admin",
                                                    "auditor"})),
    NavItem("/admin", _l("Administration"), frozenset({"admin"})),
)


def _registered_paths() -> frozenset[str]:
    """Return the page paths the app serves (cached on the app: the map is fixed)."""
    cached = current_app.extensions.get("petitiondesk.page_paths")
    if cached is None:
        cached = frozenset(r.rule for r in current_app.url_map.iter_rules()
                           if "GET" in (r.methods or ()))
        current_app.extensions["petitiondesk.page_paths"] = cached
    return cached


def nav_items(user) -> list[dict]:
    """Return the links this user sees, each marked when it is the current page."""
    paths = _registered_paths()
    items = []
    for item in NAV:
        path = item.path if item.path in paths else item.path + "/"
        if path in paths and user.roles & item.roles:
            here = request.path == path or (
                item.path != "/" and request.path.startswith(item.path + "/"))
            items.append({"href": request.script_root + path, "label": item.label,
                          "current": here})
    return items


def optional_url(endpoint: str, **values) -> str | None:
    """Return the URL of an endpoint another area may not have built yet, else None."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)
