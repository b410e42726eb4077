"""Who reads the cases under supervision, by API and on the board: the same people.

Supervisors, auditors and administrators see them all; a head sees their department's;
a handler, of whichever department, gets neither the list nor the page.
"""

from __future__ import annotations

import pytest

from petitiondesk.cases.models import Case
from petitiondesk.transfers.supervision import start_supervision
from tests import factories


@pytest.fixture
def supervised(client, login, base_departments, db, clock):
    """One case under supervision in expropriation and one in reserve; numbers by code."""
    clerk = login("clerk")
    numbers = {}
    for code in ("expropriation", "reserve"):
        made = client.post("/api/v1/cases", headers=clerk,
                           json=factories.intake_body(department=code)).get_json()
        start_supervision(db.session.get(Case, made["id"]), reason="长期超期", now=clock.now)
        numbers[code] = made["number"]
    db.session.commit()
    return numbers


def _pages(app, role: str, dept: str):
    pages = app.test_client()
    person = factories.user(role, dept=dept)
    pages.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    return pages


def _listed(client, headers) -> set[str]:
    answer = client.get("/api/v1/supervision", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return {item["number"] for item in answer.get_json()["items"]}


def _board(pages) -> str:
    answer = pages.get("/supervision")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    return html[html.index('id="supervised"'):]


@pytest.mark.parametrize("dept", ["expropriation", "reserve"])
def test_a_handler_of_any_department_reads_neither_the_list_nor_the_board(
        app, client, login, supervised, dept):
    handler = login("handler", dept=dept)
    refused = client.get("/api/v1/supervision", headers=handler)
    assert refused.status_code == 403
    assert "items" not in refused.get_json()
    assert _pages(app, "handler", dept).get("/supervision").status_code == 403


def test_a_head_reads_only_the_own_departments_supervised_cases(app, client, login, supervised):
    assert _listed(client, login("head", dept="reserve")) == {supervised["reserve"]}
    board = _board(_pages(app, "head", "reserve"))
    assert supervised["reserve"] in board and supervised["expropriation"] not in board


@pytest.mark.parametrize("role", ["supervisor", "auditor", "admin"])
def test_supervisors_auditors_and_administrators_read_every_supervised_case(
        app, client, login, supervised, role):
    assert _listed(client, login(role)) == set(supervised.values())
    board = _board(_pages(app, role, "petition"))
    assert all(number in board for number in supervised.values())


def test_counsel_and_clerks_are_refused_on_both(app, client, login, supervised):
    for role in ("counsel", "clerk"):
        assert client.get("/api/v1/supervision", headers=login(role)).status_code == 403
        assert _pages(app, role, "petition").get("/supervision").status_code == 403
