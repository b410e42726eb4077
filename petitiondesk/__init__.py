"""petitiondesk: petition and dispute-resolution cases on statutory deadlines."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from petitiondesk.config import PROJECT_ROOT, load_settings


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, the request boundary."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
    )
    load_settings(app, test_config)
    app.json.ensure_ascii = False  # Chinese stays readable in API answers
    _init_security(app)
    _init_extensions(app)
    _init_rules(app)
    _register_api(app)
    _register_web(app)
    return app


def _init_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from petitiondesk import models  # noqa: F401 - every model on the metadata
    from petitiondesk.core.http import fresh_request_globals
    from petitiondesk.core.manual_schema import include_object
    from petitiondesk.core.sqlite import init_sqlite
    from petitiondesk.extensions import csrf, db, mail, migrate
    from petitiondesk.search.index import install as init_search

    app.before_request(fresh_request_globals)  # first, before any extension's hook
    db.init_app(app)
    init_sqlite(app)
    init_search()
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True, include_object=include_object)
    mail.init_app(app)
    csrf.init_app(app)


def _init_security(app: Flask) -> None:
    """Security headers and the sign-in rate limit, before every other request hook."""
    from petitiondesk.security import init_security

    init_security(app)


def _init_rules(app: Flask) -> None:
    """Load and validate the deadline rules once, at start-up."""
    from petitiondesk.deadlines.rules import load_rules

    app.extensions["petitiondesk.rules"] = load_rules(
        Path(app.config["CONFIG_DIR"]) / "deadlines.toml"
    )
    from petitiondesk.alerts.schedule import init_ladder

    init_ladder(app)


def _register_api(app: Flask) -> None:
    """Register the REST API, its auth check, idempotency and the error shape."""
    from petitiondesk.accounts.auth import require_api_token
    from petitiondesk.api_registry import API_BLUEPRINTS
    from petitiondesk.core.api import PetitionApi
    from petitiondesk.core.http import init_request_boundary
    from petitiondesk.core.idempotency import init_idempotency
    from petitiondesk.extensions import csrf

    init_request_boundary(app)
    app.before_request(require_api_token)
    init_idempotency(app)
    api = PetitionApi(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer"}}}, "security": [{"bearer": []}]})
    for blueprint in API_BLUEPRINTS():
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.extensions["petitiondesk.api"] = api


def _register_web(app: Flask) -> None:
    """Register the pages, Babel and Flask-Login."""
    from petitiondesk.web import init_web

    init_web(app)
