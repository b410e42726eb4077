"""/admin/import: upload a register, see every bad row, then import it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField

from petitiondesk.core.errors import Forbidden, Invalid
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db

bp = Blueprint("register_import", __name__, url_prefix="/admin/import")
SHOWN_PROBLEMS = 500


class RegisterForm(FlaskForm):
    """A register file and whether to skip its bad rows."""

    file = FileField(_l("Register (.xlsx or .csv)"), validators=[
        FileRequired(_l("Required.")),
        FileAllowed(["xlsx", "csv"], _l("An .xlsx or .csv file."))])
    skip_bad = BooleanField(_l("Import the good rows even if some rows are bad"))


@bp.before_request
@login_required
def _require_admin():
    if not current_user.has_role("admin"):
        raise Forbidden(_("Only administrators manage the system."))


@bp.route("/", methods=["GET", "POST"])
def index():
    """Check an uploaded register; with `import`, bring in what the check allows."""
    form = RegisterForm()
    report, problem = None, None
    if form.validate_on_submit():
        report, problem = _run(form, do_import=request.form.get("action") == "import")
        if report is not None and problem is None and request.form.get("action") == "import":
            return redirect(url_for("register_import.index"))
    failed = bool(problem or form.errors or (report and report.problems))
    return render_template("admin/import.html", form=form, report=report, problem=problem,
                           shown=SHOWN_PROBLEMS), 422 if failed else 200


def _run(form: RegisterForm, *, do_import: bool):
    """Check the upload (and import it); return the report and a page-level problem."""
    from petitiondesk.imports.service import check
    from petitiondesk.imports.writer import import_rows

    upload, now = form.file.data, now_utc()
    suffix = Path(upload.filename or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        upload.save(tmp.name)
        try:
            report = check(Path(tmp.name), today=local_today(now), source=upload.filename)
        except Invalid as exc:
            db.session.rollback()
            return None, exc.message
    if not do_import:
        return report, None
    if report.problems and not form.skip_bad.data:
        return report, _("Nothing was imported: the file has bad rows.")
    made = import_rows(report, actor_id=current_user.id, now=now)
    db.session.commit()
    flash(_("Imported %(made)s cases; %(before)s rows had been imported before.",
            made=made, before=report.already), "success")
    return report, None
