"""REST API: bearer tokens and departments."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.accounts import service
from petitiondesk.accounts.auth import api_caller, bearer_token
from petitiondesk.accounts.models import Department
from petitiondesk.accounts.schemas import DepartmentSchema, TokenRequestSchema, TokenSchema
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Tokens and departments")


@blp.route("/auth/tokens")
class Tokens(MethodView):
    """Bearer tokens."""

    @blp.arguments(TokenRequestSchema)
    @blp.response(201, TokenSchema)
    def post(self, data):
        """Exchange e-mail and password for a bearer token."""
        cfg = current_app.config
        now = now_utc()
        user = service.authenticate(email=data["email"], password=data["password"], now=now,
                                    max_failures=cfg["LOGIN_MAX_FAILURES"],
                                    lock_minutes=cfg["LOGIN_LOCK_MINUTES"])
        raw, token = service.issue_token(user, now=now, ttl_hours=cfg["TOKEN_TTL_HOURS"])
        return {"token": raw, "expires_at": token.expires_at}

    @blp.response(204)
    def delete(self):
        """Revoke the token this request carries."""
        api_caller()
        service.revoke_token(bearer_token(), now=now_utc())


@blp.route("/departments")
class Departments(MethodView):
    """Departments."""

    @blp.response(200, DepartmentSchema(many=True))
    def get(self):
        """List the active departments."""
        stmt = db.select(Department).where(Department.active.is_(True)).order_by(Department.code)
        return list(db.session.scalars(stmt))
