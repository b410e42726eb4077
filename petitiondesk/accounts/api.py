"""REST API: bearer tokens and departments."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.accounts import service
from petitiondesk.accounts.auth import api_caller, bearer_token
from petitiondesk.accounts.models import Department
from petitiondesk.accounts.schemas import (
    DepartmentInSchema,
    DepartmentPatchSchema,
    DepartmentSchema,
    TokenRequestSchema,
    TokenSchema,
)
from petitiondesk.core.api_context import ctx
from petitiondesk.core.errors import Forbidden
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


def _admin() -> None:
    """Refuse everyone but administrators."""
    if not ctx().user.has_role("admin"):
        raise Forbidden("only administrators manage departments")


@blp.route("/departments")
class Departments(MethodView):
    """Departments, each with the functions it serves for the bureau."""

    @blp.response(200, DepartmentSchema(many=True))
    def get(self):
        """List the active departments."""
        stmt = db.select(Department).where(Department.active.is_(True)).order_by(Department.code)
        return list(db.session.scalars(stmt))

    @blp.arguments(DepartmentInSchema)
    @blp.response(201, DepartmentSchema)
    def post(self, data):
        """Create a department (administrators); `functions` it serves, each held once."""
        _admin()
        return service.create_department(
            code=data["code"], name=data["name"], email=data.get("email"),
            parent_code=data.get("parent"), functions=data.get("functions", []))


@blp.route("/departments/<string:code>")
class DepartmentItem(MethodView):
    """One department."""

    @blp.response(200, DepartmentSchema)
    def get(self, code):
        """Return one department."""
        return service.department_by_code(code)

    @blp.arguments(DepartmentPatchSchema)
    @blp.response(200, DepartmentSchema)
    def patch(self, data, code):
        """Change a department's name, e-mail or functions (administrators)."""
        _admin()
        return service.update_department(code=code, changes=data)
