"""Extensions through the API: the handler asks, the rule's approver decides, within the maximum."""

from __future__ import annotations

from tests.factories import intake_body

DEPT = "expropriation"


def _accepted(client, clock, clerk, handler, **body):
    """A case accepted on Wed 2026-08-05; a petition's handle clock is due Thu 10-08."""
    clock.local(2026, 8, 5, 9, 0)
    case = client.post("/api/v1/cases", json=intake_body(department=DEPT, received_on="2026-08-03",
                                                         **body), headers=clerk)
    assert case.status_code == 201, case.get_json()
    accepted = client.post(f"/api/v1/cases/{case.get_json()['id']}/accept", json={},
                           headers=handler)
    assert accepted.status_code == 200, accepted.get_json()
    clock.local(2026, 9, 1, 10, 0)
    return accepted.get_json()


def _ask(client, case, headers, clock_ref="petition.handle", days=30, **extra):
    return client.post(f"/api/v1/cases/{case['id']}/extensions",
                       json={"clock": clock_ref, "days": days, "reason": "需补充调查", **extra},
                       headers=headers)


def _clock(case, key="petition.handle"):
    return next(c for c in case["clocks"] if c["key"] == key)


def _people(login):
    return login("clerk"), login("handler", dept=DEPT), login("head", dept=DEPT)


def test_an_approved_extension_moves_the_due_date_and_is_on_the_timeline(
        client, login, base_departments, clock):
    clerk, handler, head = _people(login)
    case = _accepted(client, clock, clerk, handler)
    asked = _ask(client, case, handler)
    assert asked.status_code == 200, asked.get_json()
    pending = asked.get_json()
    assert _clock(pending)["due_on"] == "2026-10-08" and _clock(pending)["extended_days"] == 0
    extension = pending["extensions"][0]
    assert (extension["status"], extension["days"], extension["clock"]) == (
        "pending", 30, "petition.handle")

    approved = client.post(f"/api/v1/extensions/{extension['id']}/approve", json={},
                           headers=head)

    assert approved.status_code == 200, approved.get_json()
    handle = _clock(approved.get_json())
    # 60 + 30 days from 08-05 is Tue 11-03 (the National Day roll-over no longer applies)
    assert (handle["extended_days"], handle["due_on"]) == (30, "2026-11-03")
    assert approved.get_json()["next_due_on"] == "2026-11-03"
    events = client.get(f"/api/v1/cases/{case['id']}", headers=head).get_json()["events"]
    typed = {e["type"]: e["data"] for e in events}
    assert {k: typed["extension_requested"][k] for k in ("clock", "days")} == {
        "clock": "petition.handle", "days": 30}
    assert {k: typed["extension_approved"][k] for k in ("clock", "days")} == {
        "clock": "petition.handle", "days": 30}


def test_a_rejected_extension_leaves_the_clock_alone(client, login, base_departments, clock):
    clerk, handler, head = _people(login)
    case = _accepted(client, clock, clerk, handler)
    extension = _ask(client, case, handler, days=10).get_json()["extensions"][0]
    rejected = client.post(f"/api/v1/extensions/{extension['id']}/reject",
                           json={"reason": "理由不充分"}, headers=head)
    assert rejected.status_code == 200, rejected.get_json()
    assert _clock(rejected.get_json())["due_on"] == "2026-10-08"
    assert rejected.get_json()["extensions"][0]["status"] == "rejected"
    events = rejected.get_json()["events"]
    assert events[-1]["type"] == "extension_rejected"
    assert events[-1]["data"]["days"] == 10
    again = client.post(f"/api/v1/extensions/{extension['id']}/approve", json={}, headers=head)
    assert again.status_code == 409


def test_more_than_the_rule_allows_is_422_counting_days_already_granted(
        client, login, base_departments, clock):
    clerk, handler, head = _people(login)
    case = _accepted(client, clock, clerk, handler)
    assert _ask(client, case, handler, days=31).status_code == 422
    first = _ask(client, case, handler, days=20).get_json()["extensions"][0]
    client.post(f"/api/v1/extensions/{first['id']}/approve", json={}, headers=head)
    too_many = _ask(client, case, handler, days=11)
    assert too_many.status_code == 422 and "days" in too_many.get_json()["errors"]
    assert _ask(client, case, handler, days=10).status_code == 200


