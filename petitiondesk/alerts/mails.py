"""Write alert and digest e-mail in the recipient's language, text and HTML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from petitiondesk.alerts.ladder import Level
from petitiondesk.cases.models import Case
from petitiondesk.deadlines.models import Clock
from petitiondesk.deadlines.service import rules

LEVEL_TITLES = {
    "reminder": _l("Deadline approaching"),
    "overdue": _l("Deadline missed"),
    "supervision": _l("Overdue case under supervision"),
    "leadership": _l("Overdue case reported to leadership"),
    "window_reminder": _l("A time limit is running out"),
    "window_last_day": _l("A time limit ends today"),
}


@dataclass(frozen=True)
class Mail:
    """A rendered e-mail."""

    subject: str
    text: str
    html: str


def mail_locale(locale: str | None) -> str:
    """Return the locale a mail is written in: English for en users, else Chinese."""
    return "en" if (locale or "").startswith("en") else "zh_CN"


def case_link(case_id: int) -> str:
    """Return the absolute address of a case's page."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/cases/{case_id}"


def clock_label(key: str, locale: str) -> str:
    """Return a clock's name in the mail's language."""
    rule = rules().get(key)
    if rule is None:
        return key
    return rule.label_en if locale == "en" else rule.label_zh


def alert_mail(*, case: Case, clock: Clock, level: Level, locale: str, today: date) -> Mail:
    """Render the mail a ladder level sends about one clock."""
    locale = mail_locale(locale)
    with force_locale(locale):
        title = str(LEVEL_TITLES.get(level.name, level.name))
        label = clock_label(clock.key, locale)
        context = {
            "case": case, "clock": clock, "level": level, "title": title, "label": label,
            "link": case_link(case.id), "days_left": (clock.due_on - today).days,
            "window": clock.kind == "window",
        }
        subject = _("[%(number)s] %(title)s: %(label)s, due %(due)s", number=case.number,
                    title=title, label=label, due=clock.due_on.isoformat())
        return Mail(subject=subject, text=render_template("mail/alert.txt", **context),
                    html=render_template("mail/alert.html", **context))


def digest_mail(*, name: str, locale: str, overdue: list[dict], due_soon: list[dict],
                today: date) -> Mail:
    """Render a user's daily digest of overdue and soon-due deadlines."""
    locale = mail_locale(locale)
    with force_locale(locale):
        for item in overdue + due_soon:
            item["label"] = clock_label(item["key"], locale)
            item["link"] = case_link(item["case_id"])
        context = {"name": name, "overdue": overdue, "due_soon": due_soon, "today": today}
        subject = _("Daily deadlines %(day)s: %(overdue)s overdue, %(soon)s due soon",
                    day=today.isoformat(), overdue=len(overdue), soon=len(due_soon))
        return Mail(subject=subject, text=render_template("mail/digest.txt", **context),
                    html=render_template("mail/digest.html", **context))
