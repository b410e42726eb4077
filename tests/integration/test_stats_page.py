"""The statistics page shows the same figures as the API, drawn without JavaScript."""

from __future__ import annotations

import re

import pytest

from petitiondesk.stats.period import Month
from petitiondesk.stats.service import monthly_report
from tests import factories
from tests.stats_history import OCTOBER_TOTALS, History, at, build_until_october

pytestmark = pytest.mark.db


@pytest.fixture
def signed_in(app, db, clock):
    clock.local(2026, 11, 2, 9, 0)
    client = app.test_client()

    def sign_in(*roles):
        person = factories.user(*roles, dept="reserve")
        assert client.post("/login", data={"email": person.email,
                                           "password": factories.PASSWORD}).status_code == 302
        return client

    return sign_in


@pytest.fixture
def page(signed_in, db):
    build_until_october(History())
    db.session.commit()
    return signed_in


def _figures(html: str) -> dict[str, str]:
    found = re.findall(r'data-key="(\w+)">\s*<span class="name">[^<]*</span>\s*'
                       r'<span class="figure">([^<]*)</span>', html)
    return dict(found)


def test_the_page_shows_the_reports_totals_and_departments(page):
    html = page("auditor").get("/stats?month=2026-10").get_data(as_text=True)
    figures = _figures(html)
    assert figures["on_time_rate"] == "85.7%"
    assert {k: int(v) for k, v in figures.items() if k != "on_time_rate"} == {
        k: v for k, v in OCTOBER_TOTALS.items() if k != "on_time_rate"}
    report = monthly_report(month=Month(2026, 10), now=at(11, 2))
    for dept in report["by_department"]:
        row = re.search(rf'<tr data-code="{dept["code"]}">(.*?)</tr>', html, re.S).group(1)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        assert [int(c) for c in cells[:3]] == [dept["received"], dept["closed"],
                                                dept["closed_on_time"]]
        assert int(cells[4]) == dept["overdue_at_month_end"]


def test_the_charts_are_inline_svg_without_scripts(page):
    html = page("head").get("/stats?month=2026-10").get_data(as_text=True)
    assert html.count("<svg") == 4 and "<script" not in html
    assert "stats.css" in html


def test_the_page_compares_with_last_month(page):
    html = page("supervisor").get("/stats?month=2026-10").get_data(as_text=True)
    received = re.search(r'data-key="received">.*?</div>', html, re.S).group(0)
    assert "+2" in received  # 4 in October against 2 in September


def test_a_handler_may_not_see_the_page(signed_in):
    assert signed_in("handler").get("/stats?month=2026-10").status_code == 403


def test_a_bad_month_shows_last_month_with_the_reason(signed_in):
    answer = signed_in("counsel").get("/stats?month=2026-99")
    assert answer.status_code == 422 and "YYYY-MM" in answer.get_data(as_text=True)


def test_the_page_downloads_csv_and_excel_with_the_signed_in_session(app, db, clock):
    from tests import factories

    person = factories.user("auditor")
    client = app.test_client()
    client.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    page = client.get("/stats?month=2026-10").get_data(as_text=True)
    assert "/stats/monthly.csv?month=2026-10" in page
    csv = client.get("/stats/monthly.csv?month=2026-10")
    xlsx = client.get("/stats/monthly.xlsx?month=2026-10")
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
