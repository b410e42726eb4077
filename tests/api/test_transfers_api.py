"""Transfers through the API: reasons, answers, bounces, the cap, designation, clocks."""

from datetime import UTC, timedelta

import pytest

from petitiondesk.cases.models import Event
from tests import factories
from tests.factories import intake_body


@pytest.fixture(autouse=True)
def more_departments(base_departments, db):
    """Two more handling departments and the supervision office."""
    for code in ("landmgmt", "finance", "supervision"):
        factories.department(code)
    db.session.commit()


def _case(client, clerk, dept="expropriation", **kw):
    answer = client.post("/api/v1/cases", json=intake_body(department=dept, **kw), headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _send(client, case_id, to, who, reason="不属于本科室职责"):
    return client.post(f"/api/v1/cases/{case_id}/transfers",
                       json={"to_department": to, "reason": reason}, headers=who)


def _sent(client, case_id, to, who):
    answer = _send(client, case_id, to, who)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _accept(client, transfer, who):
    answer = client.post(f"/api/v1/transfers/{transfer['id']}/accept", json={}, headers=who)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _case_of(client, case_id, who):
    return client.get(f"/api/v1/cases/{case_id}", headers=who).get_json()


def _relogin(client, db, *who):
    """Return fresh tokens for these users after the test moved time past their expiry."""
    from petitiondesk.accounts.models import User
    from tests.factories import PASSWORD

    fresh = []
    for headers in who:
        email = db.session.get(User, int(headers["X-User-Id"])).email
        token = client.post("/api/v1/auth/tokens", json={"email": email, "password": PASSWORD})
        fresh.append({**headers, "Authorization": f"Bearer {token.get_json()['token']}"})
    return fresh


def _events(db, case_id, type_):
    return list(db.session.scalars(db.select(Event).where(Event.case_id == case_id,
                                                          Event.type == type_)))


def test_a_case_sent_a_to_b_to_a_lands_under_supervision_with_the_reason(
        client, login, base_departments, db):
    clerk, a = login("clerk"), login("handler", dept="expropriation")
    b, supervisor = login("handler", dept="reserve"), login("supervisor", dept="supervision")
    case = _case(client, clerk)
    _accept(client, _sent(client, case["id"], "reserve", a), b)
    back = _sent(client, case["id"], "expropriation", b)
    assert back["status"] == "pending"
    seen = _case_of(client, case["id"], supervisor)
    assert seen["supervised"] and seen["bounced"] and seen["transfers_count"] == 2
    assert "bounced" in seen["supervision_reason"]
    listed = client.get("/api/v1/supervision", headers=supervisor).get_json()
    assert [c["id"] for c in listed["items"]] == [case["id"]]
    assert "expropriation" in listed["items"][0]["supervision_reason"]
    started = _events(db, case["id"], "supervision_started")
    assert started[0].data["cause"] == "bounce" and started[0].data["department"] == "reserve"


def test_a_transfer_needs_a_reason(client, login, base_departments):
    clerk, a = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    answer = client.post(f"/api/v1/cases/{case['id']}/transfers",
                         json={"to_department": "reserve"}, headers=a)
    assert answer.status_code == 422 and "reason" in answer.get_json()["errors"]
    for blank in ("", "   "):
        answer = _send(client, case["id"], "reserve", a, reason=blank)
        assert answer.status_code == 422 and "reason" in answer.get_json()["errors"]


def test_the_sender_stays_answerable_until_the_receiver_accepts(client, login, base_departments):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    case = _case(client, clerk)
    transfer = _sent(client, case["id"], "reserve", a)
    pending = _case_of(client, case["id"], a)
    assert pending["department"]["code"] == "expropriation"
    assert pending["answerable_department"]["code"] == "expropriation"
    # the receiver reads what it must decide on (tests/api/test_transfer_reading.py)
    assert client.get(f"/api/v1/cases/{case['id']}", headers=b).status_code == 200
    inbox = client.get("/api/v1/transfers?status=pending", headers=b).get_json()
    assert [t["id"] for t in inbox["items"]] == [transfer["id"]]
    assert inbox["items"][0]["case"]["title"] == case["title"]
    assert client.get("/api/v1/transfers?status=pending", headers=a).get_json()["total"] == 0
    _accept(client, transfer, b)
    moved = _case_of(client, case["id"], b)
    assert moved["department"]["code"] == "reserve"
    assert moved["answerable_department"]["code"] == "reserve"
    assert client.get(f"/api/v1/cases/{case['id']}", headers=a).status_code == 404


def test_no_transfer_changes_a_due_date(client, login, base_departments, clock, db):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    case = _case(client, clerk, received_on="2026-11-02")
    client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=a)
    before = {c["id"]: c["due_on"] for c in _case_of(client, case["id"], clerk)["clocks"]}
    clock.local(2026, 11, 30, 10, 0)
    clerk, a, b = _relogin(client, db, clerk, a, b)
    first = _sent(client, case["id"], "reserve", a)
    client.post(f"/api/v1/transfers/{first['id']}/reject", json={"reason": "非本科职责"},
                headers=b)
    _accept(client, _sent(client, case["id"], "landmgmt", a), login("head", dept="landmgmt"))
    after = {c["id"]: c["due_on"] for c in _case_of(client, case["id"], clerk)["clocks"]}
    assert {k: after[k] for k in before} == before
    new = [c for c in _case_of(client, case["id"], clerk)["clocks"] if c["id"] not in before]
    assert {c["key"] for c in new} == {"transfer.object"}
    assert all(c["state"] == "met" for c in new)


