"""Lawsuits through the API: served papers start deadlines, instances chain, outcomes close.

The papers arrive at intake, so a clerk registers each proceeding; counsel works it.
"""

from tests import factories
from tests.factories import intake_body


def _clerk(client) -> dict:
    """Return the Authorization header of a new intake clerk."""
    person = factories.user("clerk")
    answer = client.post("/api/v1/auth/tokens",
                         json={"email": person.email, "password": factories.PASSWORD})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def _register(client, body) -> dict:
    """Register a proceeding at intake and return it."""
    answer = client.post("/api/v1/cases", json=body, headers=_clerk(client))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _lawsuit(client, **attributes):
    attrs = {"court": "东城区人民法院", "court_case_number": "(2026)浙0102行初123号",
             "instance": "first", "our_role": "defendant", **attributes}
    return _register(client, intake_body(track="litigation", channel="court", department="legal",
                                         title="王小明诉我局征收补偿决定案", attributes=attrs))


def _event(client, headers, case, **body):
    answer = client.post(f"/api/v1/cases/{case['id']}/events", json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _clock(case, key):
    return next(c for c in case["clocks"] if c["key"] == key)


def test_a_served_complaint_sets_the_answer_deadline(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client)
    served = _event(client, counsel, case, type="complaint_served", on="2026-11-20")
    answer = _clock(served, "litigation.answer")
    assert answer["started_on"] == "2026-11-20" and answer["due_on"] == "2026-12-07"
    assert served["attributes"]["complaint_served_on"] == "2026-11-20"
    submitted = _event(client, counsel, case, type="answer_submitted", on="2026-11-26")
    assert _clock(submitted, "litigation.answer")["state"] == "met"


def test_a_judgment_served_sets_the_appeal_deadline_and_a_ruling_a_shorter_one(
        client, login, base_departments):
    counsel = login("counsel", dept="legal")
    judgment = _event(client, counsel, _lawsuit(client), type="judgment_served",
                      on="2026-11-20", data={"kind": "judgment", "outcome": "lost"})
    assert _clock(judgment, "litigation.appeal")["due_on"] == "2026-12-07"
    ruling = _event(client, counsel, _lawsuit(client), type="judgment_served",
                    on="2026-11-20", data={"kind": "ruling", "outcome": "partly_lost"})
    assert _clock(ruling, "litigation.appeal")["due_on"] == "2026-11-30"


def test_a_won_judgment_starts_no_appeal_deadline(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    won = _event(client, counsel, _lawsuit(client), type="judgment_served",
                 on="2026-11-20", data={"kind": "judgment", "outcome": "won"})
    assert "litigation.appeal" not in {c["key"] for c in won["clocks"]}


def test_the_next_instance_is_a_linked_case_of_the_same_matter(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    first = _lawsuit(client)
    answer = client.post(f"/api/v1/cases/{first['id']}/next-instance", headers=counsel, json={
        "instance": "second", "court": "杭州市中级人民法院",
        "court_case_number": "(2026)浙01行终45号", "received_on": "2026-11-25",
        "complaint_served_on": "2026-11-25"})
    assert answer.status_code == 201, answer.get_json()
    second = answer.get_json()
    assert second["matter_id"] == first["matter_id"] and second["track"] == "litigation"
    assert second["attributes"] == {
        "instance": "second", "court": "杭州市中级人民法院",
        "court_case_number": "(2026)浙01行终45号", "previous_case_id": first["id"],
        "our_role": "defendant", "complaint_served_on": "2026-11-25"}
    assert _clock(second, "litigation.answer")["due_on"] == "2026-12-10"
    assert [p["name"] for p in second["parties"]] == ["王小明"]
    again = client.get(f"/api/v1/cases/{first['id']}", headers=counsel).get_json()
    assert again["attributes"]["next_case_id"] == second["id"]
    matter = client.get(f"/api/v1/matters/{first['matter_id']}", headers=counsel).get_json()
    assert [c["id"] for c in matter["cases"]] == [first["id"], second["id"]]


def test_an_instance_follows_the_chain_only_once_and_only_forward(client, login,
                                                                  base_departments):
    counsel = login("counsel", dept="legal")
    first = _lawsuit(client)
    body = {"instance": "second", "court": "中院", "court_case_number": "(2026)2号",
            "received_on": "2026-11-25"}
    url = f"/api/v1/cases/{first['id']}/next-instance"
    second = client.post(url, json=body, headers=counsel).get_json()
    assert client.post(url, json=body, headers=counsel).status_code == 409
    backwards = client.post(f"/api/v1/cases/{second['id']}/next-instance", headers=counsel,
                            json={**body, "instance": "first"})
    assert backwards.status_code == 409
    early = client.post(f"/api/v1/cases/{second['id']}/next-instance", headers=counsel,
                        json={**body, "instance": "enforcement", "received_on": "2026-11-01"})
    assert early.status_code == 422 and "received_on" in early.get_json()["errors"]


def test_only_a_litigation_case_has_a_next_instance(client, login, base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    petition = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                           headers=clerk).get_json()
    answer = client.post(f"/api/v1/cases/{petition['id']}/next-instance", headers=supervisor,
                         json={"instance": "first", "court": "法院", "court_case_number": "1",
                               "received_on": "2026-11-25"})
    assert answer.status_code == 409


def test_a_lawsuit_closes_with_its_outcome(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client)
    client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=counsel)
    closed = client.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "partly_lost"},
                         headers=counsel).get_json()
    assert closed["status"] == "closed" and closed["outcome"] == "partly_lost"


