"""The portal's forms: every field checked here before anything is stored."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from petitiondesk.cases.identity import id_number_problem, normalise_id_number

REQUIRED = _l("Required.")
PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def _valid_id_number(form, field) -> None:
    value = normalise_id_number(field.data or "")
    field.data = value
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(_l("This ID number is not valid: %(why)s", why=problem))


class SubmitForm(FlaskForm):
    """An online petition: who, how to reach them, what it is about, scans."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=100)])
    id_number = StringField(_l("ID number"), validators=[DataRequired(REQUIRED),
                                                         _valid_id_number])
    phone = StringField(_l("Phone"), validators=[
        DataRequired(REQUIRED), Regexp(PHONE, message=_l("A mobile number of 11 digits or a "
                                                         "landline with its area code."))])
    category = SelectField(_l("Kind of matter"), validators=[Optional()])
    title = StringField(_l("Your matter in one line"),
                        validators=[DataRequired(REQUIRED), Length(min=4, max=200)])
    description = TextAreaField(_l("What happened and what you ask for"),
                                validators=[DataRequired(REQUIRED), Length(min=10, max=5000)])
    files = MultipleFileField(_l("Scans or photos (PDF, JPEG, PNG)"))


class LookupForm(FlaskForm):
    """Case number and query code."""

    number = StringField(_l("Case number"), validators=[DataRequired(REQUIRED),
                                                        Length(max=30)])
    code = StringField(_l("Query code"), validators=[DataRequired(REQUIRED), Length(max=20)])


RATING_LABELS = {"satisfied": _l("Satisfied"), "basically_satisfied": _l("Basically satisfied"),
                 "dissatisfied": _l("Dissatisfied")}


class RatingForm(FlaskForm):
    """The petitioner's satisfaction with the reply."""

    rating = RadioField(_l("How satisfied are you with the reply?"),
                        choices=list(RATING_LABELS.items()), validators=[DataRequired(REQUIRED)])


class ReviewForm(FlaskForm):
    """A request for review (复查) of the reply, with the reason."""

    reason = TextAreaField(_l("Why you ask for a review"),
                           validators=[DataRequired(REQUIRED), Length(min=5, max=2000)])