def test_an_unanswered_transfer_is_deemed_accepted_after_five_working_days(
        client, login, base_departments, clock, db):
    from petitiondesk.transfers.service import deem_overdue_transfers

    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    clock.local(2026, 9, 29, 10, 0)
    case = _case(client, clerk, received_on="2026-09-28")
    transfer = _sent(client, case["id"], "reserve", a)
    # five working days past the National Day holidays, counting the make-up Saturday 10-10
    assert transfer["respond_by"] == "2026-10-12"
    assert deem_overdue_transfers(now=clock.local(2026, 10, 12, 23, 59)) == 0
    db.session.commit()
    assert deem_overdue_transfers(now=clock.local(2026, 10, 13, 0, 5)) == 1
    db.session.commit()
    assert deem_overdue_transfers(now=clock.local(2026, 10, 13, 1, 0)) == 0
    db.session.commit()
    moved = _case_of(client, case["id"], b)
    assert moved["department"]["code"] == "reserve"
    assert moved["answerable_department"]["code"] == "reserve"
    seen = client.get(f"/api/v1/transfers/{transfer['id']}", headers=b).get_json()
    assert seen["status"] == "deemed_accepted"
    deemed = _events(db, case["id"], "transfer_deemed_accepted")
    assert deemed[0].data["from"] == "expropriation" and deemed[0].data["to"] == "reserve"
    assert deemed[0].data["pending_days"] == 14 and deemed[0].actor_id is None


def test_a_refused_case_returns_to_the_sender_who_cannot_send_it_there_again(
        client, login, base_departments, db):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    supervisor = login("supervisor", dept="supervision")
    case = _case(client, clerk)
    transfer = _sent(client, case["id"], "reserve", a)
    no_reason = client.post(f"/api/v1/transfers/{transfer['id']}/reject", json={}, headers=b)
    assert no_reason.status_code == 422
    refused = client.post(f"/api/v1/transfers/{transfer['id']}/reject",
                          json={"reason": "属征收补偿事项"}, headers=b)
    assert refused.status_code == 200 and refused.get_json()["status"] == "rejected"
    assert _case_of(client, case["id"], a)["department"]["code"] == "expropriation"
    again = _send(client, case["id"], "reserve", a)
    assert again.status_code == 409 and "supervisor" in again.get_json()["message"]
    assert _send(client, case["id"], "reserve", supervisor).status_code == 201
    rejected = _events(db, case["id"], "transfer_rejected")[0].data
    assert rejected["reason"] == "属征收补偿事项" and rejected["to"] == "reserve"


