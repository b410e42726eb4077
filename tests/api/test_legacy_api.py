"""Legacy candidates and escalation to the legal track, through the API."""

from tests.factories import id_number, intake_body


def _petition(client, clerk, **kw):
    kw.setdefault("department", "expropriation")
    answer = client.post("/api/v1/cases", json=intake_body(**kw), headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _thrice_petitioned(client, clerk):
    person = {"name": "王小明", "id_number": id_number()}
    first = _petition(client, clerk, received_on="2026-03-02", parties=[person])
    for day in ("2026-06-01", "2026-11-20"):
        _petition(client, clerk, received_on=day, matter_id=first["matter_id"], parties=[person])
    return first["matter_id"]


def _candidates(client, headers):
    answer = client.get("/api/v1/legacy-candidates", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_a_matter_petitioned_three_times_is_a_candidate_with_its_reason(client, login,
                                                                       base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    matter_id = _thrice_petitioned(client, clerk)
    _petition(client, clerk, title="另一件只来过一次的事")
    listing = _candidates(client, supervisor)
    assert listing["total"] == 1
    [item] = listing["items"]
    assert item["matter_id"] == matter_id and item["reasons"] == ["many_petitions"]
    assert item["petitions"] == 3 and item["first_received_on"] == "2026-03-02"


def test_old_open_and_flagged_matters_are_listed_oldest_first(client, login, base_departments):
    clerk, counsel = login("clerk"), login("counsel", dept="legal")
    flagged = _petition(client, clerk, received_on="2026-09-01",
                        attributes={"policy_change_flag": True})
    old = _petition(client, clerk, received_on="2025-10-20", title="多年未结的安置问题")
    _petition(client, clerk, received_on="2025-11-30", title="还不满一年的问题")
    items = _candidates(client, counsel)["items"]
    assert [(i["matter_id"], i["reasons"]) for i in items] == [
        (old["matter_id"], ["open_long"]), (flagged["matter_id"], ["policy_change_flag"])]


def test_only_supervisors_counsel_admins_and_auditors_see_candidates(client, login,
                                                                    base_departments):
    for roles in (("clerk",), ("handler",)):
        answer = client.get("/api/v1/legacy-candidates", headers=login(*roles))
        assert answer.status_code == 403
    for role in ("admin", "auditor"):
        assert client.get("/api/v1/legacy-candidates", headers=login(role)).status_code == 200


def _through_rereview(client, clerk, handler):
    case = _petition(client, clerk, received_on="2026-06-01")
    url = f"/api/v1/cases/{case['id']}"
    steps = [("/accept", {}), ("/reply", {"text": "答复", "outcome": "not_supported"}),
             ("/events", {"type": "review_requested", "on": "2026-08-01"}),
             ("/reply", {"text": "复查意见", "outcome": "not_supported"}),
             ("/events", {"type": "rereview_requested", "on": "2026-09-01"}),
             ("/reply", {"text": "复核意见", "outcome": "not_supported"})]
    for path, body in steps:
        answer = client.post(url + path, json=body, headers=handler)
        assert answer.status_code == 200, (path, answer.get_json())
    return case


def test_a_petition_after_a_concluded_rereview_is_not_accepted_again_and_is_a_candidate(
        client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    first = _through_rereview(client, clerk, handler)
    again = _petition(client, clerk, matter_id=first["matter_id"])
    assert again["not_to_be_accepted_again"] is True
    assert again["diversion_proposal"] == "litigation"
    assert "not_to_be_accepted_again" in [e["type"] for e in again["events"]]
    [item] = _candidates(client, login("supervisor"))["items"]
    assert item["reasons"] == ["rereview_then_petitioned"]


def test_a_second_petition_without_a_rereview_is_accepted_as_usual(client, login,
                                                                   base_departments):
    clerk = login("clerk")
    first = _petition(client, clerk)
    again = _petition(client, clerk, matter_id=first["matter_id"])
    assert again["not_to_be_accepted_again"] is False


def _escalate(client, headers, matter_id, **body):
    body.setdefault("reason", "三次信访，引导通过诉讼解决")
    return client.post(f"/api/v1/matters/{matter_id}/escalate", json=body, headers=headers)


def test_escalation_opens_the_guidance_case_with_its_clock_and_the_petitioners_windows(
        client, login, base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    matter_id = _thrice_petitioned(client, clerk)
    answer = _escalate(client, supervisor, matter_id, knew_of_act_on="2026-10-15")
    assert answer.status_code == 201, answer.get_json()
    case = answer.get_json()
    assert case["track"] == "litigation" and case["attributes"]["kind"] == "legal_guidance"
    assert case["department"]["code"] == "legal" and case["legacy"] is True
    assert case["matter_id"] == matter_id and [p["name"] for p in case["parties"]] == ["王小明"]
    clocks = {c["key"]: c for c in case["clocks"]}
    assert clocks["legal.guidance"]["kind"] == "obligation"
    assert clocks["legal.guidance"]["due_on"] == "2026-12-28"  # 27 Dec is a Sunday
    assert clocks["window.lawsuit"]["kind"] == "window"
    assert clocks["window.lawsuit"]["due_on"] == "2027-04-15"
    assert clocks["window.reconsideration"]["due_on"] == "2026-12-14"  # 60 d ends on a Sunday
    assert [(w["key"], w["open"]) for w in case["windows"]] == [
        ("window.reconsideration", True), ("window.lawsuit", True)]
    assert "escalated" in [e["type"] for e in case["events"]]
    assert _candidates(client, supervisor)["total"] == 0
    matter = client.get(f"/api/v1/matters/{matter_id}", headers=supervisor).get_json()
    assert matter["legacy"] is True and matter["knew_of_act_on"] == "2026-10-15"
    assert matter["escalated_at"] == "2026-11-27T01:30:00+00:00"
    assert all(c["legacy"] for c in matter["cases"])


def test_a_window_that_already_ran_out_is_shown_as_lapsed_without_a_clock(client, login,
                                                                        base_departments):
    clerk, counsel = login("clerk"), login("counsel", dept="legal")
    first = _petition(client, clerk, attributes={"knew_of_act_on": "2026-07-01"})
    case = _escalate(client, counsel, first["matter_id"]).get_json()
    assert [(w["key"], w["open"]) for w in case["windows"]] == [
        ("window.reconsideration", False), ("window.lawsuit", True)]
    assert "window.reconsideration" not in {c["key"] for c in case["clocks"]}


def test_escalating_twice_is_409(client, login, base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    matter_id = _petition(client, clerk)["matter_id"]
    assert _escalate(client, supervisor, matter_id, knew_of_act_on="2026-11-01").status_code == 201
    again = _escalate(client, supervisor, matter_id, knew_of_act_on="2026-11-01")
    assert again.status_code == 409 and again.get_json()["code"] == "conflict"


def test_escalation_needs_a_supervisor_or_counsel_and_the_date_the_act_was_known(
        client, login, base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    matter_id = _petition(client, clerk)["matter_id"]
    assert _escalate(client, clerk, matter_id, knew_of_act_on="2026-11-01").status_code == 403
    unknown = _escalate(client, supervisor, matter_id)
    assert unknown.status_code == 422 and "knew_of_act_on" in unknown.get_json()["errors"]
    assert _escalate(client, supervisor, 999999, knew_of_act_on="2026-11-01").status_code == 404


def test_a_retried_escalation_with_the_same_key_answers_the_first_case_again(
        client, login, base_departments):
    clerk, supervisor = login("clerk"), login("supervisor")
    matter_id = _petition(client, clerk)["matter_id"]
    headers = {**supervisor, "Idempotency-Key": "escalate-once"}
    first = _escalate(client, headers, matter_id, knew_of_act_on="2026-11-01")
    again = _escalate(client, headers, matter_id, knew_of_act_on="2026-11-01")
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]


def test_the_guidance_case_is_not_counted_as_a_lawsuit_in_the_statistics(
        client, login, base_departments):
    clerk, supervisor, auditor = login("clerk"), login("supervisor"), login("auditor")
    matter_id = _thrice_petitioned(client, clerk)
    assert _escalate(client, supervisor, matter_id, knew_of_act_on="2026-10-15").status_code == 201
    lawsuit = intake_body(track="litigation", channel="court", department="legal",
                          attributes={"our_role": "defendant", "instance": "first"})
    assert client.post("/api/v1/cases", json=lawsuit, headers=clerk).status_code == 201
    stats = client.get("/api/v1/stats/monthly?month=2026-11", headers=auditor).get_json()
    assert stats["legal"]["lawsuits_opened"] == 1
