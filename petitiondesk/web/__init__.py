"""Server-rendered pages: Babel, sign-in, and each area's page blueprint."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from petitiondesk.extensions import babel, db, login_manager


def init_web(app: Flask) -> None:
    """Set up Babel and Flask-Login and register every page blueprint."""
    from petitiondesk.web.i18n import CatalogueDomain
    from petitiondesk.web.registry import WEB_BLUEPRINTS
    from petitiondesk.web.template_helpers import init_template_helpers

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(app.root_path + "/translations"))
    babel.domain_instance = CatalogueDomain()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(_load_user)
    init_template_helpers(app)
    app.register_error_handler(CSRFError, _csrf_failed)
    for blueprint in WEB_BLUEPRINTS():
        app.register_blueprint(blueprint)


def select_locale() -> str:
    """Use the signed-in user's language, else zh_CN (the ?lang= switch on the login page)."""
    if not has_request_context():
        return "zh_CN"  # CLI and scheduler: mail code picks each reader's language itself
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.locale
    chosen = request.args.get("lang") or request.cookies.get("lang")
    return chosen if chosen in ("zh_CN", "en") else "zh_CN"


def _csrf_failed(exc: CSRFError):
    """A form came back without its token (it sat open too long): say so in the user's words."""
    from types import SimpleNamespace

    from flask import render_template
    from flask_babel import gettext as _

    error = SimpleNamespace(status=400, message=_("The form expired; please submit it again."))
    return render_template("errors/error.html", error=error), 400


def _load_user(user_id: str):
    from petitiondesk.accounts.models import User

    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
