"""The actions the case page offers: each one's form, who may take it, and its service call.

The page calls the same services as the API. Services other areas are still building are
looked up when needed, so an action appears as soon as its service lands.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from petitiondesk.accounts.models import Department, User
from petitiondesk.cases import actions as lifecycle
from petitiondesk.cases.enums import (
    LITIGATION_OUTCOMES,
    PETITION_OUTCOMES,
    RECONSIDERATION_OUTCOMES,
)
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Forbidden
from petitiondesk.extensions import db
from petitiondesk.web import forms
from petitiondesk.web.template_helpers import OUTCOME_LABELS

TRACK_OUTCOMES = {
    "petition": PETITION_OUTCOMES, "litigation": LITIGATION_OUTCOMES,
    "reconsideration": RECONSIDERATION_OUTCOMES,
    "mediation": ("agreement", "no_agreement", "withdrawn", "terminated"),
    "arbitration": ("award", "settled", "withdrawn", "terminated"),
}


@dataclass(frozen=True)
class Action:
    """One thing a user can do to a case from its page."""

    name: str
    label: object
    form: type
    run: Callable
    lifecycle: bool = True  # offered only when the lifecycle table allows it


def service(module: str, attr: str) -> Callable | None:
    """Return a service function another area provides, or None while it is not there."""
    try:
        return getattr(importlib.import_module(module), attr, None)
    except ImportError:
        return None


def _version(form) -> int | None:
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() else None


def _accept(case, form, user, now):
    return lifecycle.accept(case, actor=user, now=now, version=_version(form))


def _reply(case, form, user, now):
    return lifecycle.reply(case, text=form.text.data, outcome=form.outcome.data, actor=user,
                           now=now, version=_version(form))


def _close(case, form, user, now):
    return lifecycle.close(case, outcome=form.outcome.data, actor=user, now=now,
                           version=_version(form))


def _transfer(case, form, user, now):
    lifecycle.check_version(case, _version(form))
    send = service("petitiondesk.transfers.service", "request_transfer")
    return send(case=case, to_code=form.to_department.data, reason=form.reason.data,
                actor=user, now=now)


def _suspend(case, form, user, now):
    return lifecycle.suspend(case, reason=form.reason.data, actor=user, now=now,
                             version=_version(form))


def _resume(case, form, user, now):
    return lifecycle.resume(case, reason=form.reason.data, actor=user, now=now,
                            version=_version(form))


def _extend(case, form, user, now):
    lifecycle.check_version(case, _version(form))
    ask = service("petitiondesk.deadlines.extensions", "request_extension")
    return ask(case, clock=form.clock.data, days=form.days.data, reason=form.reason.data,
               actor=user, now=now)


ACTIONS = {a.name: a for a in (
    Action("accept", _l("Accept"), forms.VersionForm, _accept),
    Action("reply", _l("Reply"), forms.ReplyForm, _reply),
    Action("close", _l("Close"), forms.CloseForm, _close),
    Action("extend", _l("Request an extension"), forms.ExtensionForm, _extend,
           lifecycle=False),
    Action("suspend", _l("Suspend"), forms.ReasonForm, _suspend, lifecycle=False),
    Action("resume", _l("Resume"), forms.ReasonForm, _resume, lifecycle=False),
    Action("transfer", _l("Transfer to another department"), forms.TransferForm, _transfer,
           lifecycle=False),
)}


def may_handle(case: Case, user: User) -> bool:
    """Return whether the user may act on the case (the services' own rule)."""
    try:
        lifecycle.require_handler(case, user)
    except Forbidden:
        return False
    return True


def offered(case: Case, user: User, allowed: list[str]) -> list[Action]:
    """Return the actions this user may take on this case now."""
    if not may_handle(case, user):
        return []
    return [action for action in ACTIONS.values()
            if (action.name in allowed if action.lifecycle else _extra_offered(action, case))]


def _extra_offered(action: Action, case: Case) -> bool:
    """Offer an action outside the lifecycle table when its service exists and it fits."""
    from petitiondesk.cases.enums import OPEN_STATUSES

    if case.status not in OPEN_STATUSES:
        return False
    needs = {"transfer": ("petitiondesk.transfers.service", "request_transfer"),
             "extend": ("petitiondesk.deadlines.extensions", "request_extension"),
             "suspend": ("petitiondesk.cases.actions", "suspend"),
             "resume": ("petitiondesk.cases.actions", "resume")}[action.name]
    if service(*needs) is None:
        return False
    if action.name == "extend":
        return bool(extendable_clocks(case))
    if action.name in ("suspend", "resume"):
        return case.suspended == (action.name == "resume")
    return True


def extendable_clocks(case: Case) -> list:
    """Return the case's running clocks whose rule allows an extension."""
    from petitiondesk.deadlines import service as clocks

    found = []
    for clock in clocks.open_clocks(case):
        rule = clocks.rules().get(clock.key)
        variant = clock.variant if rule and clock.variant in rule.variants else None
        if rule and clock.kind == "obligation" and rule.max_extension_for(variant) > (
                clock.extended_days or 0):
            found.append((clock, rule))
    return found


def _english() -> bool:
    from flask_login import current_user

    return getattr(current_user, "locale", "zh_CN") == "en"


def prepare(form, case: Case) -> None:
    """Fill a form's choices for this case."""
    if hasattr(form, "outcome"):
        codes = TRACK_OUTCOMES.get(case.track, PETITION_OUTCOMES)
        form.outcome.choices = [("", "—")] + [(c, str(OUTCOME_LABELS.get(c, c))) for c in codes]
    if hasattr(form, "to_department"):
        depts = db.session.scalars(db.select(Department).where(
            Department.active.is_(True), Department.id != case.department_id)
            .order_by(Department.name))
        form.to_department.choices = [("", "—")] + [(d.code, d.name) for d in depts]
    if hasattr(form, "clock"):
        form.clock.choices = [("", "—")] + [
            (c.key, f"{r.label_en if _english() else r.label_zh} (≤ {r.max_extension})")
            for c, r in extendable_clocks(case)]
    if hasattr(form, "version") and not form.version.data:
        form.version.data = str(case.version)
