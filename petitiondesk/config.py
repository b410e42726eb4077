"""Settings in three layers: defaults here, a settings file, PETITIONDESK_* variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, object] = {
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "SECRET_KEY": None,
    "MAIL_SERVER": None,  # None: mail is written to the log instead of sent
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": "petitiondesk@localhost",
    "TIMEZONE": "Asia/Shanghai",
    "BASE_URL": "http://127.0.0.1:5000",
    "CONFIG_DIR": str(PROJECT_ROOT / "config"),
    "API_MAX_BODY_BYTES": 256 * 1024,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "TOKEN_TTL_HOURS": 12,
    "MAX_TRANSFERS": 2,
    "LEADERSHIP_EMAILS": [],
    "PER_PAGE_DEFAULT": 25,
    "PER_PAGE_MAX": 200,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SECURE": None,  # None: same as SESSION_COOKIE_SECURE
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 7 * 24 * 3600,  # seconds
    "LOGIN_RATE_LIMIT": 30,  # sign-in attempts per address per window; 0 turns it off
    "LOGIN_RATE_WINDOW_SECONDS": 60,
    "PROXY_FIX_X_FOR": 0,  # proxies in front that set X-Forwarded-For (e.g. 1 for nginx)
    "ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "ATTACHMENT_DIR": None,  # None: attachments/ in the instance folder
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    "BABEL_DEFAULT_LOCALE": "zh_CN",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "SCHEDULER_LOCK_ID": 4242_2026,
    "SCHEDULER_LOCK_FILE": None,  # None: scheduler.lock in the instance folder (SQLite)
    "SCHEDULER_LOCK_POLL_SECONDS": 5,  # how often a standby scheduler tries the lock
    "SCHEDULER_SWEEP_SECONDS": 60,
    "SCHEDULER_MAIL_SECONDS": 15,
    "MAIL_RETRY_SECONDS": 60,  # first retry after an SMTP failure; doubles each time
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_LEASE_SECONDS": 300,  # a claimed mail its sender did not mark sent is retried after
    "MAIL_GIVE_UP_HOURS": 48,  # then the mail is marked failed and shown to administrators
    "DIGEST_TIME": "08:30",  # local time of the daily digest
    "BUREAU_NAME": "信访工作机构",  # the issuing body printed on notices; set the bureau's name
    "DOCUMENT_FONT": None,  # None: the first installed CJK font (documents/pdf.py)
    "PORTAL_ENABLED": True,  # the public pages under /portal for petitioners
    "PORTAL_SUBMIT_LIMIT": 5,  # online petitions per address per window
    "PORTAL_SUBMIT_WINDOW_SECONDS": 3600,
    "PORTAL_LOOKUP_LIMIT": 20,  # lookups per address per window, and half that per case number
    "PORTAL_LOOKUP_WINDOW_SECONDS": 600,
    "PORTAL_MAX_FAILURES": 5,  # wrong query codes in a row before the case number locks
    "PORTAL_LOCK_MINUTES": 30,
    "PORTAL_MAX_FILES": 3,
    "PORTAL_FILE_MAX_BYTES": 5 * 1024 * 1024,
    "PORTAL_SESSION_MINUTES": 30,  # how long a looked-up case stays open in the browser
    "SUGGEST_MIN_CONFIDENCE": 0.6,  # below it the model suggests nothing
    "SUGGEST_MIN_CASES": 50,  # closed cases needed before a model is trained
    "SUGGEST_MAX_CASES": 200_000,  # the newest closed cases a model learns from
    "API_TITLE": "petitiondesk",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


class SettingsError(RuntimeError):
    """A required setting is missing or malformed."""


def load_settings(app: Flask, overrides: dict | None = None) -> None:
    """Fill app.config from defaults, the settings file, the environment, then overrides."""
    app.config.from_mapping(DEFAULTS)
    settings_file = os.environ.get("PETITIONDESK_SETTINGS")
    if settings_file:
        if not Path(settings_file).is_file():
            raise SettingsError(f"PETITIONDESK_SETTINGS names {settings_file}, which is missing")
        app.config.from_pyfile(str(Path(settings_file).resolve()))
    app.config.from_prefixed_env(prefix="PETITIONDESK")
    if overrides:
        app.config.update(overrides)
    _derive(app)


def _derive(app: Flask) -> None:
    """Compute settings that follow from others and check the required ones."""
    cfg = app.config
    url = cfg["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'petitiondesk.db'}"
    cfg["DATABASE_URL"] = url
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    cfg["EMBEDDED"] = url.startswith("sqlite")
    if not cfg["SECRET_KEY"]:
        if not cfg["EMBEDDED"]:
            raise SettingsError(
                "PETITIONDESK_SECRET_KEY is required with a PostgreSQL DATABASE_URL: "
                "every web worker must share it"
            )
        cfg["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    if not str(cfg["TIMEZONE"]):
        raise SettingsError("PETITIONDESK_TIMEZONE must name a time zone, e.g. Asia/Shanghai")
    cfg["BABEL_DEFAULT_TIMEZONE"] = cfg["TIMEZONE"]
    if cfg["REMEMBER_COOKIE_SECURE"] is None:
        cfg["REMEMBER_COOKIE_SECURE"] = bool(cfg["SESSION_COOKIE_SECURE"])
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(url)


def _engine_options(url: str) -> dict:
    """Return engine options suited to the database."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def _instance_secret(instance: Path) -> str:
    """Return the embedded deployment's secret, creating it once in the instance folder."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
