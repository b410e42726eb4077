"""API schemas for legacy candidates, escalation, the instance chain and hearings."""

from __future__ import annotations

from marshmallow import Schema, fields

from petitiondesk.cases.enums import INSTANCES, LITIGATION_ROLES
from petitiondesk.cases.schemas import CaseDetailSchema
from petitiondesk.core.schemas import Choice, Text


class CandidateSchema(Schema):
    """A matter that may belong on the litigation track, and why."""

    matter_id = fields.Integer()
    title = fields.String()
    first_received_on = fields.Date()
    last_received_on = fields.Date()
    cases = fields.Integer()
    petitions = fields.Integer()
    open_cases = fields.Integer()
    reasons = fields.List(fields.String())


class CandidatePageSchema(Schema):
    """A page of legacy candidates, oldest first."""

    items = fields.List(fields.Nested(CandidateSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class EscalateSchema(Schema):
    """POST /matters/{id}/escalate."""

    reason = Text(required=True, max_len=2000)
    knew_of_act_on = fields.Date()


class WindowSchema(Schema):
    """One of the petitioner's time limits."""

    key = fields.String()
    started_on = fields.Date(allow_none=True)
    due_on = fields.Date()
    open = fields.Boolean()


class EscalatedCaseSchema(CaseDetailSchema):
    """The legal-guidance case, with the petitioner's windows up front."""

    windows = fields.List(fields.Nested(WindowSchema))


class NextInstanceSchema(Schema):
    """POST /cases/{id}/next-instance."""

    instance = Choice(INSTANCES, required=True)
    court = Text(required=True, max_len=200)
    court_case_number = Text(required=True, max_len=100)
    received_on = fields.Date(required=True)
    our_role = Choice(LITIGATION_ROLES)
    complaint_served_on = fields.Date()


class HearingQuerySchema(Schema):
    """GET /hearings: local dates, both inclusive."""

    from_ = fields.Date(data_key="from")
    to = fields.Date()


class HearingSchema(Schema):
    """A court hearing."""

    id = fields.Integer()
    case_id = fields.Integer()
    case_number = fields.String()
    title = fields.String()
    matter_id = fields.Integer()
    court = fields.String(allow_none=True)
    court_case_number = fields.String(allow_none=True)
    instance = fields.String(allow_none=True)
    at = fields.DateTime()
    place = fields.String()
    head_appeared = fields.Boolean(allow_none=True)
    appeared = fields.List(fields.String())


class HearingListSchema(Schema):
    """Hearings between two dates."""

    items = fields.List(fields.Nested(HearingSchema))
    from_ = fields.Date(data_key="from")
    to = fields.Date()