def test_a_transfer_past_the_cap_goes_to_supervision(client, login, base_departments, app):
    clerk = login("clerk")
    a, b = login("handler", dept="expropriation"), login("handler", dept="reserve")
    c, d = login("handler", dept="landmgmt"), login("handler", dept="finance")
    case = _case(client, clerk)
    _accept(client, _sent(client, case["id"], "reserve", a), b)
    _accept(client, _sent(client, case["id"], "landmgmt", b), c)
    assert not _case_of(client, case["id"], clerk)["supervised"]
    _accept(client, _sent(client, case["id"], "finance", c), d)
    seen = _case_of(client, case["id"], clerk)
    assert seen["supervised"] and seen["transfers_count"] == 3 and not seen["bounced"]
    assert "3 times" in seen["supervision_reason"]


def test_after_designation_only_a_supervisor_moves_the_case(client, login, base_departments,
                                                            db):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    supervisor = login("supervisor", dept="supervision")
    case = _case(client, clerk)
    pending = _sent(client, case["id"], "reserve", a)
    body = {"department": "reserve", "reason": "土地储备范围内的事项"}
    assert client.post(f"/api/v1/cases/{case['id']}/designate", json=body,
                       headers=a).status_code == 403
    designated = client.post(f"/api/v1/cases/{case['id']}/designate", json=body,
                             headers=supervisor)
    assert designated.status_code == 200, designated.get_json()
    assert designated.get_json()["department"]["code"] == "reserve"
    lapsed = client.get(f"/api/v1/transfers/{pending['id']}", headers=b).get_json()
    assert lapsed["status"] == "superseded"
    assert client.post(f"/api/v1/transfers/{pending['id']}/accept", json={},
                       headers=b).status_code == 409
    assert _send(client, case["id"], "landmgmt", b).status_code == 403
    assert _send(client, case["id"], "landmgmt", supervisor).status_code == 201
    event = _events(db, case["id"], "designated")[0].data
    assert (event["from"], event["to"]) == ("expropriation", "reserve")
    assert event["superseded_transfers"] == [pending["id"]]


def test_only_the_receiving_department_answers_and_only_once(client, login, base_departments):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    outsider = login("handler", dept="landmgmt")
    case = _case(client, clerk)
    transfer = _sent(client, case["id"], "reserve", a)
    assert client.post(f"/api/v1/transfers/{transfer['id']}/accept", json={},
                       headers=a).status_code == 403
    assert client.post(f"/api/v1/transfers/{transfer['id']}/accept", json={},
                       headers=outsider).status_code == 404
    _accept(client, transfer, b)
    again = client.post(f"/api/v1/transfers/{transfer['id']}/reject", json={"reason": "x"},
                        headers=b)
    assert again.status_code == 409


def test_a_case_cannot_be_sent_twice_at_once_nor_to_its_own_department(client, login,
                                                                       base_departments):
    clerk, a = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    own = _send(client, case["id"], "expropriation", a)
    assert own.status_code == 422 and "to_department" in own.get_json()["errors"]
    assert _send(client, case["id"], "nowhere", a).status_code == 404
    _sent(client, case["id"], "reserve", a)
    assert _send(client, case["id"], "landmgmt", a).status_code == 409


def test_transfer_events_carry_department_codes_for_the_statistics(client, login,
                                                                   base_departments, db, clock):
    clerk, a, b = login("clerk"), login("handler", dept="expropriation"), login(
        "handler", dept="reserve")
    case = _case(client, clerk)
    transfer = _sent(client, case["id"], "reserve", a)
    answered_at = clock.set(clock.now + timedelta(hours=2))
    _accept(client, transfer, b)
    requested = _events(db, case["id"], "transfer_requested")[0]
    assert requested.data["from"] == "expropriation" and requested.data["to"] == "reserve"
    assert requested.data["transfer_id"] == transfer["id"] and requested.data["reason"]
    assert requested.data["bounce"] is False
    accepted = _events(db, case["id"], "transfer_accepted")[0]
    assert accepted.data["to"] == "reserve" and accepted.data["pending_days"] == 0
    # the answer is stamped with the service's time (injected), not the request's or the wall's
    assert accepted.created_at.astimezone(UTC) == answered_at.astimezone(UTC)
    sent_at = answered_at - timedelta(hours=2)
    assert requested.created_at.astimezone(UTC) == sent_at.astimezone(UTC)


