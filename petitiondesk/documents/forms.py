"""Page forms for notice documents and their templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from petitiondesk.documents.templates import MAX_BODY

REQUIRED = _l("Required.")
METHOD_LABELS = {"in_person": _l("In person"), "post": _l("By post"),
                 "electronic": _l("Electronically")}


class IssueForm(FlaskForm):
    """Issue a notice of a kind; a 不予受理 notice may name the channel."""

    kind = SelectField(_l("Document"), validators=[DataRequired(REQUIRED)])
    channel = StringField(_l("Channel the petitioner is guided to"),
                          validators=[Optional(), Length(max=200)])


class ServedForm(FlaskForm):
    """Record the day and method of service."""

    on = DateField(_l("Served on"), validators=[DataRequired(REQUIRED)])
    method = SelectField(_l("Method"), choices=list(METHOD_LABELS.items()),
                         validators=[DataRequired(REQUIRED)])


class TemplateForm(FlaskForm):
    """Edit a kind's template (saved as a new version) or preview it."""

    body = TextAreaField(_l("Wording"), validators=[DataRequired(REQUIRED),
                                                    Length(max=MAX_BODY)])
