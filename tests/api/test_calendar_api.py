"""The holiday calendar through the API, and deadlines in a year it does not cover yet."""

from __future__ import annotations

import pytest

from petitiondesk.alerts.models import OutboxMessage
from tests import factories
from tests.calendar_years import CSV_2027, forget_2027  # noqa: F401 - a fixture
from tests.factories import intake_body

DEPT = "expropriation"

# the calendar tables outlive each test: take a loaded 2027 out again
pytestmark = pytest.mark.usefixtures("forget_2027")


def _accepted_petition(client, clerk, handler):
    """A petition accepted on Fri 2026-11-27: 60 days run to Tue 2027-01-26."""
    case = client.post("/api/v1/cases", json=intake_body(department=DEPT), headers=clerk)
    assert case.status_code == 201, case.get_json()
    accepted = client.post(f"/api/v1/cases/{case.get_json()['id']}/accept", json={},
                           headers=handler)
    assert accepted.status_code == 200, accepted.get_json()
    return accepted.get_json()


def _handle(case):
    return next(c for c in case["clocks"] if c["key"] == "petition.handle")


def test_any_signed_in_user_reads_a_loaded_year(client, login):
    answer = client.get("/api/v1/calendar/2026", headers=login("clerk"))
    assert answer.status_code == 200
    year = answer.get_json()
    assert (year["year"], year["loaded"], year["provisional"]) == (2026, True, False)
    days = {d["date"]: d["kind"] for d in year["days"]}
    assert days["2026-02-14"] == "workday" and days["2026-10-01"] == "holiday"


def test_a_year_without_a_calendar_is_provisional_and_empty(client, login):
    year = client.get("/api/v1/calendar/2027", headers=login("handler")).get_json()
    assert (year["loaded"], year["provisional"], year["days"]) == (False, True, [])


def test_the_calendar_needs_a_token(client):
    assert client.get("/api/v1/calendar/2026").status_code == 401


def test_only_an_admin_replaces_a_year(client, login):
    answer = client.put("/api/v1/calendar/2027", data=CSV_2027, content_type="text/csv",
                        headers=login("head"))
    assert answer.status_code == 403
    assert client.get("/api/v1/calendar/2027", headers=login("clerk")).get_json()["loaded"] is False


def test_a_bad_calendar_is_422_line_by_line_and_changes_nothing(client, login):
    admin = login("admin")
    bad = ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n"
           "2027-02-08,festival,春节\n2027-01-01,holiday,元旦\n")
    answer = client.put("/api/v1/calendar/2027", data=bad, content_type="text/csv",
                        headers=admin)
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]["csv"]
    assert [e.split(":")[0] for e in errors] == ["line 3", "line 4", "line 5"]
    assert "duplicate" in errors[2]
    assert client.get("/api/v1/calendar/2027", headers=admin).get_json()["loaded"] is False


def test_a_day_far_from_the_year_is_refused(client, login):
    admin = login("admin")
    answer = client.put("/api/v1/calendar/2027", json={"days": [
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
        {"date": "2031-05-01", "kind": "holiday", "name": "劳动节"}]}, headers=admin)
    assert answer.status_code == 422
    assert answer.get_json()["errors"]["days"][0].startswith("days[1]: 2031-05-01")


def test_a_deadline_in_an_uncovered_year_is_provisional_and_recomputed_on_import(
        client, login, base_departments):
    clerk, handler, admin = login("clerk"), login("handler", dept=DEPT), login("admin")
    case = _accepted_petition(client, clerk, handler)
    handle = _handle(case)
    assert (handle["due_on"], handle["provisional"]) == ("2027-01-26", True)

    answer = client.put("/api/v1/calendar/2027", data=CSV_2027, content_type="text/csv",
                        headers=admin)

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["loaded"] is True and answer.get_json()["clocks_changed"] == 1
    again = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()
    assert (_handle(again)["due_on"], _handle(again)["provisional"]) == ("2027-01-27", False)
    assert again["next_due_on"] == "2027-01-27"
    recomputed = [e for e in again["events"] if e["type"] == "clock_recomputed"]
    assert recomputed[0]["data"]["was"] == "2027-01-26"
    assert recomputed[0]["data"]["now"] == "2027-01-27"


def test_json_days_replace_the_year_the_same_way(client, login, base_departments):
    clerk, handler, admin = login("clerk"), login("handler", dept=DEPT), login("admin")
    case = _accepted_petition(client, clerk, handler)
    days = [dict(zip(("date", "kind", "name"), line.split(","), strict=True))
            for line in CSV_2027.strip().splitlines()[1:]]
    answer = client.put("/api/v1/calendar/2027", json={"days": days}, headers=admin)
    assert answer.status_code == 200, answer.get_json()
    again = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()
    assert _handle(again)["due_on"] == "2027-01-27"


def test_administrators_are_told_once_about_a_missing_year(client, login, base_departments,
                                                           db):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    admins = [factories.user("admin"), factories.user("admin")]
    for _ in range(2):
        _accepted_petition(client, clerk, handler)
    mails = db.session.scalars(db.select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == sorted(a.email for a in admins)
    assert all("2027" in m.subject for m in mails)


def test_a_missing_year_waits_for_an_administrator_to_tell(client, login, base_departments,
                                                          db):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    _accepted_petition(client, clerk, handler)
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    admin = factories.user("admin")
    _accepted_petition(client, clerk, handler)
    assert [m.recipient for m in db.session.scalars(db.select(OutboxMessage))] == [admin.email]
