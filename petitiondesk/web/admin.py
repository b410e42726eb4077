"""Administration pages: departments, users, the holiday calendar, the deadline rules."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Integer, cast, extract, func

from petitiondesk.accounts import service as accounts
from petitiondesk.accounts.models import FUNCTIONS, Department, User
from petitiondesk.accounts.offices import assign_office, missing_functions, offices
from petitiondesk.core.errors import Conflict, DomainError, Forbidden, Invalid
from petitiondesk.core.timeutil import now_utc
from petitiondesk.deadlines import calendar_service
from petitiondesk.deadlines.models import CalendarDay, CalendarYear
from petitiondesk.deadlines.service import rules
from petitiondesk.extensions import db
from petitiondesk.web.forms import CalendarForm, DepartmentForm, OfficesForm, UserForm
from petitiondesk.web.template_helpers import FUNCTION_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin")
FIELD_NAMES = {"role": "roles", "department_code": "department"}


@bp.before_request
@login_required
def _require_admin():
    if not current_user.has_role("admin"):
        raise Forbidden(_("Only administrators manage the system."))


@bp.route("/")
def index():
    """Show the administration overview."""
    return render_template("admin/index.html", departments=_departments(),
                           years=_years(), rule_count=len(rules()),
                           missing=missing_functions())


def _departments():
    users = (db.select(User.department_id, func.count(User.id)).group_by(User.department_id))
    counts = dict(db.session.execute(users).all())
    rows = db.session.scalars(db.select(Department).order_by(Department.code))
    return [(d, counts.get(d.id, 0)) for d in rows]


def _years():
    """Return the loaded calendar years with how many days each lists."""
    year = cast(extract("year", CalendarDay.day), Integer)
    counts = dict(db.session.execute(db.select(year, func.count()).group_by(year)).all())
    rows = db.session.scalars(db.select(CalendarYear).order_by(CalendarYear.year))
    return [(row, counts.get(row.year, 0)) for row in rows]


@bp.route("/departments", methods=["GET", "POST"])
def departments():
    """List departments and the offices they serve; create one."""
    form = _department_form()
    if form.validate_on_submit():
        try:
            accounts.create_department(code=form.code.data.strip(), name=form.name.data.strip(),
                                       email=form.email.data or None,
                                       functions=form.functions.data or [])
        except DomainError as exc:
            db.session.rollback()
            if "functions" in exc.errors:
                form.functions.errors.append(exc.message)
            else:
                form.code.errors.append(_("This code is taken.") if isinstance(exc, Conflict)
                                        else exc.message)
        else:
            flash(_("Department %(name)s created.", name=form.name.data), "success")
            return redirect(url_for("admin.departments"))
    failed = any(f.errors for f in form)
    return _departments_page(form=form, status=422 if failed else 200)


@bp.route("/departments/offices", methods=["POST"])
def set_offices():
    """Choose the department serving each function (none: the function is missing)."""
    form = _offices_form(submitted=True)
    if not form.validate_on_submit():
        return _departments_page(offices_form=form, status=422)
    for function in FUNCTIONS:
        code = getattr(form, function).data
        assign_office(function, accounts.department_by_code(code) if code else None)
    flash(_("Offices saved."), "success")
    return redirect(url_for("admin.departments"))


def _departments_page(*, form=None, offices_form=None, status: int = 200):
    return render_template("admin/departments.html", form=form or _department_form(),
                           offices_form=offices_form or _offices_form(),
                           departments=_departments(), missing=missing_functions(),
                           functions=FUNCTIONS), status


def _department_form() -> DepartmentForm:
    form = DepartmentForm()
    form.functions.choices = [(f, str(FUNCTION_LABELS[f])) for f in FUNCTIONS]
    return form


def _offices_form(*, submitted: bool = False) -> OfficesForm:
    """Return the offices form as submitted, or showing who serves each function now."""
    current = {f: (d.code if d else "") for f, d in offices().items()}
    form = OfficesForm() if submitted else OfficesForm(formdata=None, data=current)
    choices = [("", "—")] + [(d.code, f"{d.name} ({d.code})") for d, _n in _departments()
                            if d.active]
    for function in FUNCTIONS:
        getattr(form, function).choices = choices
    return form


@bp.route("/users", methods=["GET", "POST"])
def users():
    """List users and create one."""
    form = UserForm()
    form.department.choices = [("", "—")] + [
        (d.code, d.name) for d, _n in _departments() if d.active]
    form.roles.choices = [(r, str(label)) for r, label in _role_labels()]
    if form.validate_on_submit() and _create_user(form):
        flash(_("User %(name)s created.", name=form.name.data), "success")
        return redirect(url_for("admin.users"))
    people = db.session.scalars(db.select(User).order_by(User.department_id, User.name))
    failed = any(f.errors for f in form)
    return render_template("admin/users.html", form=form, users=list(people)), (
        422 if failed else 200)


def _role_labels():
    from petitiondesk.accounts.roles import ROLES
    from petitiondesk.web.template_helpers import ROLE_LABELS

    return [(r, ROLE_LABELS[r]) for r in ROLES]


def _create_user(form: UserForm) -> bool:
    """Create the user; on a refusal put the messages next to the fields."""
    try:
        accounts.create_user(email=form.email.data, password=form.password.data,
                             name=form.name.data.strip(), department_code=form.department.data,
                             roles=form.roles.data, now=now_utc(), locale=form.locale.data)
    except Conflict:
        db.session.rollback()
        form.email.errors.append(_("A user with this e-mail exists already."))
        return False
    except DomainError as exc:
        db.session.rollback()
        for name, messages in (exc.errors or {"email": [exc.message]}).items():
            getattr(form, FIELD_NAMES.get(name, name), form.email).errors.extend(messages)
        return False
    return True


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    """Show the loaded years and load a year's calendar from a CSV file."""
    form = CalendarForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = upload.read().decode("utf-8-sig")
            result = calendar_service.import_calendar(csv_text=text, source=upload.filename,
                                                      now=now_utc(), actor=current_user)
        except UnicodeDecodeError:
            problems = [_("The file is not UTF-8 text.")]
        except Invalid as exc:
            db.session.rollback()
            problems = [m for msgs in (exc.errors or {"csv": [exc.message]}).values()
                        for m in msgs]
        else:
            flash(_("Calendar loaded: %(years)s, %(days)s days; %(clocks)s deadlines recomputed.",
                    years=", ".join(str(y) for y in result["years"]), days=result["days"],
                    clocks=result["clocks_changed"]), "success")
            return redirect(url_for("admin.calendar"))
    failed = bool(problems or form.errors)
    return render_template("admin/calendar.html", form=form, years=_years(),
                           problems=problems), 422 if failed else 200


@bp.route("/rules")
def deadline_rules():
    """Show the deadline rules in force (read-only: they live in config/deadlines.toml)."""
    return render_template("admin/rules.html", rules=sorted(rules().values(),
                                                            key=lambda r: r.key),
                           due_soon_days=rules().due_soon_days)
