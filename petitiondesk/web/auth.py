"""Sign in and out of the pages."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from petitiondesk.accounts import service
from petitiondesk.core.errors import Unauthorized
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign the user in on valid credentials."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        cfg = current_app.config
        try:
            user = service.authenticate(
                email=form.email.data, password=form.password.data, now=now_utc(),
                max_failures=cfg["LOGIN_MAX_FAILURES"], lock_minutes=cfg["LOGIN_LOCK_MINUTES"])
        except Unauthorized as exc:
            error = exc.message
        else:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else 200
    return render_template("auth/login.html", form=form, error=error), status


def _safe_next(target: str | None) -> str:
    """Return a local redirect target only."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("queue.index")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out."""
    logout_user()
    return redirect(url_for("auth.login"))
