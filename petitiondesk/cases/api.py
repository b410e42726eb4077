"""REST API: cases and their lifecycle."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.cases import actions, intake, queries
from petitiondesk.cases.present import case_view, case_views, clocks_by_case
from petitiondesk.cases.schemas import (
    CaseCreatedSchema,
    CaseCreateSchema,
    CaseDetailSchema,
    CaseItemQuerySchema,
    CaseListQuerySchema,
    CaseOutSchema,
    CasePageSchema,
    CloseSchema,
    EventInSchema,
    ReplySchema,
)
from petitiondesk.cases.timeline import timeline
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.api_context import Ctx, ctx
from petitiondesk.core.schemas import ReasonSchema, VersionSchema
from petitiondesk.deadlines.extensions import case_extension_views
from petitiondesk.search.query import with_snippets
from petitiondesk.security.personal import reveal_personal_data
from petitiondesk.suggest.service import recorded_suggestion

blp = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Cases")


def detail(case, c: Ctx, *, reveal: bool = False) -> dict:
    """Return a case with clocks and timeline."""
    view = case_view(case, case_clocks=clocks_by_case([case.id])[case.id], reveal=reveal,
                     **c.view_args)
    view["events"] = timeline(case.id)
    view["extensions"] = case_extension_views(case.id)
    return view


@blp.route("")
class Cases(MethodView):
    """The queue and intake."""

    @blp.arguments(CaseListQuerySchema, location="query")
    @blp.response(200, CasePageSchema)
    def get(self, args):
        """List the cases the caller may see."""
        c = ctx()
        page_args = {"user": c.user, "today": c.today, "due_soon_days": c.due_soon_days,
                     "filters": args}
        found = (queries.search_page if (args.get("q") or "").strip()
                 else queries.queue_page)(**page_args)
        views = with_snippets(case_views(found.items, **c.view_args), args.get("q"))
        return {"items": views, "total": found.total.n, "total_capped": found.total.capped,
                "page": args["page"], "per_page": args["per_page"],
                "next_after": found.next_after}

    @blp.arguments(CaseCreateSchema)
    @blp.response(201, CaseCreatedSchema)
    def post(self, data):
        """Register a case; routed when no department is named."""
        c = ctx()
        similar = intake.similar_to_intake(data)
        case = intake.register_intake(data=data, actor=c.user, now=c.now)
        view = detail(case, c)
        view["similar_matters"] = similar
        view["suggestion"] = recorded_suggestion(view["events"][0].data)
        return view


@blp.route("/<int:case_id>")
class CaseItem(MethodView):
    """One case."""

    @blp.arguments(CaseItemQuerySchema, location="query")
    @blp.response(200, CaseDetailSchema)
    def get(self, args, case_id):
        """Return a case with its clocks and timeline; ?reveal=personal shows full numbers."""
        c = ctx()
        case = visible_case(case_id, c.user)
        reveal = args.get("reveal") == "personal" and reveal_personal_data(case, user=c.user,
                                                                           now=c.now)
        return detail(case, c, reveal=reveal)


@blp.route("/<int:case_id>/accept", methods=["POST"])
@blp.arguments(VersionSchema)
@blp.response(200, CaseOutSchema)
def accept(data, case_id):
    """Accept a registered case."""
    c = ctx()
    case = actions.accept(visible_case(case_id, c.user), actor=c.user, now=c.now,
                          version=data.get("version"))
    return detail(case, c)


@blp.route("/<int:case_id>/reply", methods=["POST"])
@blp.arguments(ReplySchema)
@blp.response(200, CaseOutSchema)
def reply(data, case_id):
    """Give the written reply."""
    c = ctx()
    case = actions.reply(visible_case(case_id, c.user), text=data["text"],
                         outcome=data["outcome"], actor=c.user, now=c.now,
                         version=data.get("version"))
    return detail(case, c)


@blp.route("/<int:case_id>/close", methods=["POST"])
@blp.arguments(CloseSchema)
@blp.response(200, CaseOutSchema)
def close(data, case_id):
    """Close the case with an outcome."""
    c = ctx()
    case = actions.close(visible_case(case_id, c.user), outcome=data["outcome"],
                         actor=c.user, now=c.now, version=data.get("version"))
    return detail(case, c)


@blp.route("/<int:case_id>/reject", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, CaseOutSchema)
def reject(data, case_id):
    """Refuse to accept a registered case, with a reason."""
    c = ctx()
    case = actions.reject(visible_case(case_id, c.user), reason=data["reason"], actor=c.user,
                          now=c.now, version=data.get("version"))
    return detail(case, c)


@blp.route("/<int:case_id>/withdraw", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, CaseOutSchema)
def withdraw(data, case_id):
    """Record the petitioner's withdrawal; the case ends."""
    c = ctx()
    case = actions.withdraw(visible_case(case_id, c.user), reason=data["reason"], actor=c.user,
                            now=c.now, version=data.get("version"))
    return detail(case, c)


@blp.route("/<int:case_id>/events", methods=["POST"])
@blp.arguments(EventInSchema)
@blp.response(200, CaseDetailSchema)
def add_event(data, case_id):
    """Record a proceeding event; clocks start and stop on it."""
    c = ctx()
    case = actions.record_event(visible_case(case_id, c.user), type=data["type"], on=data["on"],
                                data=data["data"], actor=c.user, now=c.now,
                                version=data.get("version"))
    return detail(case, c)
