"""REST API: the outbox (administrators) and one's own mail preferences."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.alerts import outbox
from petitiondesk.alerts.schemas import MePatchSchema, MeSchema, OutboxPageSchema, OutboxQuerySchema
from petitiondesk.core.api_context import ctx
from petitiondesk.core.errors import Forbidden

blp = Blueprint("alerts", __name__, url_prefix="/api/v1", description="Outbox and preferences")


@blp.route("/outbox")
class Outbox(MethodView):
    """Queued, sent and failed e-mail."""

    @blp.arguments(OutboxQuerySchema, location="query")
    @blp.response(200, OutboxPageSchema)
    def get(self, args):
        """List the outbox, e.g. ?status=failed for what could not be delivered (admins)."""
        if not ctx().user.has_role("admin"):
            raise Forbidden("only administrators may read the outbox")
        page, per_page = args["page"], args["per_page"]
        items, total = outbox.messages(status=args.get("status"), limit=per_page,
                                       offset=(page - 1) * per_page)
        return {"items": items, "total": total, "page": page, "per_page": per_page}


@blp.route("/me")
class Me(MethodView):
    """The caller's own account."""

    @blp.response(200, MeSchema)
    def get(self):
        """Return the caller's account and preferences."""
        return ctx().user

    @blp.arguments(MePatchSchema)
    @blp.response(200, MeSchema)
    def patch(self, data):
        """Change the caller's daily digest and language."""
        user = ctx().user
        for name in ("digest_enabled", "locale"):
            if name in data:
                setattr(user, name, data[name])
        return user
