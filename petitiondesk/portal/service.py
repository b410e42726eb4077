"""The petitioner's side: submit a petition online, follow it, rate the reply.

What a petitioner sees is built here and only here, from a short list of what may be
shown: status, the statutory deadlines, issued documents, masked names. Notes, staff
names and the handling department's internal timeline never leave this module.
"""

from __future__ import annotations

from datetime import datetime

from petitiondesk.attachments.service import attach
from petitiondesk.cases import intake, timeline
from petitiondesk.cases.models import Case, Event
from petitiondesk.core.errors import Conflict, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.extensions import db
from petitiondesk.portal.access import grant

RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
PUBLIC_STATUSES = {"registered": "已登记，待受理", "accepted": "已受理，办理中",
                   "replied": "已答复", "closed": "已办结", "rejected": "不予受理",
                   "diverted": "已引导至法定途径", "withdrawn": "已撤回",
                   "review": "复查中", "rereview": "复核中"}


def submit(*, petitioner: dict, matter: dict, files: list, now: datetime,
           max_bytes: int) -> tuple[Case, str]:
    """Register an online petition with its files; return the case and its query code."""
    data = {"track": "petition", "channel": "online", "title": matter["title"],
            "description": matter["description"], "category": matter.get("category") or "other",
            "area": matter.get("area") or None, "received_on": local_today(now),
            "parties": [petitioner], "attributes": {}}
    case = intake.register_case(data=data, actor=None, now=now)
    for upload in files:
        attach(case=case, stream=upload.stream, filename=upload.filename, actor=None, now=now,
               max_bytes=max_bytes)
    timeline.record(case, "submitted_online", now=now, on=case.received_on,
                    data={"files": len(files)})
    return case, grant(case, now=now)


def public_view(case: Case, *, today) -> dict:
    """Return what the petitioner may see of the case."""
    from petitiondesk.documents.kinds import KINDS
    from petitiondesk.documents.service import case_documents

    last = _last_reply_or_rating(case)
    stage = (case.attributes or {}).get("review_stage") or "review"
    status = stage if case.status == "reviewing" else case.status
    return {
        "number": case.number, "title": case.title, "received_on": case.received_on,
        "status": PUBLIC_STATUSES.get(status, status),
        "petitioners": [_mask_name(p.name) for p in case.parties],
        "deadlines": _deadlines(case, today),
        "documents": [{"title": KINDS[d.kind].title_zh, "number": d.number,
                       "issued_on": d.issued_on, "served_on": d.served_on}
                      for d in case_documents(case)],
        "rating": current_rating(case, last), "may_rate": may_rate(case, last),
        "may_request_review": review_window_open(case, today),
    }


def _deadlines(case: Case, today) -> list[dict]:
    from petitiondesk.deadlines.models import Clock

    rows = db.session.scalars(db.select(Clock).where(
        Clock.case_id == case.id, Clock.kind == "obligation", Clock.cancelled.is_(False)
    ).order_by(Clock.started_on, Clock.id))
    out = []
    for clock in rows:
        rule = clocks.rules().get(clock.key)
        out.append({"label": rule.label_zh if rule else clock.key, "due_on": clock.due_on,
                    "met_on": clock.met_on,
                    "overdue": clock.met_on is None and clock.due_on < today})
    return out


def _mask_name(name: str) -> str:
    """Return a name with its middle hidden: 王*明, 李*."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _last_reply_or_rating(case: Case) -> Event | None:
    """Return the case's newest `replied` or `satisfaction_rated` event (one row)."""
    stmt = (db.select(Event).where(Event.case_id == case.id,
                                   Event.type.in_(("replied", "satisfaction_rated")))
            .order_by(Event.seq.desc()).limit(1))
    return db.session.scalar(stmt)


def current_rating(case: Case, last: Event | None = None) -> str | None:
    """Return the rating of the latest reply, or None when it is not rated."""
    last = last or _last_reply_or_rating(case)
    return last.data.get("rating") if last and last.type == "satisfaction_rated" else None


def may_rate(case: Case, last: Event | None = None) -> bool:
    """Return whether the latest reply waits for the petitioner's rating."""
    last = last or _last_reply_or_rating(case)
    return last is not None and last.type == "replied"


def rate(case: Case, *, rating: str, now: datetime) -> Event:
    """Record the petitioner's satisfaction with the latest reply (once per reply)."""
    if rating not in RATINGS:
        raise Invalid(f"unknown rating {rating!r}", errors={"rating": list(RATINGS)})
    replied = _last_reply_or_rating(case)
    if not may_rate(case, replied):
        raise Conflict("there is no reply waiting for a rating")
    event = timeline.record(case, "satisfaction_rated", now=now, on=local_today(now), data={
        "rating": rating, "stage": (replied.data or {}).get("stage", "reply"),
        "reply_seq": replied.seq, "via": "portal"})
    case.updated_at = now
    return event


def review_window_open(case: Case, today) -> bool:
    """Return whether the petitioner may still ask for a review (复查) of the reply."""
    return any(c.due_on >= today for c in clocks.open_clocks(case, "window.review_request"))


def request_review(case: Case, *, reason: str, now: datetime) -> Case:
    """Record the petitioner's request for review within the window; the case reopens."""
    from petitiondesk.cases.proceedings import apply_proceeding_event

    today = local_today(now)
    if not review_window_open(case, today):
        raise Conflict("the time to ask for a review of this reply has passed or not begun")
    apply_proceeding_event(case, type="review_requested", on=today,
                           data={"reason": reason, "via": "portal"}, actor=None, now=now)
    case.updated_at = now
    return case
