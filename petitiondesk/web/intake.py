"""The intake page: a clerk registers letters, visits and calls all day long."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from marshmallow import ValidationError as SchemaError
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from petitiondesk.accounts.models import Department
from petitiondesk.accounts.roles import may_register
from petitiondesk.cases import intake
from petitiondesk.cases.enums import CHANNELS, TRACKS
from petitiondesk.cases.schemas import CaseCreateSchema
from petitiondesk.cases.visibility import visible_case
from petitiondesk.core.errors import Forbidden, Invalid, NotFound
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.web import intake_lookup
from petitiondesk.web.forms import REQUIRED, PartyForm
from petitiondesk.web.template_helpers import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    INSTANCE_LABELS,
    PROCEDURE_LABELS,
    ROLE_IN_CASE_LABELS,
    TRACK_LABELS,
)

bp = Blueprint("intake", __name__)

PARTY_ROWS = 3


class IntakeForm(FlaskForm):
    """Everything a clerk types for a new case, in the order they type it."""

    channel = SelectField(_l("Channel"), validators=[DataRequired(REQUIRED)])
    track = SelectField(_l("Track"), validators=[DataRequired(REQUIRED)], default="petition")
    received_on = DateField(_l("Received on"), validators=[DataRequired(REQUIRED)])
    visitors = IntegerField(_l("Number of visitors"),
                            validators=[Optional(), NumberRange(min=1, max=10000)])
    parties = FieldList(FormField(PartyForm), min_entries=PARTY_ROWS, max_entries=50)
    title = StringField(_l("Subject"), validators=[DataRequired(REQUIRED), Length(max=300)])
    category = SelectField(_l("Category"), validators=[DataRequired(REQUIRED)])
    area = StringField(_l("Area"), validators=[Optional(), Length(max=60)])
    description = TextAreaField(_l("Request and facts"), validators=[Length(max=20000)])
    department = SelectField(_l("Department"), validate_choice=True, default="")
    matter_id = SelectField(_l("Earlier matter"), validate_choice=False, default="")
    # track details: the legal tracks' clocks start from these dates
    court = StringField(_l("Court"), validators=[Optional(), Length(max=200)])
    court_case_number = StringField(_l("Court case number"), validators=[Optional(),
                                                                         Length(max=100)])
    instance = SelectField(_l("Instance"), default="")
    our_role = SelectField(_l("Our role"), default="")
    complaint_served_on = DateField(_l("Complaint served on"), validators=[Optional()])
    procedure = SelectField(_l("Procedure"), default="")
    copy_received_on = DateField(_l("Copy of the application received on"),
                                 validators=[Optional()])
    knew_of_act_on = DateField(_l("Petitioner knew of the act on"), validators=[Optional()])
    legacy_flag = BooleanField(_l("Flagged as a legacy dispute"))
    policy_change_flag = BooleanField(_l("Flagged as a policy-change dispute"))

    def validate_parties(self, field) -> None:
        """Require a name on the first party and on every row with an ID number."""
        rows = [row.form for row in field]
        if not any(r.name.data for r in rows):
            rows[0].name.errors.append(str(REQUIRED))
            raise ValidationError(_("Name at least one party."))
        for r in rows:
            if r.id_number.data and not r.name.data:
                r.name.errors.append(str(REQUIRED))
                raise ValidationError(_("Every party with an ID number needs a name."))


def _require_clerk() -> None:
    if not may_register(current_user.roles):
        raise Forbidden(_("Only intake clerks register cases."))


def _set_choices(form: IntakeForm, similar: list[dict] | None = None) -> None:
    """Fill the select boxes with translated labels."""
    form.channel.choices = [(c, str(CHANNEL_LABELS[c])) for c in CHANNELS]
    form.track.choices = [(t, str(TRACK_LABELS[t])) for t in TRACKS]
    form.category.choices = [("", "—")] + [(k, str(v)) for k, v in CATEGORY_LABELS.items()]
    depts = db.session.scalars(db.select(Department).where(Department.active.is_(True))
                               .order_by(Department.name))
    form.department.choices = [("", _("Route automatically"))] + [(d.code, d.name)
                                                                  for d in depts]
    form.instance.choices = [("", "—")] + [(k, str(v)) for k, v in INSTANCE_LABELS.items()]
    form.our_role.choices = [("", "—")] + [(k, str(v)) for k, v in ROLE_IN_CASE_LABELS.items()]
    form.procedure.choices = [("", "—")] + [(k, str(v)) for k, v in PROCEDURE_LABELS.items()]
    form.matter_id.choices = [("", _("A new matter"))] + [
        (str(m["id"]), f"#{m['id']} {m['title']}") for m in (similar or [])]


@bp.route("/intake", methods=["GET", "POST"])
@login_required
def form():
    """Show the intake form; check for known parties and similar matters; register."""
    _require_clerk()
    form = IntakeForm()
    _set_choices(form)
    if request.method == "GET":
        form.received_on.data = form.received_on.data or local_today(now_utc())
        form.channel.data = form.channel.data or "visit"
        return _page(form, registered=_registered(request.args.get("registered", type=int)))
    checked = intake_lookup.check(form)
    _set_choices(form, checked["similar"])
    if request.form.get("action") == "more":
        form.parties.append_entry()
        return _page(form, checked=checked)
    if not form.validate():
        return _page(form, checked=checked), 422
    if request.form.get("action") == "check":
        return _page(form, checked=checked)
    return _save(form, checked)


def _save(form: IntakeForm, checked: dict):
    """Register the case through the same schema and service the API uses."""
    try:
        data = CaseCreateSchema().load(intake_lookup.payload(form))
        case = intake.register_intake(data=data, actor=current_user, now=now_utc())
    except SchemaError as exc:
        intake_lookup.attach_errors(form, exc.messages)
        return _page(form, checked=checked), 422
    except (Invalid, NotFound) as exc:  # NotFound: a department or matter named but gone
        intake_lookup.attach_errors(form, exc.errors or {"_form": [exc.message]})
        return _page(form, checked=checked), 422
    return redirect(url_for("intake.form", registered=case.id))


def _registered(case_id: int | None):
    """Return the case just registered, for the confirmation panel."""
    return visible_case(case_id, current_user) if case_id else None


def _page(form: IntakeForm, *, checked: dict | None = None, registered=None):
    return render_template("intake/form.html", form=form, checked=checked,
                           registered=registered)


@bp.route("/intake/party")
@login_required
def party():
    """Return what is known about the person with this ID number (for the intake form)."""
    _require_clerk()
    return jsonify(intake_lookup.party_facts(request.args.get("id_number", "")))