def test_a_reconsideration_respondent_owes_its_reply_ten_working_days_after_the_copy(
        client, login, base_departments):
    counsel = login("counsel", dept="legal")
    body = intake_body(track="reconsideration", channel="referral", department="legal",
                       attributes={"our_role": "respondent", "copy_received_on": "2026-11-20"})
    case = _register(client, body)
    assert _clock(case, "reconsideration.reply")["due_on"] == "2026-12-04"
    client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=counsel)
    closed = client.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "upheld"},
                         headers=counsel).get_json()
    assert closed["outcome"] == "upheld"


def test_a_reconsideration_organ_accepts_decides_and_may_extend_the_decision(
        client, login, base_departments):
    counsel, head = login("counsel", dept="legal"), login("head", dept="legal")
    body = intake_body(track="reconsideration", channel="letter", department="legal",
                       received_on="2026-11-20", attributes={"our_role": "organ"})
    case = _register(client, body)
    assert _clock(case, "reconsideration.accept")["due_on"] == "2026-11-27"  # 5 working days
    accepted = client.post(f"/api/v1/cases/{case['id']}/accept", json={},
                           headers=counsel).get_json()
    assert _clock(accepted, "reconsideration.decide")["due_on"] == "2027-01-26"
    asked = client.post(f"/api/v1/cases/{case['id']}/extensions", headers=counsel,
                        json={"clock": "reconsideration.decide", "days": 30, "reason": "案情复杂"})
    assert asked.status_code == 200, asked.get_json()
    [pending] = client.get("/api/v1/extensions?status=pending", headers=head).get_json()
    extension_id = pending["id"]
    approved = client.post(f"/api/v1/extensions/{extension_id}/approve", json={}, headers=head)
    assert approved.status_code == 200, approved.get_json()
    again = client.get(f"/api/v1/cases/{case['id']}", headers=counsel).get_json()
    assert _clock(again, "reconsideration.decide")["due_on"] == "2027-02-25"
    decided = client.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "revoked"},
                          headers=counsel).get_json()
    assert decided["outcome"] == "revoked" and decided["status"] == "closed"


def test_legal_cases_end_only_with_their_tracks_outcomes(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    lawsuit = _lawsuit(client)
    client.post(f"/api/v1/cases/{lawsuit['id']}/accept", json={}, headers=counsel)
    wrong = client.post(f"/api/v1/cases/{lawsuit['id']}/close", json={"outcome": "upheld"},
                        headers=counsel)
    assert wrong.status_code == 409 and "outcome" in wrong.get_json()["errors"]
    judgment = client.post(f"/api/v1/cases/{lawsuit['id']}/events", headers=counsel, json={
        "type": "judgment_served", "on": "2026-11-20",
        "data": {"kind": "judgment", "outcome": "resolved"}})
    assert judgment.status_code == 422


def test_the_guidance_case_ends_with_guidance_given(client, login, base_departments):
    clerk, counsel = login("clerk"), login("counsel", dept="legal")
    petition = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                           headers=clerk).get_json()
    guidance = client.post(f"/api/v1/matters/{petition['matter_id']}/escalate", headers=counsel,
                           json={"reason": "引导诉讼", "knew_of_act_on": "2026-11-01"}).get_json()
    client.post(f"/api/v1/cases/{guidance['id']}/accept", json={}, headers=counsel)
    assert client.post(f"/api/v1/cases/{guidance['id']}/close", json={"outcome": "won"},
                       headers=counsel).status_code == 409
    closed = client.post(f"/api/v1/cases/{guidance['id']}/close", json={"outcome": "guided"},
                         headers=counsel).get_json()
    assert closed["status"] == "closed" and _clock(closed, "legal.guidance")["state"] == "met"
