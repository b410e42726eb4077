"""The monthly statistics API: who may read it, and JSON, CSV and XLSX agreeing."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from petitiondesk.stats.tables import DEPARTMENT_COLUMNS
from tests.stats_history import OCTOBER_TOTALS, History, build_until_october

pytestmark = pytest.mark.db
URL = "/api/v1/stats/monthly"


@pytest.fixture
def october(db, clock):
    build_until_october(History())
    db.session.commit()
    clock.local(2026, 11, 2, 9, 0)


def _csv_tables(data: bytes) -> dict[str, list[list[str]]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    tables, current = {}, None
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        if not row:
            current = None
        elif current is None:
            current = tables.setdefault(row[0], [])
        else:
            current.append(row)
    return tables


def test_json_csv_and_xlsx_agree(client, login, october):
    auditor = login("auditor")
    report = client.get(f"{URL}?month=2026-10", headers=auditor).get_json()
    assert report["totals"] == OCTOBER_TOTALS
    as_csv = client.get(f"{URL}.csv?month=2026-10", headers=auditor)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    tables = _csv_tables(as_csv.data)
    totals = tables["2026-10 汇总"]
    assert totals[0] == ["指标", "本月", "上月", "去年同月"]
    assert [r[1] for r in totals[1:]] == [
        "" if v is None else str(v) for v in OCTOBER_TOTALS.values()]
    book = load_workbook(io.BytesIO(client.get(f"{URL}.xlsx?month=2026-10",
                                               headers=auditor).data))
    assert book.sheetnames == ["2026-10 汇总", "按办理类型", "按来源渠道", "按部门", "法律事务",
                               "信访人满意度", "分办建议"]
    sheet_totals = [row[1] for row in book["2026-10 汇总"].iter_rows(min_row=2, values_only=True)]
    assert sheet_totals == list(OCTOBER_TOTALS.values())
    departments = list(book["按部门"].iter_rows(values_only=True))
    assert departments[0][:3] == ("部门代码", "部门", "收案数")
    keys = [key for key, _ in DEPARTMENT_COLUMNS]
    assert [list(r) for r in departments[1:]] == [
        [d[k] for k in keys] for d in report["by_department"]]
    assert tables["按部门"][1:] == [
        ["" if d[k] is None else str(d[k]) for k in keys] for d in report["by_department"]]


@pytest.mark.parametrize("role", ["auditor", "supervisor", "admin", "head", "counsel"])
def test_leadership_supervisors_heads_and_counsel_read_statistics(client, login, role):
    answer = client.get(f"{URL}?month=2026-10", headers=login(role, dept="legal"))
    assert answer.status_code == 200
    assert answer.get_json()["totals"]["received"] == 0


@pytest.mark.parametrize("suffix", ["", ".csv", ".xlsx"])
def test_clerks_and_handlers_may_not_read_statistics(client, login, suffix):
    assert client.get(f"{URL}{suffix}?month=2026-10", headers=login("clerk")).status_code == 403
    assert client.get(f"{URL}{suffix}?month=2026-10",
                      headers=login("handler")).status_code == 403


@pytest.mark.parametrize("month", ["2026-13", "26-10", "october", "1899-12"])
def test_a_malformed_month_is_422(client, login, month):
    answer = client.get(f"{URL}?month={month}", headers=login("auditor"))
    assert answer.status_code == 422 and "month" in answer.get_json()["errors"]


def test_a_month_that_has_not_begun_has_no_statistics_yet(client, login, clock):
    clock.local(2026, 12, 31, 23, 59)
    answer = client.get(f"{URL}?month=2027-01", headers=login("auditor"))
    assert answer.status_code == 404 and "month" in answer.get_json()["errors"]
    assert client.get(f"{URL}?month=2026-12", headers=login("auditor")).status_code == 200


def test_without_a_month_the_report_is_last_months(client, login, clock):
    clock.local(2026, 11, 27, 10, 0)
    assert client.get(URL, headers=login("auditor")).get_json()["month"] == "2026-10"