def test_a_head_reassigns_a_case_within_the_department(client, login, base_departments):
    clerk = login("clerk")
    head, handler = login("head", dept="expropriation"), login("handler", dept="expropriation")
    other = login("handler", dept="reserve")
    case = _case(client, clerk)
    handler_id = int(handler["X-User-Id"])
    body = {"user_id": handler_id}
    assert client.post(f"/api/v1/cases/{case['id']}/assign", json=body,
                       headers=handler).status_code == 403
    assigned = client.post(f"/api/v1/cases/{case['id']}/assign", json=body, headers=head)
    assert assigned.status_code == 200 and assigned.get_json()["assignee"]["id"] == handler_id
    stranger = client.post(f"/api/v1/cases/{case['id']}/assign",
                           json={"user_id": int(other["X-User-Id"])}, headers=head)
    assert stranger.status_code == 404 and "user_id" in stranger.get_json()["errors"]


def test_a_round_robin_department_assigns_at_intake_and_on_an_accepted_transfer(
        client, login, base_departments, db):
    from petitiondesk.accounts.service import department_by_code

    clerk, a = login("clerk"), login("handler", dept="expropriation")
    first, second = login("handler", dept="reserve"), login("handler", dept="reserve")
    department_by_code("reserve").assignment_mode = "round_robin"
    department_by_code("landmgmt").assignment_mode = "fewest_open"
    db.session.commit()
    ids = [int(first["X-User-Id"]), int(second["X-User-Id"])]
    one, two = _case(client, clerk, dept="reserve"), _case(client, clerk, dept="reserve")
    assert [one["assignee"]["id"], two["assignee"]["id"]] == ids
    assert _case(client, clerk)["assignee"] is None
    moved = _case(client, clerk)
    _accept(client, _sent(client, moved["id"], "reserve", a), second)
    assert _case_of(client, moved["id"], second)["assignee"]["id"] == ids[0]
    assert [e.data["mode"] for e in _events(db, moved["id"], "assigned")] == ["round_robin"]


def test_a_legal_channel_matter_is_proposed_for_diversion_and_diverted(
        client, login, base_departments, db):
    clerk, a = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk, category="administrative_act", title="对征收决定不服")
    assert case["diversion_proposal"] == "reconsideration/litigation"
    assert _case(client, clerk)["diversion_proposal"] is None
    unknown = client.post(f"/api/v1/cases/{case['id']}/divert",
                          json={"channel": "prayer", "reason": "x"}, headers=a)
    assert unknown.status_code == 404 and "channel" in unknown.get_json()["errors"]
    diverted = client.post(f"/api/v1/cases/{case['id']}/divert",
                           json={"channel": "reconsideration", "reason": "依法申请行政复议"},
                           headers=a)
    assert diverted.status_code == 200, diverted.get_json()
    body = diverted.get_json()
    assert body["status"] == "diverted" and body["outcome"] == "diverted"
    assert body["attributes"]["diverted_to"] == "reconsideration"
    assert all(c["state"] in ("met", "met_late") for c in body["clocks"]
               if c["kind"] == "obligation")
    event = _events(db, case["id"], "diverted")[0].data
    assert event["channel"] == "reconsideration" and event["reason"] == "依法申请行政复议"


def test_only_petitions_are_diverted_and_a_closed_case_no_longer_moves(client, login,
                                                                       base_departments):
    clerk, a = login("clerk"), login("handler", dept="expropriation")
    supervisor = login("supervisor", dept="supervision")
    mediation = _case(client, clerk, track="mediation", category="labour")
    assert mediation["diversion_proposal"] is None
    body = {"channel": "labour_arbitration", "reason": "劳动争议"}
    assert client.post(f"/api/v1/cases/{mediation['id']}/divert", json=body,
                       headers=a).status_code == 409
    petition = _case(client, clerk, category="labour")
    assert client.post(f"/api/v1/cases/{petition['id']}/divert", json=body,
                       headers=a).status_code == 200
    assert _send(client, petition["id"], "reserve", a).status_code == 409
    designate = client.post(f"/api/v1/cases/{petition['id']}/designate",
                            json={"department": "reserve", "reason": "x"}, headers=supervisor)
    assert designate.status_code == 409