def test_two_pending_requests_cannot_together_exceed_the_maximum(client, login,
                                                                 base_departments, clock):
    clerk, handler, head = _people(login)
    case = _accepted(client, clock, clerk, handler)
    first = _ask(client, case, handler, days=20).get_json()["extensions"][0]
    second = _ask(client, case, handler, days=20).get_json()["extensions"][1]
    assert client.post(f"/api/v1/extensions/{first['id']}/approve", json={},
                       headers=head).status_code == 200
    assert client.post(f"/api/v1/extensions/{second['id']}/approve", json={},
                       headers=head).status_code == 422


def test_a_clock_whose_rule_allows_no_extension_is_409(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    clock.local(2026, 9, 1, 9, 0)
    case = client.post("/api/v1/cases", json=intake_body(department=DEPT, received_on="2026-08-31"),
                       headers=clerk).get_json()
    assert _ask(client, case, handler, clock_ref="petition.notify", days=5).status_code == 409


def test_the_simplified_procedure_allows_no_extension(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    case = _accepted(client, clock, clerk, handler, track="reconsideration",
                     attributes={"our_role": "organ", "procedure": "simplified"})
    answer = _ask(client, case, handler, clock_ref="reconsideration.decide", days=5)
    assert answer.status_code == 409


def test_a_met_clock_cannot_be_extended(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    case = _accepted(client, clock, clerk, handler)
    client.post(f"/api/v1/cases/{case['id']}/reply", json={"text": "答复", "outcome": "explained"},
                headers=handler)
    assert _ask(client, case, handler).status_code == 409


def test_a_clock_can_be_named_by_its_id(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    case = _accepted(client, clock, clerk, handler)
    answer = _ask(client, case, handler, clock_ref=_clock(case)["id"], days=5)
    assert answer.status_code == 200
    assert answer.get_json()["extensions"][0]["clock"] == "petition.handle"
    missing = _ask(client, case, handler, clock_ref="no.such")
    assert missing.status_code == 404 and missing.get_json()["errors"] == {
        "clock": ["no such clock"]}
    # an id beyond what the column holds is refused, rather than a server error
    assert _ask(client, case, handler, clock_ref=2**80).status_code == 422
    assert _ask(client, case, handler, clock_ref=str(2**80)).status_code == 404
    assert _ask(client, case, handler, clock_ref=" ").status_code == 422


def test_only_the_head_of_the_cases_department_approves(client, login, base_departments,
                                                        clock):
    clerk, handler, _ = _people(login)
    other_head = login("head", dept="reserve")
    case = _accepted(client, clock, clerk, handler)
    extension = _ask(client, case, handler).get_json()["extensions"][0]
    assert client.post(f"/api/v1/extensions/{extension['id']}/approve", json={},
                       headers=handler).status_code == 403
    assert client.post(f"/api/v1/extensions/{extension['id']}/approve", json={},
                       headers=other_head).status_code == 404
    assert client.post(f"/api/v1/extensions/{extension['id']}/approve", json={},
                       headers=login("supervisor")).status_code == 403


def test_a_clerk_cannot_ask_for_an_extension(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    case = _accepted(client, clock, clerk, handler)
    assert _ask(client, case, clerk).status_code == 403


def test_a_stale_version_is_409(client, login, base_departments, clock):
    clerk, handler, _ = _people(login)
    case = _accepted(client, clock, clerk, handler)
    assert _ask(client, case, handler, version=case["version"] + 3).status_code == 409
    assert _ask(client, case, handler, version=case["version"]).status_code == 200


def test_pending_requests_are_listed_for_the_approver(client, login, base_departments, clock):
    clerk, handler, head = _people(login)
    case = _accepted(client, clock, clerk, handler)
    _ask(client, case, handler)
    listed = client.get("/api/v1/extensions?status=pending", headers=head).get_json()
    assert [(e["case_id"], e["days"]) for e in listed] == [(case["id"], 30)]
    assert client.get("/api/v1/extensions?status=pending",
                      headers=login("head", dept="reserve")).get_json() == []
