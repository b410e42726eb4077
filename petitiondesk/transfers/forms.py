"""Page forms for answering transfers and editing routing rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class AcceptForm(FlaskForm):
    """Accept a transfer: nothing to fill in but the CSRF token."""


class RejectForm(FlaskForm):
    """Refuse a transfer, with the reason the sender and the supervisor will read."""

    reason = TextAreaField(_l("Reason for refusing"),
                           validators=[DataRequired(), Length(max=2000)])


class RoutingRuleForm(FlaskForm):
    """One routing rule: conditions, priority and the department it names."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    priority = IntegerField(_l("Priority (lower is tried first)"), default=100,
                            validators=[DataRequired(), NumberRange(min=0, max=1_000_000)])
    category = StringField(_l("Category (blank: any)"), validators=[Optional(), Length(max=60)])
    area = StringField(_l("Area (blank: any)"), validators=[Optional(), Length(max=60)])
    keywords = StringField(_l("Keywords in title or description (comma-separated; blank: any)"),
                           validators=[Optional(), Length(max=2000)])
    department = SelectField(_l("Department"), validators=[DataRequired()])
    active = BooleanField(_l("Active"), default=True)

    def data_for_service(self) -> dict:
        """Return the fields as the routing service takes them."""
        return {"name": self.name.data.strip(), "priority": self.priority.data,
                "category": self.category.data, "area": self.area.data,
                "keywords": self.keywords.data or "", "department": self.department.data,
                "active": bool(self.active.data)}


class AssignmentModeForm(FlaskForm):
    """How one department's incoming cases are assigned."""

    department = StringField(validators=[DataRequired(), Length(max=40)])
    assignment_mode = SelectField(_l("Assignment"), choices=[
        ("unassigned", _l("Unassigned: the head assigns")),
        ("round_robin", _l("Round robin among handlers")),
        ("fewest_open", _l("Handler with the fewest open cases"))],
        validators=[DataRequired()])


class DeleteForm(FlaskForm):
    """Remove a routing rule: the CSRF token only."""
