"""Filters and globals the templates share: labels for codes, navigation per role."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from petitiondesk.cases.identity import mask_id_number, mask_phone
from petitiondesk.web.nav import nav_items, optional_url

STATE_LABELS = {
    "on_track": _l("On track"), "due_soon": _l("Due soon"), "overdue": _l("Overdue"),
    "met": _l("Met"), "met_late": _l("Met late"), "suspended": _l("Suspended"),
}

STATUS_LABELS = {
    "registered": _l("Registered"), "accepted": _l("Accepted"), "replied": _l("Replied"),
    "reviewing": _l("Under review"), "closed": _l("Closed"), "rejected": _l("Not accepted"),
    "diverted": _l("Diverted"), "withdrawn": _l("Withdrawn"),
}

TRACK_LABELS = {
    "petition": _l("Petition"), "mediation": _l("Mediation"), "arbitration": _l("Arbitration"),
    "reconsideration": _l("Administrative reconsideration"), "litigation": _l("Litigation"),
}

CHANNEL_LABELS = {
    "letter": _l("Letter"), "visit": _l("Visit"), "online": _l("Online"), "phone": _l("Phone"),
    "email": _l("E-mail"), "referral": _l("Referral"), "court": _l("Court"),
}

CATEGORY_LABELS = {
    "compensation": _l("Expropriation compensation"), "resettlement": _l("Resettlement housing"),
    "land_reserve": _l("Land reserve"), "land_management": _l("Reserve-land management"),
    "funding": _l("Funding and payments"), "administrative_act": _l("Administrative act"),
    "labour": _l("Labour"), "other": _l("Other"),
}

OUTCOME_LABELS = {
    "supported": _l("Supported"), "partly_supported": _l("Partly supported"),
    "not_supported": _l("Not supported"), "explained": _l("Explained"),
    "resolved": _l("Resolved"), "diverted": _l("Diverted to a legal channel"),
    "withdrawn": _l("Withdrawn"), "not_accepted": _l("Not accepted"),
    "won": _l("Won"), "lost": _l("Lost"), "partly_lost": _l("Partly lost"),
    "settled": _l("Settled"), "varied": _l("Varied"), "revoked": _l("Revoked"),
    "confirmed_illegal": _l("Confirmed illegal"), "ordered_to_perform": _l("Ordered to perform"),
    "confirmed_void": _l("Confirmed void"), "upheld": _l("Upheld"),
    "claim_dismissed": _l("Claim dismissed"), "application_dismissed": _l("Application dismissed"),
    "mediated": _l("Mediated"), "agreement": _l("Agreement reached"),
    "no_agreement": _l("No agreement"), "award": _l("Award made"), "guided": _l("Guided"),
    "terminated": _l("Terminated"),
}

EVENT_LABELS = {
    "replied": _l("Replied"), "closed": _l("Closed"), "rejected": _l("Not accepted"),
    "diverted": _l("Diverted"), "withdrawn": _l("Withdrawn"),
    "registered": _l("Registered"), "accepted": _l("Accepted"), "reply": _l("Replied"),
    "close": _l("Closed"), "reject": _l("Not accepted"), "divert": _l("Diverted"),
    "withdraw": _l("Withdrawn"), "request_review": _l("Review requested"),
    "clock_recomputed": _l("Deadline recomputed"), "suspended": _l("Suspended"),
    "resumed": _l("Resumed"), "extension_requested": _l("Extension requested"),
    "extension_approved": _l("Extension approved"),
    "extension_rejected": _l("Extension refused"),
    "transfer_requested": _l("Transferred"), "transferred": _l("Transferred"),
    "transfer_accepted": _l("Transfer accepted"), "transfer_rejected": _l("Transfer refused"),
    "transfer_deemed_accepted": _l("Transfer deemed accepted"),
    "supervised": _l("Placed under supervision"),
    "supervision_started": _l("Placed under supervision"),
    "supervision_noted": _l("Another reason for supervision"),
    "assigned": _l("Assigned"),
    "escalated_to_legal": _l("Moved to the legal track"),
    "attachment_added": _l("Attachment added"),
    "next_instance": _l("Next instance"),
    "not_to_be_accepted_again": _l("Not to be accepted again"),
    "personal_data_viewed": _l("Personal data viewed"),
    "transfer_superseded": _l("Transfer lapsed"),
    "designated": _l("Responsible department designated"),
    "alert": _l("Alert sent"), "escalated": _l("Escalated"), "note": _l("Note"),
    "complaint_served": _l("Complaint served"), "judgment_served": _l("Judgment served"),
    "hearing_scheduled": _l("Hearing scheduled"), "review_requested": _l("Review requested"),
    "rereview_requested": _l("Re-review requested"), "head_appeared": _l("Head appeared in court"),
    "answer_submitted": _l("Answer submitted"), "appeal_filed": _l("Appeal filed"),
    "copy_received": _l("Copy of application received"),
    "document_issued": _l("Document issued"), "document_served": _l("Document served"),
    "satisfaction_rated": _l("Petitioner rated the reply"),
    "submitted_online": _l("Submitted online"),
}

INSTANCE_LABELS = {
    "first": _l("First instance"), "second": _l("Second instance"), "retrial": _l("Retrial"),
    "enforcement": _l("Enforcement"),
}

ROLE_IN_CASE_LABELS = {
    "defendant": _l("Defendant"), "plaintiff": _l("Plaintiff"),
    "third_party": _l("Third party"), "respondent": _l("Respondent (reconsideration)"),
    "organ": _l("Reconsideration organ"),
}

PROCEDURE_LABELS = {"ordinary": _l("Ordinary procedure"), "simplified": _l("Simplified procedure")}

ROLE_LABELS = {
    "clerk": _l("Intake clerk"), "handler": _l("Handler"), "head": _l("Department head"),
    "supervisor": _l("Supervisor"), "counsel": _l("Legal counsel"), "admin": _l("Administrator"),
    "auditor": _l("Auditor"),
}

FUNCTION_LABELS = {
    "intake": _l("Intake office"), "legal": _l("Legal counsel office"),
    "supervision": _l("Supervision office"),
}
FUNCTION_PURPOSES = {
    "intake": _l("Cases no routing rule matches go here; without it such cases cannot be "
                 "registered."),
    "legal": _l("Legacy matters escalate here; without it no matter can be escalated."),
    "supervision": _l("Its mailbox hears when a case is put under supervision."),
}


SUPERVISION_CAUSES = (
    ("bounced", _l("Sent back to a department that already had it")),
    ("transferred", _l("Transferred more often than allowed")),
    ("designated", _l("Designated by a supervisor")),
    ("overdue", _l("Long overdue")),
)


def supervision_why(case: dict) -> str:
    """Return why a case is under supervision, in the user's language, cause by cause."""
    reasons = [r.strip() for r in (case.get("supervision_reason") or "").split(";") if r.strip()]
    words = []
    for reason in reasons:
        found = next((str(text) for start, text in SUPERVISION_CAUSES
                      if reason.lower().startswith(start)), reason)
        if found not in words:
            words.append(found)
    return "；".join(words) or "—"


