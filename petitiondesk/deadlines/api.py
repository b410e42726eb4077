"""REST API: extensions, suspension and the holiday calendar."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from petitiondesk.cases import actions
from petitiondesk.cases.api import detail
from petitiondesk.cases.schemas import CaseDetailSchema
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.api_context import ctx
from petitiondesk.core.errors import Forbidden, Invalid, NotFound
from petitiondesk.core.schemas import NO_NUL, NOT_BLANK, ReasonSchema
from petitiondesk.deadlines import calendar_service
from petitiondesk.deadlines import extensions as ext
from petitiondesk.deadlines.schemas import (
    ApproveSchema,
    CalendarYearSchema,
    ExtensionInSchema,
    ExtensionListQuerySchema,
    ExtensionOutSchema,
)

blp = Blueprint("deadlines", __name__, url_prefix="/api/v1",
                description="Extensions, suspension and the holiday calendar")

FIRST_YEAR, LAST_YEAR = 1990, 2200
CSV_EXAMPLE = "date,kind,name\n2027-01-01,holiday,元旦\n"
# What `_calendar_body` and calendar_input.read_days take; that the days lie in the year,
# list a holiday and put make-up days on weekends is checked there, beyond any schema.
CALENDAR_DAYS = {"type": "object", "required": ["days"], "properties": {"days": {
    "type": "array", "items": {"type": "object", "required": ["date", "kind", "name"],
                               "properties": {
        "date": {"type": "string", "format": "date"},
        "kind": {"type": "string", "enum": ["holiday", "workday"]},
        "name": {"type": "string", "pattern": NOT_BLANK}}}}}}


@blp.route("/cases/<int:case_id>/extensions", methods=["POST"])
@blp.arguments(ExtensionInSchema)
@blp.response(200, CaseDetailSchema)
def request_extension(data, case_id):
    """Ask to extend a clock; pending until the rule's approver decides."""
    c = ctx()
    case = visible_case(case_id, c.user)
    actions.require_handler(case, c.user)
    actions.check_version(case, data.get("version"))
    ext.request_extension(case, clock=str(data["clock"]).strip(), days=data["days"],
                          reason=data["reason"], actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/extensions/<int:extension_id>/approve", methods=["POST"])
@blp.arguments(ApproveSchema)
@blp.response(200, CaseDetailSchema)
def approve_extension(data, extension_id):
    """Grant an extension: the clock's due date moves later."""
    c = ctx()
    extension = ext.get_extension(extension_id, user=c.user)
    actions.check_version(visible_case(extension.case_id, c.user), data.get("version"))
    case = ext.approve_extension(extension, actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/extensions/<int:extension_id>/reject", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, CaseDetailSchema)
def reject_extension(data, extension_id):
    """Refuse an extension; the clock is unchanged."""
    c = ctx()
    extension = ext.get_extension(extension_id, user=c.user)
    actions.check_version(visible_case(extension.case_id, c.user), data.get("version"))
    case = ext.reject_extension(extension, reason=data["reason"], actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/extensions", methods=["GET"])
@blp.arguments(ExtensionListQuerySchema, location="query")
@blp.response(200, ExtensionOutSchema(many=True))
def list_extensions(args):
    """List extension requests on the cases the caller may see (e.g. pending ones)."""
    c = ctx()
    return [ext.extension_view(e) for e in ext.extension_list(user=c.user,
                                                                status=args.get("status"))]


@blp.route("/cases/<int:case_id>/suspend", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, CaseDetailSchema)
def suspend(data, case_id):
    """Suspend the case: every running clock stops."""
    c = ctx()
    case = actions.suspend(visible_case(case_id, c.user), reason=data["reason"], actor=c.user,
                           now=c.now, version=data.get("version"))
    return detail(case, c)


@blp.route("/cases/<int:case_id>/resume", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, CaseDetailSchema)
def resume(data, case_id):
    """Resume a suspended case: clocks run on with the time they had left."""
    c = ctx()
    case = actions.resume(visible_case(case_id, c.user), reason=data["reason"], actor=c.user,
                          now=c.now, version=data.get("version"))
    return detail(case, c)


@blp.route("/calendar/<int:year>")
class CalendarYear(MethodView):
    """One year's statutory holidays and make-up working days."""

    @blp.response(200, CalendarYearSchema)
    def get(self, year):
        """Return the year's calendar; `provisional` when it is not loaded."""
        ctx()
        return calendar_service.calendar_year(_year(year))

    @blp.doc(requestBody={"required": True, "content": {
        "text/csv": {"schema": {"type": "string", "pattern": NO_NUL, "example": CSV_EXAMPLE}},
        "application/json": {"schema": CALENDAR_DAYS}}})
    @blp.response(200, CalendarYearSchema)
    def put(self, year):
        """Replace the year's calendar (text/csv, or JSON days) and recompute open clocks."""
        c = ctx()
        if not c.user.has_role("admin"):
            raise Forbidden("only an administrator may change the calendar")
        result = calendar_service.import_calendar(**_calendar_body(), year=_year(year),
                                                  source=f"api:{year}", now=c.now,
                                                  actor=c.user)
        return {**calendar_service.calendar_year(year),
                "clocks_changed": result["clocks_changed"]}


def _year(year: int) -> int:
    """Return the year from the path, or 404 for one no calendar can describe."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(f"no calendar year {year}")
    return year


def _calendar_body() -> dict:
    """Return the PUT body as csv_text= or days= for import_calendar, or 422."""
    if request.mimetype in ("text/csv", "text/plain"):
        return {"csv_text": request.get_data(as_text=True)}
    if request.is_json:
        body = request.get_json(silent=True)
        days = body.get("days") if isinstance(body, dict) else body
        if isinstance(days, list):
            return {"days": days}
        raise Invalid("send {days: [{date, kind, name}]}", errors={"days": ["a list of days"]})
    raise Invalid("send the calendar as text/csv or as JSON days",
                  errors={"content_type": ["text/csv or application/json"]})
