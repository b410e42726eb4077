"""While a transfer waits, the receiving department reads the case it must decide on.

Its handlers and head read the case, its masked parties and its timeline, by API and on
the case page, where only accepting or refusing is offered; a third department still
finds no such case. Once the receiver refuses, the case is out of its sight again.
"""

from __future__ import annotations

import io

import pytest

from tests import factories

PHONE = "13800001111"


@pytest.fixture
def moving(client, login, base_departments):
    """A case of expropriation sent to reserve, waiting for reserve's answer."""
    factories.department("landmgmt")
    id_number = factories.id_number()
    body = factories.intake_body(department="expropriation", parties=[
        {"name": "王小明", "id_number": id_number, "phone": PHONE}])
    case = client.post("/api/v1/cases", json=body, headers=login("clerk")).get_json()
    sender = login("handler", dept="expropriation")
    transfer = client.post(f"/api/v1/cases/{case['id']}/transfers", headers=sender,
                           json={"to_department": "reserve", "reason": "属于土地储备事项"})
    assert transfer.status_code == 201, transfer.get_json()
    return {"case": case, "transfer": transfer.get_json(), "id_number": id_number}


def _pages(app, role: str, dept: str):
    """Return a page client signed in as a new user with the role in the department."""
    pages = app.test_client()
    person = factories.user(role, dept=dept)
    signed_in = pages.post("/login", data={"email": person.email,
                                           "password": factories.PASSWORD})
    assert signed_in.status_code == 302
    return pages


@pytest.mark.parametrize("role", ["handler", "head"])
def test_the_receiving_department_reads_the_case_parties_masked_and_its_timeline(
        client, login, moving, role):
    receiver = login(role, dept="reserve")
    answer = client.get(f"/api/v1/cases/{moving['case']['id']}", headers=receiver)
    assert answer.status_code == 200
    case = answer.get_json()
    assert case["title"] == moving["case"]["title"]
    party = case["parties"][0]
    assert party["masked"] and party["id_number"] != moving["id_number"]
    assert party["phone"] != PHONE
    assert "transfer_requested" in [e["type"] for e in case["events"]]


def test_the_receiver_may_not_unmask_work_or_add_to_the_case(client, login, moving):
    receiver = login("handler", dept="reserve")
    case_id = moving["case"]["id"]
    assert client.get(f"/api/v1/cases/{case_id}?reveal=personal",
                      headers=receiver).status_code == 403
    assert client.post(f"/api/v1/cases/{case_id}/accept", json={},
                       headers=receiver).status_code == 403
    assert client.post(f"/api/v1/cases/{case_id}/transfers", headers=receiver, json={
        "to_department": "landmgmt", "reason": "转给管理科"}).status_code == 403
    upload = client.post(f"/api/v1/cases/{case_id}/attachments", headers=receiver,
                         data={"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 403
    events = client.get(f"/api/v1/cases/{case_id}", headers=receiver).get_json()["events"]
    assert not {"accepted", "attachment_added", "personal_data_viewed"} & {
        e["type"] for e in events}


@pytest.mark.parametrize("role", ["handler", "head"])
def test_a_third_department_still_finds_no_such_case(app, client, login, moving, role):
    case_id = moving["case"]["id"]
    third = login(role, dept="landmgmt")
    assert client.get(f"/api/v1/cases/{case_id}", headers=third).status_code == 404
    assert _pages(app, role, "landmgmt").get(f"/cases/{case_id}").status_code == 404
    listed = client.get(f"/api/v1/transfers/{moving['transfer']['id']}", headers=third)
    assert listed.status_code == 404


def test_the_case_page_offers_the_receiver_only_accepting_or_refusing(app, moving):
    case_id, transfer_id = moving["case"]["id"], moving["transfer"]["id"]
    pages = _pages(app, "handler", "reserve")
    page = pages.get(f"/cases/{case_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'id="answer-transfer-{transfer_id}"' in html
    assert f"/transfers/{transfer_id}/accept" in html and f"/transfers/{transfer_id}/reject" in html
    assert 'id="action-' not in html  # no case action of the holding department
    assert moving["id_number"] not in html and PHONE not in html
    assert 'id="timeline"' in html and "属于土地储备事项" in html
    assert pages.post(f"/cases/{case_id}/accept", data={}).status_code == 403


def test_the_sender_sees_no_answer_forms_on_its_own_case(app, moving):
    html = _pages(app, "handler", "expropriation").get(
        f"/cases/{moving['case']['id']}").get_data(as_text=True)
    assert "answer-transfer-" not in html and 'id="action-' in html


def test_accepting_from_the_case_page_makes_the_case_the_receivers(app, client, login, moving):
    case_id = moving["case"]["id"]
    pages = _pages(app, "head", "reserve")
    accepted = pages.post(f"/transfers/{moving['transfer']['id']}/accept", data={})
    assert accepted.status_code == 302
    case = client.get(f"/api/v1/cases/{case_id}", headers=login("handler", dept="reserve"))
    assert case.get_json()["department"]["code"] == "reserve"
    assert "answer-transfer-" not in pages.get(f"/cases/{case_id}").get_data(as_text=True)


def test_after_refusing_the_receiver_no_longer_sees_the_case(app, client, login, moving):
    receiver = login("handler", dept="reserve")
    refused = client.post(f"/api/v1/transfers/{moving['transfer']['id']}/reject",
                          headers=receiver, json={"reason": "不属于本部门"})
    assert refused.status_code == 200, refused.get_json()
    assert client.get(f"/api/v1/cases/{moving['case']['id']}", headers=receiver).status_code == 404
