"""API schemas for cases, parties, matters and events."""

from __future__ import annotations

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
    validates_schema,
)

from petitiondesk.cases import keyset, queries
from petitiondesk.cases.enums import (
    CHANNELS,
    INSTANCES,
    LITIGATION_ROLES,
    OUTCOMES,
    PROCEDURES,
    RECONSIDERATION_ROLES,
    STATUSES,
    TRACKS,
)
from petitiondesk.cases.identity import id_number_problem, normalise_id_number
from petitiondesk.core.schemas import (
    Choice,
    Int,
    PageQuerySchema,
    StrictBoolean,
    Text,
    VersionSchema,
)

EVENT_TYPES = (
    "complaint_served", "answer_submitted", "judgment_served", "appeal_filed",
    "hearing_scheduled", "review_requested", "rereview_requested", "head_appeared",
    "copy_received", "note",
)


class PartyInSchema(Schema):
    """A party as the clerk types it."""

    name = Text(required=True, max_len=200)
    id_number = fields.String(allow_none=True, validate=validate.Length(max=18),
                              metadata={"pattern": "^([0-9]{17}[0-9Xx])?$", "description":
                                        "GB 11643: a real birth date and the check digit"})
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    address = fields.String(allow_none=True, validate=validate.Length(max=400))

    @validates("id_number")
    def _check_id(self, value, **kwargs):
        if value:
            problem = id_number_problem(normalise_id_number(value))
            if problem:
                raise ValidationError(f"ID number {problem}")


class AttributesSchema(Schema):
    """Track-specific attributes."""

    court = Text(max_len=200)
    court_case_number = Text(max_len=100)
    instance = Choice(INSTANCES)
    our_role = Choice(LITIGATION_ROLES + RECONSIDERATION_ROLES)
    complaint_served_on = fields.Date()
    procedure = Choice(PROCEDURES)
    copy_received_on = fields.Date()
    knew_of_act_on = fields.Date()
    legacy_flag = StrictBoolean()
    policy_change_flag = StrictBoolean()


class CaseCreateSchema(Schema):
    """POST /cases."""

    track = Choice(TRACKS, required=True)
    channel = Choice(CHANNELS, required=True)
    title = Text(required=True, max_len=300)
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    category = Text(required=True, max_len=60)
    area = fields.String(allow_none=True, validate=validate.Length(max=60))
    received_on = fields.Date(required=True)
    parties = fields.List(fields.Nested(PartyInSchema), required=True,
                          validate=validate.Length(min=1, max=200))
    visitors = Int(allow_none=True, validate=validate.Range(min=0, max=10000))
    matter_id = Int(allow_none=True, validate=validate.Range(min=1))
    department = fields.String(allow_none=True, validate=validate.Length(max=40))
    attributes = fields.Nested(AttributesSchema, load_default=dict)

    @validates_schema
    def _track_attributes(self, data, **kwargs):
        attrs = data.get("attributes") or {}
        role = attrs.get("our_role")
        track = data.get("track")
        if role and track == "litigation" and role not in LITIGATION_ROLES:
            raise ValidationError({"attributes": {"our_role": ["not a litigation role"]}})
        if role and track == "reconsideration" and role not in RECONSIDERATION_ROLES:
            raise ValidationError({"attributes": {"our_role": ["not a reconsideration role"]}})


class CaseListQuerySchema(PageQuerySchema):
    """GET /cases query."""

    track = Choice(TRACKS)
    status = Choice(STATUSES)
    department = fields.String(validate=validate.Length(max=40))
    clock_state = Choice(("overdue", "due_soon", "on_track", "suspended"))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": (
        "Full-text search (Chinese segmented): words of titles, descriptions, replies and "
        "transfer reasons, party names, a case or court case number, or an exact ID or "
        "phone number. Every word must match; combines with the other filters.")})
    sort = Choice(("due", "received", "relevance"), metadata={
        "description": "`relevance` (the default with `q`), `due` (otherwise) or `received`"})
    after = fields.String(validate=[validate.Length(1, keyset.MAX_LENGTH),
                                    validate.Regexp(r"^[A-Za-z0-9_-]+$")], metadata={
        "description": (
            "Keyset pagination: `next_after` of a previous answer with the same filters "
            "and sort; the page then starts after that answer's last case and `page` is "
            "not used. Cheaper than a high `page` on a long list. Not with a search "
            "sorted by relevance. A token that is not such a cursor is 422.")})

    @post_load
    def _cursor(self, data, **kwargs):
        """Read `after` into a keyset.Cursor of the list's order (422 when it is not one)."""
        if "after" not in data:
            return data
        sort = queries.effective_sort(data)
        if sort not in keyset.SORTS:
            raise ValidationError({"after": [
                "a cursor pages a list sorted by due or received; a search sorted by "
                "relevance pages with `page`"]})
        try:
            data["after"] = keyset.parse(data["after"], sort=sort)
        except keyset.BadCursor as exc:
            raise ValidationError({"after": [str(exc)]}) from exc
        return data


class CaseItemQuerySchema(Schema):
    """GET /cases/{id} query: `reveal=personal` shows full ID and phone numbers (logged)."""

    reveal = Choice(("personal",))


