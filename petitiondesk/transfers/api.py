"""REST API: transfers between departments, supervision, assignment and diversion."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.cases.api import detail
from petitiondesk.cases.present import case_views
from petitiondesk.cases.schemas import CaseDetailSchema
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.api_context import ctx
from petitiondesk.core.schemas import PageQuerySchema, ReasonSchema, VersionSchema
from petitiondesk.transfers import assignment_service, designation, diversion_service, queries
from petitiondesk.transfers import service as transfers
from petitiondesk.transfers.schemas import (
    AssignSchema,
    DesignateSchema,
    DivertSchema,
    SupervisionPageSchema,
    TransferInSchema,
    TransferPageSchema,
    TransferQuerySchema,
    TransferSchema,
)
from petitiondesk.transfers.supervision import supervised_page

blp = Blueprint("transfers", __name__, url_prefix="/api/v1",
                description="Transfers, supervision, assignment, diversion")


@blp.route("/cases/<int:case_id>/transfers", methods=["POST"])
@blp.arguments(TransferInSchema)
@blp.response(201, TransferSchema)
def send(data, case_id):
    """Send a case to another department, with a reason."""
    c = ctx()
    return transfers.request_transfer(case=visible_case(case_id, c.user),
                                      to_code=data["to_department"], reason=data["reason"],
                                      actor=c.user, now=c.now)


@blp.route("/transfers")
class Transfers(MethodView):
    """The caller's department inbox (or outbox)."""

    @blp.arguments(TransferQuerySchema, location="query")
    @blp.response(200, TransferPageSchema)
    def get(self, args):
        """List transfers to (or from) the caller's department."""
        items, total = queries.transfer_page(user=ctx().user, filters=args)
        return {"items": items, "total": total, "page": args["page"],
                "per_page": args["per_page"]}


@blp.route("/transfers/<int:transfer_id>")
class TransferItem(MethodView):
    """One transfer."""

    @blp.response(200, TransferSchema)
    def get(self, transfer_id):
        """Return a transfer either department (or a supervisor) may see."""
        return transfers.visible_transfer(transfer_id, ctx().user)


@blp.route("/transfers/<int:transfer_id>/accept", methods=["POST"])
@blp.arguments(VersionSchema)
@blp.response(200, TransferSchema)
def accept(data, transfer_id):
    """Accept a transfer: the case moves to the caller's department."""
    c = ctx()
    return transfers.accept_transfer(transfer_id=transfer_id, actor=c.user, now=c.now,
                                     version=data.get("version"))


@blp.route("/transfers/<int:transfer_id>/reject", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, TransferSchema)
def reject(data, transfer_id):
    """Refuse a transfer with a reason: the case stays with the sender."""
    c = ctx()
    return transfers.reject_transfer(transfer_id=transfer_id, reason=data["reason"],
                                     actor=c.user, now=c.now, version=data.get("version"))


@blp.route("/supervision")
class Supervision(MethodView):
    """Cases under supervision."""

    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, SupervisionPageSchema)
    def get(self, args):
        """List open cases under supervision, with why; undesignated first."""
        c = ctx()
        items, total = supervised_page(user=c.user, page=args["page"],
                                       per_page=args["per_page"])
        views = case_views(items, **c.view_args)
        for case, view in zip(items, views, strict=True):
            view["designated"] = case.designated
        return {"items": views, "total": total, "page": args["page"],
                "per_page": args["per_page"]}


@blp.route("/cases/<int:case_id>/designate", methods=["POST"])
@blp.arguments(DesignateSchema)
@blp.response(200, CaseDetailSchema)
def designate(data, case_id):
    """Designate the responsible department; after that only a supervisor moves the case."""
    c = ctx()
    case = designation.designate(case=visible_case(case_id, c.user),
                                 department_code=data["department"], reason=data["reason"],
                                 actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/cases/<int:case_id>/assign", methods=["POST"])
@blp.arguments(AssignSchema)
@blp.response(200, CaseDetailSchema)
def assign(data, case_id):
    """Give the case to a handler of its department."""
    c = ctx()
    case = assignment_service.reassign(case=visible_case(case_id, c.user),
                                       user_id=data["user_id"], actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/cases/<int:case_id>/divert", methods=["POST"])
@blp.arguments(DivertSchema)
@blp.response(200, CaseDetailSchema)
def divert(data, case_id):
    """Close a petition as diverted to a legal channel."""
    c = ctx()
    case = diversion_service.divert(case=visible_case(case_id, c.user), channel=data["channel"],
                                    reason=data["reason"], actor=c.user, now=c.now)
    return detail(case, c)
