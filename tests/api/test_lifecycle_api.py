"""The lifecycle through the API: transitions, illegal ones, versions, visibility."""

from tests.factories import intake_body


def _case(client, clerk, **kw):
    answer = client.post("/api/v1/cases", json=intake_body(department="expropriation", **kw),
                         headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_handler_accepts_replies_and_closes(client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    clock.local(2026, 11, 27, 10, 0)
    accepted = client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=handler)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    handle = [c for c in accepted.get_json()["clocks"] if c["key"] == "petition.handle"][0]
    assert handle["started_on"] == "2026-11-27" and handle["due_on"] == "2027-01-26"
    replied = client.post(f"/api/v1/cases/{case['id']}/reply",
                          json={"text": "经核查，已按标准补偿", "outcome": "explained"},
                          headers=handler).get_json()
    assert replied["status"] == "replied"
    states = {c["key"]: c["state"] for c in replied["clocks"]}
    assert states["petition.handle"] == "met"
    assert states["window.review_request"] == "on_track"
    closed = client.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "explained"},
                         headers=handler).get_json()
    assert closed["status"] == "closed"
    events = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()["events"]
    assert [e["type"] for e in events] == ["registered", "accepted", "replied", "closed"]
    assert all(e["hash"] for e in events)


def test_closing_a_registered_petition_is_409(client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    answer = client.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "resolved"},
                         headers=handler)
    assert answer.status_code == 409 and answer.get_json()["code"] == "conflict"


def test_a_stale_version_is_409_and_changes_nothing(client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    stale = case["version"] - 1 if case["version"] > 1 else case["version"] + 5
    answer = client.post(f"/api/v1/cases/{case['id']}/accept", json={"version": stale},
                         headers=handler)
    assert answer.status_code == 409
    again = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()
    assert again["status"] == "registered"


def test_another_departments_case_is_404_for_a_handler(client, login, base_departments):
    clerk, other = login("clerk"), login("handler", dept="reserve")
    case = _case(client, clerk)
    assert client.get(f"/api/v1/cases/{case['id']}", headers=other).status_code == 404
    assert client.post(f"/api/v1/cases/{case['id']}/accept", json={},
                       headers=other).status_code == 404
    assert client.get("/api/v1/cases", headers=other).get_json()["total"] == 0


def test_a_clerk_may_register_but_not_accept(client, login, base_departments):
    clerk = login("clerk")
    case = _case(client, clerk)
    assert client.post(f"/api/v1/cases/{case['id']}/accept", json={},
                       headers=clerk).status_code == 403


def test_the_queue_filters_on_clock_state_and_sorts_by_due_date(client, login,
                                                                base_departments, clock):
    clerk = login("clerk")
    late = _case(client, clerk, received_on="2026-10-01")
    soon = _case(client, clerk, received_on="2026-11-12")
    fresh = _case(client, clerk, received_on="2026-11-26")
    listing = client.get("/api/v1/cases", headers=clerk).get_json()
    assert [c["id"] for c in listing["items"]] == [late["id"], soon["id"], fresh["id"]]
    overdue = client.get("/api/v1/cases?clock_state=overdue", headers=clerk).get_json()
    assert [c["id"] for c in overdue["items"]] == [late["id"]]
    due_soon = client.get("/api/v1/cases?clock_state=due_soon", headers=clerk).get_json()
    assert [c["id"] for c in due_soon["items"]] == [soon["id"]]
    page = client.get("/api/v1/cases?per_page=1&page=2", headers=clerk).get_json()
    assert page["total"] == 3 and [c["id"] for c in page["items"]] == [soon["id"]]


def test_a_rejected_petition_ends_with_its_reason_on_the_timeline(client, login,
                                                                 base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    answer = client.post(f"/api/v1/cases/{case['id']}/reject",
                         json={"reason": "不属于本机关职责范围"}, headers=handler).get_json()
    assert answer["status"] == "rejected" and answer["outcome"] == "not_accepted"
    notify = [c for c in answer["clocks"] if c["key"] == "petition.notify"][0]
    assert notify["state"] == "met"
    events = client.get(f"/api/v1/cases/{case['id']}", headers=handler).get_json()["events"]
    assert events[-1]["type"] == "rejected"
    assert events[-1]["data"]["reason"] == "不属于本机关职责范围"


def test_a_withdrawal_needs_a_reason(client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    answer = client.post(f"/api/v1/cases/{case['id']}/withdraw", json={}, headers=handler)
    assert answer.status_code == 422 and "reason" in answer.get_json()["errors"]
    ok = client.post(f"/api/v1/cases/{case['id']}/withdraw", json={"reason": "已和解"},
                     headers=handler)
    assert ok.get_json()["status"] == "withdrawn"
