"""Suspending and resuming a case through the API: clocks stop, then run on."""

from __future__ import annotations

from tests.factories import intake_body

DEPT = "expropriation"


def _accepted_petition(client, clock, clerk, handler):
    """Accepted Wed 2026-08-05: 60 days end Sun 10-04, due Thu 10-08 after National Day."""
    clock.local(2026, 8, 5, 9, 0)
    case = client.post("/api/v1/cases", json=intake_body(department=DEPT, received_on="2026-08-03"),
                       headers=clerk).get_json()
    return client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=handler).get_json()


def _post(client, case, action, headers, **body):
    return client.post(f"/api/v1/cases/{case['id']}/{action}",
                       json={"reason": "等待鉴定结论", **body}, headers=headers)


def _handle(case):
    return next(c for c in case["clocks"] if c["key"] == "petition.handle")


def test_a_suspended_case_stops_its_clocks_and_resumes_with_the_time_left(
        client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    clock.local(2026, 9, 1, 10, 0)

    suspended = _post(client, case, "suspend", handler)

    assert suspended.status_code == 200, suspended.get_json()
    assert suspended.get_json()["suspended"] is True
    assert _handle(suspended.get_json())["state"] == "suspended"
    clock.local(2026, 9, 11, 10, 0)

    resumed = _post(client, case, "resume", handler)

    assert resumed.status_code == 200, resumed.get_json()
    body = resumed.get_json()
    assert body["suspended"] is False
    # stopped after 09-01, running again after 09-11: 10 days later, 10-04 → Wed 10-14
    assert (_handle(body)["due_on"], _handle(body)["state"]) == ("2026-10-14", "on_track")
    assert body["next_due_on"] == "2026-10-14"
    types = [e["type"] for e in body["events"]]
    assert types[-2:] == ["suspended", "resumed"]
    assert body["events"][-1]["data"]["reason"] == "等待鉴定结论"


def test_a_working_day_clock_resumes_with_the_working_days_it_had_left(
        client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    clock.local(2026, 2, 12, 9, 0)
    case = client.post("/api/v1/cases", json=intake_body(
        department=DEPT, received_on="2026-02-12", track="reconsideration",
        attributes={"our_role": "organ"}), headers=clerk).get_json()
    clock.local(2026, 2, 13, 17, 0)  # one working day used: 4 left (02-14, 02-24..26)
    _post(client, case, "suspend", handler)
    clock.local(2026, 2, 25, 9, 0)
    resumed = _post(client, case, "resume", handler).get_json()
    accept = next(c for c in resumed["clocks"] if c["key"] == "reconsideration.accept")
    # after 02-25: 02-26, 02-27, Saturday 02-28 (make-up) and Monday 03-02
    assert accept["due_on"] == "2026-03-02"


def test_suspending_twice_or_resuming_a_running_case_is_409(client, login, base_departments,
                                                            clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    assert _post(client, case, "resume", handler).status_code == 409
    assert _post(client, case, "suspend", handler).status_code == 200
    assert _post(client, case, "suspend", handler).status_code == 409


def test_a_suspended_case_is_neither_overdue_nor_due_soon_in_the_queue(
        client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    _post(client, case, "suspend", handler)
    clock.local(2026, 11, 27, 10, 0)  # long past the original due date
    for state in ("overdue", "due_soon", "on_track"):
        listing = client.get(f"/api/v1/cases?clock_state={state}", headers=clerk).get_json()
        assert case["id"] not in [c["id"] for c in listing["items"]], state
    detail = client.get(f"/api/v1/cases/{case['id']}", headers=clerk).get_json()
    assert _handle(detail)["state"] == "suspended"
    stopped = client.get("/api/v1/cases?clock_state=suspended", headers=clerk).get_json()
    assert [c["id"] for c in stopped["items"]] == [case["id"]]


def test_a_suspension_needs_a_reason_and_the_cases_handler(client, login, base_departments,
                                                          clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    no_reason = client.post(f"/api/v1/cases/{case['id']}/suspend", json={}, headers=handler)
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    assert _post(client, case, "suspend", clerk).status_code == 403


def test_a_stale_version_is_409_and_the_case_keeps_running(client, login, base_departments,
                                                          clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    assert _post(client, case, "suspend", handler, version=case["version"] + 1).status_code == 409
    again = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()
    assert again["suspended"] is False


def test_a_clock_started_while_the_case_is_suspended_waits_for_resumption(
        client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    clock.local(2026, 6, 1, 9, 0)
    case = client.post("/api/v1/cases", json=intake_body(
        department=DEPT, received_on="2026-06-01", track="litigation", channel="court",
        attributes={"our_role": "defendant"}), headers=clerk).get_json()
    _post(client, case, "suspend", handler)
    served = client.post(f"/api/v1/cases/{case['id']}/events", json={
        "type": "judgment_served", "on": "2026-06-01", "data": {"kind": "ruling"}},
        headers=handler).get_json()
    appeal = next(c for c in served["clocks"] if c["key"] == "litigation.appeal")
    assert (appeal["state"], appeal["due_on"]) == ("suspended", "2026-06-11")
    clock.local(2026, 6, 5, 9, 0)
    resumed = _post(client, case, "resume", handler).get_json()
    appeal = next(c for c in resumed["clocks"] if c["key"] == "litigation.appeal")
    assert (appeal["state"], appeal["due_on"]) == ("on_track", "2026-06-15")


def test_withdrawing_a_suspended_case_ends_the_suspension(client, login, base_departments,
                                                          clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    case = _accepted_petition(client, clock, clerk, handler)
    clock.local(2026, 9, 1, 10, 0)
    _post(client, case, "suspend", handler)

    ended = _post(client, case, "withdraw", handler).get_json()

    assert (ended["status"], ended["suspended"]) == ("withdrawn", False)
    assert _handle(ended)["state"] == "met"
