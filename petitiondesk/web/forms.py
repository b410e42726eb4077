"""The forms of the pages: CSRF, field messages, and what was typed coming back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from petitiondesk.accounts.roles import ROLES
from petitiondesk.cases.identity import id_number_problem, normalise_id_number

REQUIRED = _l("Required.")

ID_PROBLEMS = {
    "must be 18 characters": _l("An ID number has 18 characters: 17 digits and a check digit "
                                "or X."),
    "contains an impossible": _l("The birth date in this ID number is impossible."),
    "check digit": _l("The check digit does not match; please check the number."),
}


def id_number_message(problem: str) -> str:
    """Return the translated message for an ID-number problem."""
    for start, message in ID_PROBLEMS.items():
        if problem.startswith(start):
            return str(message)
    return problem


def valid_id_number(form, field) -> None:
    """Refuse an ID number that is not a valid resident ID (GB 11643)."""
    if field.data:
        problem = id_number_problem(normalise_id_number(field.data))
        if problem:
            raise ValidationError(id_number_message(problem))


class VersionForm(FlaskForm):
    """An action with no input: the version the user saw, and the CSRF token."""

    version = HiddenField()


class ReplyForm(VersionForm):
    """The written reply."""

    text = TextAreaField(_l("Reply"), validators=[DataRequired(REQUIRED), Length(max=20000)])
    outcome = SelectField(_l("Outcome"), validators=[DataRequired(REQUIRED)])


class CloseForm(VersionForm):
    """Close with an outcome."""

    outcome = SelectField(_l("Outcome"), validators=[DataRequired(REQUIRED)])


class ReasonForm(VersionForm):
    """An action that needs a reason (suspend, resume, reject a transfer)."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=2000)])


class TransferForm(VersionForm):
    """Transfer the case to another department."""

    to_department = SelectField(_l("To department"), validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=2000)])


class DesignateForm(FlaskForm):
    """A supervisor names the department answerable for a case."""

    department = SelectField(_l("Responsible department"), validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=2000)])


class ExtensionForm(VersionForm):
    """Ask for more time on one clock."""

    clock = SelectField(_l("Deadline"), validators=[DataRequired(REQUIRED)])
    days = IntegerField(_l("Days"), validators=[InputRequired(REQUIRED),
                                               NumberRange(min=1, max=366)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=2000)])


class PartyForm(Form):
    """One party as the clerk types it (a sub-form: the outer form carries the token)."""

    id_number = StringField(_l("ID number"), validators=[Optional(), Length(max=18),
                                                        valid_id_number])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=400)])


class DepartmentForm(FlaskForm):
    """A new department."""

    code = StringField(_l("Code"), validators=[DataRequired(REQUIRED), Length(max=40)])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    functions = SelectMultipleField(_l("Functions it serves for the bureau"),
                                    validators=[Optional()],
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())


class OfficesForm(FlaskForm):
    """Which department serves each function (choices filled by the page)."""

    intake = SelectField(_l("Intake office"), validators=[Optional()])
    legal = SelectField(_l("Legal counsel office"), validators=[Optional()])
    supervision = SelectField(_l("Supervision office"), validators=[Optional()])


class UserForm(FlaskForm):
    """A new user."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(),
                                                 Length(max=254)])
    password = PasswordField(_l("Initial password"),
                             validators=[DataRequired(REQUIRED), Length(min=8, max=200)])
    department = SelectField(_l("Department"), validators=[DataRequired(REQUIRED)])
    roles = SelectMultipleField(_l("Roles"), choices=[(r, r) for r in ROLES],
                                validators=[DataRequired(REQUIRED)])
    locale = SelectField(_l("Language"), choices=[("zh_CN", "中文"), ("en", "English")])


class CalendarForm(FlaskForm):
    """A year's holiday calendar as CSV (date,kind,name)."""

    file = FileField(_l("Calendar file (CSV)"), validators=[FileRequired(REQUIRED)])
