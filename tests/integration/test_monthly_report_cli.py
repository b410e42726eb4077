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
