"""REST API: legacy candidates, escalation, the instance chain, hearings and their feed."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, current_app
from flask_smorest import Blueprint

from petitiondesk.cases.api import detail
from petitiondesk.cases.schemas import CaseDetailSchema
from petitiondesk.cases.visibility import visible_case, visible_matter
from petitiondesk.core.api_context import ctx
from petitiondesk.core.schemas import PageQuerySchema
from petitiondesk.deadlines.service import rules
from petitiondesk.legal import candidates, service
from petitiondesk.legal.calendar_feed import hearings_between, ical_feed, legal_deadlines
from petitiondesk.legal.litigation import next_instance
from petitiondesk.legal.schemas import (
    CandidatePageSchema,
    EscalatedCaseSchema,
    EscalateSchema,
    HearingListSchema,
    HearingQuerySchema,
    NextInstanceSchema,
)

blp = Blueprint("legal", __name__, url_prefix="/api/v1", description="Legal track")
blp.record_once(lambda state: candidates.init_criteria(state.app))

# default range of the hearing list and feed: a week back, so a hearing just held still
# shows (and can get its appearance recorded), and far enough ahead for a calendar
PAST_DAYS = 7
LIST_AHEAD_DAYS = 30
FEED_AHEAD_DAYS = 365


@blp.route("/legacy-candidates")
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, CandidatePageSchema)
def legacy_candidates(args):
    """List matters that may belong on the litigation track, oldest first, with reasons."""
    c = ctx()
    items, total = candidates.candidate_page(user=c.user, today=c.today, page=args["page"],
                                             per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"],
            "per_page": args["per_page"]}


@blp.route("/matters/<int:matter_id>/escalate", methods=["POST"])
@blp.arguments(EscalateSchema)
@blp.response(201, EscalatedCaseSchema)
def escalate(data, matter_id):
    """Move the matter to the legal track; return the legal-guidance case created."""
    c = ctx()
    case = service.escalate(matter=visible_matter(matter_id, c.user), reason=data["reason"],
                            knew_of_act_on=data.get("knew_of_act_on"), actor=c.user, now=c.now)
    view = detail(case, c)
    view["windows"] = service.windows_of(case, today=c.today)
    return view


@blp.route("/cases/<int:case_id>/next-instance", methods=["POST"])
@blp.arguments(NextInstanceSchema)
@blp.response(201, CaseDetailSchema)
def add_next_instance(data, case_id):
    """Open the lawsuit's next instance as a linked case of the same matter."""
    c = ctx()
    case = next_instance(case=visible_case(case_id, c.user), data=data, actor=c.user, now=c.now)
    return detail(case, c)


@blp.route("/hearings")
@blp.arguments(HearingQuerySchema, location="query")
@blp.response(200, HearingListSchema)
def hearings(args):
    """List the hearings from `from` to `to` (local dates; default a week back to 30 days on)."""
    c = ctx()
    first, last = _range(args, c.today, LIST_AHEAD_DAYS)
    return {"items": hearings_between(user=c.user, first=first, last=last),
            "from_": first, "to": last}


@blp.route("/hearings.ics")
@blp.arguments(HearingQuerySchema, location="query")
@blp.doc(responses={200: {"description": "text/calendar: hearings and legal deadlines"}})
def hearings_ics(args):
    """Return hearings and the legal cases' deadlines as an iCalendar feed."""
    c = ctx()
    first, last = _range(args, c.today, FEED_AHEAD_DAYS)
    labels = {key: rule.label_en if c.user.locale.startswith("en") else rule.label_zh
              for key, rule in rules().items()}
    body = ical_feed(hearings=hearings_between(user=c.user, first=first, last=last),
                     deadlines=legal_deadlines(user=c.user, first=first, last=last),
                     labels=labels, now=c.now,
                     host=urlsplit(current_app.config["BASE_URL"]).hostname or "petitiondesk")
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="hearings.ics"'})


def _range(args: dict, today, ahead: int):
    """Return the asked (or default) first and last local dates.

    A missing end is counted from the other one, so `?to=` alone means the days before
    it; `to` before `from` is an empty range, which holds no hearing.
    """
    last = args.get("to")
    first = args.get("from_") or min(today, last or today) - timedelta(days=PAST_DAYS)
    return first, last or max(first, today) + timedelta(days=ahead)