class ReplySchema(VersionSchema):
    """POST /cases/{id}/reply."""

    text = Text(required=True, max_len=20000)
    outcome = Choice(OUTCOMES, required=True)


class CloseSchema(VersionSchema):
    """POST /cases/{id}/close."""

    outcome = Choice(OUTCOMES, required=True)


class EventInSchema(VersionSchema):
    """POST /cases/{id}/events."""

    type = Choice(EVENT_TYPES, required=True)
    on = fields.Date(required=True)
    data = fields.Dict(keys=fields.String(), load_default=dict)


class DepartmentRefSchema(Schema):
    """A department in answers."""

    code = fields.String()
    name = fields.String()


class UserRefSchema(Schema):
    """A user in answers."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String()


class PartyOutSchema(Schema):
    """A party in answers."""

    id = fields.Integer()
    name = fields.String()
    id_number = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    masked = fields.Boolean(metadata={"description": "true unless the view asked ?reveal=personal"})


class ClockOutSchema(Schema):
    """A clock in answers."""

    id = fields.Integer()
    key = fields.String()
    kind = fields.String()
    variant = fields.String(allow_none=True)
    started_on = fields.Date()
    due_on = fields.Date()
    state = fields.String()
    provisional = fields.Boolean()
    extended_days = fields.Integer()
    met_on = fields.Date(allow_none=True)
    days_left = fields.Integer(allow_none=True)
    basis = fields.String()
    label = fields.String()


class EventOutSchema(Schema):
    """A timeline entry in answers."""

    id = fields.Integer()
    seq = fields.Integer()
    type = fields.String()
    on = fields.Date(attribute="occurred_on", allow_none=True)
    at = fields.DateTime(attribute="created_at")
    actor = fields.Nested(UserRefSchema, allow_none=True)
    data = fields.Dict()
    hash = fields.String()


class SimilarMatterSchema(Schema):
    """A matter the new case may belong to."""

    id = fields.Integer()
    title = fields.String()
    why = fields.String()
    cases = fields.Integer()


class CaseOutSchema(Schema):
    """A case in answers."""

    id = fields.Integer()
    number = fields.String()
    track = fields.String()
    channel = fields.String()
    status = fields.String()
    outcome = fields.String(allow_none=True)
    title = fields.String()
    description = fields.String()
    category = fields.String()
    area = fields.String(allow_none=True)
    department = fields.Nested(DepartmentRefSchema)
    answerable_department = fields.Nested(DepartmentRefSchema)
    assignee = fields.Nested(UserRefSchema, allow_none=True)
    matter_id = fields.Integer()
    received_on = fields.Date()
    visitors = fields.Integer()
    parties = fields.List(fields.Nested(PartyOutSchema))
    attributes = fields.Dict()
    legacy = fields.Boolean()
    supervised = fields.Boolean()
    supervision_reason = fields.String(allow_none=True)
    transfers_count = fields.Integer()
    bounced = fields.Boolean()
    suspended = fields.Boolean()
    diversion_proposal = fields.String(allow_none=True)
    not_to_be_accepted_again = fields.Boolean()
    next_due_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    version = fields.Integer()
    clocks = fields.List(fields.Nested(ClockOutSchema))
    actions = fields.List(fields.String())


class CaseDetailSchema(CaseOutSchema):
    """A case with its timeline."""

    events = fields.List(fields.Nested(EventOutSchema))
    # by name: the schema lives with the deadlines API, which imports this module
    extensions = fields.List(fields.Nested("ExtensionOutSchema"))


class SuggestionSchema(Schema):
    """What the model learnt from closed cases suggested at intake, and whether it was taken.

    The department part is absent when a routing rule decided the department.
    """

    model_version = fields.Integer()
    department = fields.String(allow_none=True)
    department_confidence = fields.Float(allow_none=True)
    department_taken = fields.Boolean(allow_none=True)
    category = fields.String(allow_none=True)
    category_confidence = fields.Float(allow_none=True)
    category_taken = fields.Boolean(allow_none=True)


class CaseCreatedSchema(CaseDetailSchema):
    """The answer to intake: the case, matters it may belong to, the model's suggestion."""

    similar_matters = fields.List(fields.Nested(SimilarMatterSchema))
    suggestion = fields.Nested(SuggestionSchema, allow_none=True)


class CaseHitSchema(CaseOutSchema):
    """A case in a list; with `q`, where the search matched it."""

    snippet = fields.String(metadata={"description": (
        "with `q` only: the matching text around the first hit, HTML-escaped, each hit "
        "wrapped in <mark>")})


class CasePageSchema(Schema):
    """A page of cases."""

    items = fields.List(fields.Nested(CaseHitSchema))
    total = fields.Integer(metadata={"description": (
        "how many cases match, exact up to 1,000; past that 1,000 and `total_capped`")})
    total_capped = fields.Boolean(metadata={"description": (
        "true when more than 1,000 cases match: `total` is then 1,000, a lower bound. "
        "With `q` the search reads the 1,000 newest matches only, and relevance orders "
        "those")})
    page = fields.Integer()
    per_page = fields.Integer()
    next_after = fields.String(allow_none=True, metadata={"description": (
        "the cursor of the next page (pass it as `after`); null on the last page and "
        "for a search sorted by relevance")})
