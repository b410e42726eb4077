"""Gather what a notice says from the case, its timeline, transfers and extensions.

A kind that needs something the case does not have yet (a reply, an approved
extension, a transfer, the channel for a not-accepted petition) is refused with a
message that says what is missing, so no half-empty notice is ever issued.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from petitiondesk.cases.models import Case, Event
from petitiondesk.core.errors import Conflict, Invalid
from petitiondesk.documents.kinds import Kind
from petitiondesk.extensions import db

REPLY_STAGE = {"reply_opinion": "reply", "review_opinion": "review",
               "rereview_opinion": "rereview"}


def chinese_date(day: date) -> str:
    """Return a date as documents write it: 2026年12月3日."""
    return f"{day.year}年{day.month}月{day.day}日"


def case_fields(case: Case, kind: Kind, *, today: date, channel: str | None) -> dict[str, str]:
    """Return every template field for a notice of this kind on this case."""
    attrs = case.attributes or {}
    fields = {
        "bureau": current_app.config["BUREAU_NAME"],
        "case_number": case.number,
        "petitioner": "、".join(p.name for p in case.parties) or "—",
        "title": case.title,
        "received_on": chinese_date(case.received_on),
        "department": case.department.name,
        "issued_on": chinese_date(today),
        "outcome": case.outcome or "",
        "court_case_number": str(attrs.get("court_case_number") or "—"),
        "court": str(attrs.get("court") or "—"),
        "channel": "", "reason": "", "forwarded_to": "", "extension_days": "",
        "new_due_on": "", "reply": "",
    }
    extra = _KIND_FIELDS.get(kind.code)
    if extra:
        fields.update(extra(case, kind, channel))
    return fields


def _rejection(case: Case, kind: Kind, channel: str | None) -> dict[str, str]:
    event = _last_event(case, "rejected") or _last_event(case, "diverted")
    if event is None:
        raise _missing(kind, "the case has not been refused (not accepted) or diverted")
    channel = channel or _channel_label((event.data or {}).get("channel"))
    if not channel:
        raise Invalid(f"a {kind.title_en} names the channel the petitioner is guided to",
                      errors={"channel": ["say where the petitioner should turn"]})
    return {"reason": (event.data or {}).get("reason") or "", "channel": channel}


def _forward(case: Case, kind: Kind, channel: str | None) -> dict[str, str]:
    from petitiondesk.transfers.models import Transfer

    transfer = db.session.scalar(db.select(Transfer).where(
        Transfer.case_id == case.id, Transfer.status.in_(("pending", "accepted", "deemed_accepted"))
    ).order_by(Transfer.id.desc()).limit(1))
    if transfer is None:
        raise _missing(kind, "the case has not been forwarded or assigned")
    return {"forwarded_to": transfer.to_department.name, "reason": transfer.reason}


def _extension(case: Case, kind: Kind, channel: str | None) -> dict[str, str]:
    from petitiondesk.deadlines.models import Extension

    ext = db.session.scalar(db.select(Extension).where(
        Extension.case_id == case.id, Extension.status == "approved"
    ).order_by(Extension.id.desc()).limit(1))
    if ext is None:
        raise _missing(kind, "no extension has been approved on this case")
    return {"extension_days": str(ext.days), "reason": ext.reason,
            "new_due_on": chinese_date(ext.clock.due_on)}


def _reply(case: Case, kind: Kind, channel: str | None) -> dict[str, str]:
    stage = REPLY_STAGE[kind.code]
    for event in reversed(_events(case, "replied")):
        if (event.data or {}).get("stage", "reply") == stage:
            return {"reply": (event.data or {}).get("text") or ""}
    raise _missing(kind, f"the case has no written {stage} yet")


_KIND_FIELDS = {
    "rejection_notice": _rejection, "forward_notice": _forward,
    "extension_notice": _extension, "reply_opinion": _reply, "review_opinion": _reply,
    "rereview_opinion": _reply,
}


def _missing(kind: Kind, why: str) -> Conflict:
    """The case's state does not allow this notice yet (409, like any action out of turn)."""
    return Conflict(f"a {kind.title_en} cannot be issued yet: {why}", errors={"kind": [why]})


def _events(case: Case, type: str) -> list[Event]:
    stmt = db.select(Event).where(Event.case_id == case.id, Event.type == type)
    return list(db.session.scalars(stmt.order_by(Event.seq)))


def _last_event(case: Case, type: str) -> Event | None:
    found = _events(case, type)
    return found[-1] if found else None


def _channel_label(code: str | None) -> str:
    """Return the Chinese name of a diversion channel, or '' when there is none."""
    if not code:
        return ""
    from petitiondesk.transfers.diversion_service import diversion_map

    channel = diversion_map().channels.get(code)
    return channel.label_zh if channel else code
