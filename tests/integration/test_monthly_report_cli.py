"""`petitiondesk report monthly` and the monthly mail to the leadership."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.alerts.outbox import attachment_bytes
from petitiondesk.stats.cli import report_group
from petitiondesk.stats.mailing import mail_monthly_report
from petitiondesk.stats.period import Month
from tests.stats_history import OCTOBER_TOTALS, History, at, build_until_october

pytestmark = pytest.mark.db


@pytest.fixture
def october(db, clock):
    build_until_october(History())
    db.session.commit()
    clock.local(2026, 11, 2, 9, 0)


@pytest.fixture
def report(app):
    return lambda *args: app.test_cli_runner().invoke(report_group, ["monthly", *args])


def test_the_command_prints_the_months_json(report, october):
    result = report("--month", "2026-10")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"] == OCTOBER_TOTALS


def test_the_command_writes_an_xlsx_file(report, october, tmp_path):
    target = tmp_path / "oct.xlsx"
    result = report("--month", "2026-10", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert load_workbook(target)["2026-10 汇总"]["B2"].value == OCTOBER_TOTALS["received"]


@pytest.mark.parametrize("month", ["2026-13", "Oct 2026", "2031-01"])
def test_a_bad_month_exits_non_zero_with_one_line(report, db, clock, month):
    result = report("--month", month)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and "month" in result.output


def test_the_mail_goes_once_to_each_leader_with_the_workbook(app, october, db):
    app.config["LEADERSHIP_EMAILS"] = ["mayor@city.test", "deputy@city.test"]
    try:
        assert mail_monthly_report(now=at(11, 1, 8)) == 2
        assert mail_monthly_report(now=at(11, 1, 9)) == 0
    finally:
        app.config["LEADERSHIP_EMAILS"] = []
    db.session.commit()
    mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.recipient)).all()
    assert [m.key for m in mails] == ["monthly-report:2026-10:deputy@city.test",
                                      "monthly-report:2026-10:mayor@city.test"]
    attachment = mails[0].attachments[0]
    assert attachment["filename"] == "monthly-statistics-2026-10.xlsx"
    assert "2026-10" in mails[0].subject and "4" in mails[0].body_text


def test_send_queues_the_report_for_the_month_asked(app, report, october, db):
    app.config["LEADERSHIP_EMAILS"] = "mayor@city.test"
    try:
        result = report("--month", "2026-09", "--send", "--output", "/dev/null")
    finally:
        app.config["LEADERSHIP_EMAILS"] = []
    assert result.exit_code == 0, result.output
    mail = db.session.scalars(db.select(OutboxMessage)).one()
    assert mail.key == f"monthly-report:{Month(2026, 9)}:mayor@city.test"
    book = load_workbook(io.BytesIO(attachment_bytes(mail.attachments[0])))
    assert book["2026-09 汇总"]["B2"].value == 2


@pytest.fixture
def freeze(app):
    return lambda *args: app.test_cli_runner().invoke(report_group, ["freeze", *args])


def test_freeze_all_closed_freezes_every_month_since_the_first_case_once(freeze, october):
    from petitiondesk.stats import snapshots

    result = freeze("--all-closed")
    assert result.exit_code == 0, result.output
    assert "froze 4 month(s)" in result.output  # July (the first case) to October
    assert snapshots.frozen(Month(2026, 10))["totals"] == OCTOBER_TOTALS
    assert snapshots.frozen(Month(2026, 6)) is None and snapshots.frozen(Month(2026, 11)) is None
    again = freeze("--all-closed")
    assert again.exit_code == 0 and "froze 0 month(s); 4 were frozen already" in again.output


def test_freeze_one_month_and_refuse_the_current_one(freeze, october):
    from petitiondesk.stats import snapshots

    assert "froze 1 month(s)" in freeze("--month", "2026-09").output
    assert snapshots.frozen(Month(2026, 9)) is not None
    assert snapshots.frozen(Month(2026, 10)) is None
    current = freeze("--month", "2026-11")
    assert current.exit_code != 0 and "has not closed" in current.output
    assert freeze().exit_code != 0  # neither --month nor --all-closed
