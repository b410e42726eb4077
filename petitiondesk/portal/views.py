"""Public pages for petitioners: no staff account, zh_CN, usable on a phone."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from petitiondesk.cases.models import Case
from petitiondesk.core.errors import DomainError
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.portal import service
from petitiondesk.portal.access import Locked, case_for
from petitiondesk.portal.forms import LookupForm, RatingForm, ReviewForm, SubmitForm
from petitiondesk.security.ratelimit import count_attempt

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.before_request
def _enabled():
    if not current_app.config["PORTAL_ENABLED"]:
        abort(404)


@bp.route("/")
def index():
    """The portal's front page: submit a petition, or look one up."""
    return render_template("portal/index.html")


@bp.route("/submit", methods=["GET", "POST"])
def submit():
    """Submit a petition online; the answer shows the case number and query code once."""
    form = SubmitForm()
    _category_choices(form)
    if not form.validate_on_submit():
        return _page("portal/submit.html", form=form, failed=request.method == "POST")
    files = [f for f in (form.files.data or []) if getattr(f, "filename", "")]
    problem = _files_problem(files)
    if problem:
        form.files.errors = [problem]
        return _page("portal/submit.html", form=form, failed=True)
    wait = _limited("ps", limit="PORTAL_SUBMIT_LIMIT", window="PORTAL_SUBMIT_WINDOW_SECONDS")
    if wait:
        return _too_many(wait)
    now = now_utc()
    try:
        case, code = service.submit(petitioner={"name": form.name.data.strip(),
                                                "id_number": form.id_number.data,
                                                "phone": form.phone.data.strip()},
                                    matter={"title": form.title.data.strip(),
                                            "description": form.description.data.strip(),
                                            "category": form.category.data or None},
                                    files=files, now=now,
                                    max_bytes=current_app.config["PORTAL_FILE_MAX_BYTES"])
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        form.files.errors = [exc.message] if "file" in (exc.errors or {}) else []
        return _page("portal/submit.html", form=form, failed=True, error=exc.message)
    _remember(case, now)
    return render_template("portal/submitted.html", number=case.number, code=code), 201


def _category_choices(form: SubmitForm) -> None:
    from petitiondesk.web.template_helpers import CATEGORY_LABELS

    form.category.choices = [("", "—")] + [(k, str(v)) for k, v in CATEGORY_LABELS.items()]


def _files_problem(files: list) -> str | None:
    cfg = current_app.config
    if len(files) > int(cfg["PORTAL_MAX_FILES"]):
        return _("At most %(n)s files.", n=cfg["PORTAL_MAX_FILES"])
    return None


@bp.route("/lookup", methods=["GET", "POST"])
def lookup():
    """Look a case up by its number and query code."""
    form = LookupForm()
    if not form.validate_on_submit():
        return _page("portal/lookup.html", form=form, failed=request.method == "POST")
    number = form.number.data.strip().upper()
    wait = (_limited("pl", limit="PORTAL_LOOKUP_LIMIT", window="PORTAL_LOOKUP_WINDOW_SECONDS")
            or _limited("pc", key=number, limit="PORTAL_LOOKUP_LIMIT",
                        window="PORTAL_LOOKUP_WINDOW_SECONDS", share=2))
    if wait:
        return _too_many(wait)
    now = now_utc()
    try:
        case = case_for(number, form.code.data, now=now)
    except Locked:
        return _page("portal/lookup.html", form=form, failed=True, status=429,
                     error=_("Too many wrong codes for this case number. Try again later."))
    if case is None:
        return _page("portal/lookup.html", form=form, failed=True,
                     error=_("The case number and the query code do not match."))
    _remember(case, now)
    return redirect(url_for("portal.case"))


@bp.route("/case")
def case():
    """Show the looked-up case: status, deadlines, documents; rating and review if due."""
    found = _remembered()
    if found is None:
        return redirect(url_for("portal.lookup"))
    return _case_page(found)


@bp.route("/case/rating", methods=["POST"])
def rate():
    """Record the petitioner's rating of the reply."""
    return _act(RatingForm(), lambda found, form: service.rate(
        found, rating=form.rating.data, now=now_utc()),
        invalid=_("Choose one of the ratings."), done=_("Thank you: your rating is recorded."))


@bp.route("/case/review", methods=["POST"])
def review():
    """Record the petitioner's request for review within the window."""
    return _act(ReviewForm(), lambda found, form: service.request_review(
        found, reason=form.reason.data.strip(), now=now_utc()),
        invalid=_("Say why you ask for a review (at least 5 characters)."),
        done=_("Your request for review is recorded."))


def _act(form, run, *, invalid: str, done: str):
    """Run one petitioner action on the remembered case; back to its page either way."""
    found = _remembered()
    if found is None:
        return redirect(url_for("portal.lookup"))
    if not form.validate_on_submit():
        return _case_page(found, error=invalid, status=422)
    try:
        run(found, form)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return _case_page(found, error=exc.message, status=exc.status)
    flash(done, "success")
    return redirect(url_for("portal.case"))


@bp.route("/leave", methods=["POST"])
def leave():
    """Forget the looked-up case in this browser."""
    session.pop("portal", None)
    return redirect(url_for("portal.index"))


def _page(template: str, *, form, failed: bool, status: int | None = None, error=None):
    return render_template(template, form=form, error=error), status or (422 if failed else 200)


def _case_page(found: Case, *, error: str | None = None, status: int = 200):
    today = local_today(now_utc())
    return render_template("portal/case.html", case=service.public_view(found, today=today),
                           rating_form=RatingForm(formdata=None),
                           review_form=ReviewForm(formdata=None), error=error), status


def _limited(prefix: str, *, limit: str, window: str, key: str | None = None,
             share: int = 1) -> int | None:
    """Count this attempt under `prefix:key` (default: the address); return a wait if over."""
    cfg = current_app.config
    if int(cfg[limit]) <= 0:
        return None
    allowed = max(1, int(cfg[limit]) // share)
    who = key or request.remote_addr or "unknown"
    return count_attempt(key=f"{prefix}:{who}", now=now_utc(), limit=allowed,
                         window=timedelta(seconds=int(cfg[window])))


def _too_many(wait: int):
    response = current_app.make_response((render_template(
        "portal/message.html", message=_("Too many attempts; try again in %(s)d seconds.",
                                         s=wait)), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _remember(case: Case, now: datetime) -> None:
    session["portal"] = {"case_id": case.id, "at": now.isoformat()}


def _remembered() -> Case | None:
    """Return the case this browser looked up, while the portal session lasts."""
    held = session.get("portal")
    if not held:
        return None
    minutes = int(current_app.config["PORTAL_SESSION_MINUTES"])
    if now_utc() - datetime.fromisoformat(held["at"]) > timedelta(minutes=minutes):
        session.pop("portal", None)
        return None
    return db.session.get(Case, held["case_id"])


@bp.app_template_filter("rating_label")
def rating_label(rating: str | None) -> str:
    """Return the translated name of a satisfaction rating."""
    from petitiondesk.portal.forms import RATING_LABELS

    return str(RATING_LABELS.get(rating, rating or "—"))


@bp.context_processor
def _portal_globals() -> dict:
    return {"bureau": current_app.config["BUREAU_NAME"]}