def test_the_transfer_calls_are_in_the_openapi_document(client, login):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/cases/{case_id}/transfers", "/api/v1/transfers",
                 "/api/v1/transfers/{transfer_id}/accept", "/api/v1/transfers/{transfer_id}/reject",
                 "/api/v1/supervision", "/api/v1/cases/{case_id}/designate",
                 "/api/v1/cases/{case_id}/assign", "/api/v1/cases/{case_id}/divert",
                 "/api/v1/routing-rules", "/api/v1/routing-rules/{rule_id}"):
        assert path in paths, path


def test_the_answer_clock_falls_on_the_receiving_department(client, login, base_departments,
                                                            db):
    from petitiondesk.accounts.service import department_by_code
    from petitiondesk.cases.models import Case
    from petitiondesk.deadlines.models import Clock
    from petitiondesk.transfers.service import answering_department_id

    clerk, a = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    _sent(client, case["id"], "reserve", a)
    row = db.session.get(Case, case["id"])
    clocks = {c.key: c for c in db.session.scalars(db.select(Clock).where(
        Clock.case_id == row.id))}
    reserve, expropriation = department_by_code("reserve"), department_by_code("expropriation")
    assert answering_department_id(clocks["transfer.object"], row) == reserve.id
    assert answering_department_id(clocks["petition.notify"], row) == expropriation.id


def test_one_transfer_that_cannot_be_deemed_does_not_hold_back_the_others(
        client, login, base_departments, clock, db, monkeypatch):
    from petitiondesk.transfers import service

    clerk, a = login("clerk"), login("handler", dept="expropriation")
    first, second = _case(client, clerk), _case(client, clerk)
    broken, fine = _sent(client, first["id"], "reserve", a), _sent(client, second["id"],
                                                                   "reserve", a)
    real = service._move_case

    def move(transfer, **kw):
        if transfer.id == broken["id"]:
            raise RuntimeError("simulated failure")
        return real(transfer, **kw)

    monkeypatch.setattr(service, "_move_case", move)
    assert service.deem_overdue_transfers(now=clock.local(2026, 12, 31, 10, 0)) == 1
    db.session.commit()
    from petitiondesk.transfers.models import Transfer

    db.session.expire_all()
    statuses = {t: db.session.get(Transfer, t).status for t in (broken["id"], fine["id"])}
    assert statuses == {broken["id"]: "pending", fine["id"]: "deemed_accepted"}


def test_a_retried_transfer_with_the_same_idempotency_key_sends_once(client, login,
                                                                    base_departments, db):
    from petitiondesk.transfers.models import Transfer

    clerk, a = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    retry = {**a, "Idempotency-Key": "transfer-1"}
    first = _send(client, case["id"], "reserve", retry)
    again = _send(client, case["id"], "reserve", retry)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert db.session.scalar(db.select(db.func.count(Transfer.id))) == 1


def test_a_second_reason_for_supervision_is_added_to_the_first(client, login,
                                                               base_departments, db):
    clerk = login("clerk")
    a, b = login("handler", dept="expropriation"), login("handler", dept="reserve")
    case = _case(client, clerk)
    _accept(client, _sent(client, case["id"], "reserve", a), b)
    _accept(client, _sent(client, case["id"], "expropriation", b), a)
    _sent(client, case["id"], "landmgmt", a)
    reason = _case_of(client, case["id"], clerk)["supervision_reason"]
    assert reason.startswith("bounced") and "3 times" in reason
    assert len(_events(db, case["id"], "supervision_started")) == 1
    assert len(_events(db, case["id"], "supervision_noted")) == 1