def department_names() -> dict[str, str]:
    """Return department names by code, read once per request."""
    from flask import g

    from petitiondesk.accounts.models import Department
    from petitiondesk.extensions import db

    if "department_names" not in g:
        g.department_names = dict(db.session.execute(db.select(Department.code,
                                                               Department.name)).all())
    return g.department_names


def department_name(code) -> str:
    """Return a department's name for its code (the timeline stores codes)."""
    return department_names().get(code, code) if code else "—"


def page_lang() -> str:
    """Return the page's language as an HTML lang attribute (zh-CN or en)."""
    from flask_babel import get_locale

    return "en" if str(get_locale()).startswith("en") else "zh-CN"


def colon() -> str:
    """Return the colon between a label and its value: full-width in Chinese."""
    return ": " if page_lang() == "en" else "："


def label(mapping: dict, code) -> str:
    """Return the translated label of a code, or the code itself when unknown."""
    if code is None:
        return "—"
    return str(mapping.get(code, code))


def init_template_helpers(app: Flask) -> None:
    """Register template filters and globals."""
    app.jinja_env.globals.update(
        STATE_LABELS=STATE_LABELS, STATUS_LABELS=STATUS_LABELS, TRACK_LABELS=TRACK_LABELS,
        CHANNEL_LABELS=CHANNEL_LABELS, CATEGORY_LABELS=CATEGORY_LABELS,
        OUTCOME_LABELS=OUTCOME_LABELS, EVENT_LABELS=EVENT_LABELS, ROLE_LABELS=ROLE_LABELS,
        nav_items=nav_items, optional_url=optional_url, supervision_why=supervision_why,
        page_lang=page_lang, colon=colon, FUNCTION_PURPOSES=FUNCTION_PURPOSES,
    )
    app.jinja_env.filters.update(
        state_label=lambda c: label(STATE_LABELS, c),
        status_label=lambda c: label(STATUS_LABELS, c),
        track_label=lambda c: label(TRACK_LABELS, c),
        channel_label=lambda c: label(CHANNEL_LABELS, c),
        category_label=lambda c: label(CATEGORY_LABELS, c),
        outcome_label=lambda c: label(OUTCOME_LABELS, c),
        event_label=lambda c: label(EVENT_LABELS, c),
        role_label=lambda c: label(ROLE_LABELS, c),
        function_label=lambda c: label(FUNCTION_LABELS, c),
        mask_id=mask_id_number, mask_phone=mask_phone, department_name=department_name,
    )
