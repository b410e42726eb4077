"""A new bureau with its own department codes sets its offices through the departments API.

Nothing is found by a fixed code: the intake office (the default route) and the legal
counsel office (where legacy matters escalate) are whichever departments serve those
functions, and while one has no department the call that needs it says so.
"""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def bureau(client, login, db):
    """A bureau coded its own way (PO 信访办, EX, LC 法律顾问室), no office set yet."""
    for code, name in (("PO", "信访办"), ("EX", "征收科"), ("LC", "法律顾问室")):
        factories.department(code, name=name)
    db.session.commit()
    return {"admin": login("admin", dept="PO"), "clerk": login("clerk", dept="PO"),
            "counsel": login("counsel", dept="LC")}


def _patch(client, headers, code, **body):
    return client.patch(f"/api/v1/departments/{code}", json=body, headers=headers)


def _escalate(client, headers, matter_id):
    return client.post(f"/api/v1/matters/{matter_id}/escalate", headers=headers,
                       json={"reason": "历史遗留问题", "knew_of_act_on": "2026-10-01"})


def test_intake_with_no_rule_and_no_intake_office_says_how_to_set_it(client, bureau):
    answer = client.post("/api/v1/cases", json=factories.intake_body(), headers=bureau["clerk"])
    assert answer.status_code == 422
    body = answer.get_json()
    assert "intake function" in body["message"]
    assert "petitiondesk departments update CODE --function intake" in body["message"]
    assert "department" in body["errors"]
    assert client.get("/api/v1/cases", headers=bureau["clerk"]).get_json()["total"] == 0


def test_the_intake_office_is_the_default_route_once_set(client, bureau):
    assert _patch(client, bureau["admin"], "PO", functions=["intake"]).status_code == 200
    answer = client.post("/api/v1/cases", json=factories.intake_body(), headers=bureau["clerk"])
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["department"]["code"] == "PO"


def test_escalation_needs_the_legal_function_and_goes_to_its_department(client, bureau):
    case = client.post("/api/v1/cases", json=factories.intake_body(department="EX"),
                       headers=bureau["clerk"]).get_json()
    refused = _escalate(client, bureau["counsel"], case["matter_id"])
    assert refused.status_code == 422
    assert "legal function" in refused.get_json()["message"]
    assert "--function legal" in refused.get_json()["message"]
    matter = client.get(f"/api/v1/matters/{case['matter_id']}", headers=bureau["counsel"])
    assert len(matter.get_json()["cases"]) == 1  # nothing was registered

    assert _patch(client, bureau["admin"], "LC", functions=["legal"]).status_code == 200
    guidance = _escalate(client, bureau["counsel"], case["matter_id"])
    assert guidance.status_code == 201, guidance.get_json()
    assert guidance.get_json()["department"]["code"] == "LC"


def test_a_department_created_with_functions_lists_them(client, bureau):
    created = client.post("/api/v1/departments", headers=bureau["admin"], json={
        "code": "SV", "name": "督查室", "email": "sv@bureau.test", "functions": ["supervision"]})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["functions"] == ["supervision"]
    listed = client.get("/api/v1/departments", headers=bureau["clerk"]).get_json()
    assert {d["code"]: d["functions"] for d in listed} == {
        "PO": [], "EX": [], "LC": [], "SV": ["supervision"]}
    one = client.get("/api/v1/departments/SV", headers=bureau["clerk"]).get_json()
    assert one["name"] == "督查室" and one["email"] == "sv@bureau.test"


def test_a_function_has_one_department_and_the_refusal_names_the_holder(client, bureau):
    assert _patch(client, bureau["admin"], "PO", functions=["intake"]).status_code == 200
    taken = _patch(client, bureau["admin"], "EX", name="征收补偿科", functions=["intake"])
    assert taken.status_code == 409
    assert "'PO' serves the intake function already" in taken.get_json()["message"]
    assert "functions" in taken.get_json()["errors"]
    ex = client.get("/api/v1/departments/EX", headers=bureau["admin"]).get_json()
    assert ex["functions"] == [] and ex["name"] == "征收科"  # nothing changed
    second = client.post("/api/v1/departments", headers=bureau["admin"], json={
        "code": "P2", "name": "第二信访办", "functions": ["intake"]})
    assert second.status_code == 409
    codes = [d["code"] for d in client.get("/api/v1/departments",
                                           headers=bureau["admin"]).get_json()]
    assert "P2" not in codes


def test_one_department_may_serve_several_functions_and_drop_one(client, bureau):
    both = _patch(client, bureau["admin"], "PO", functions=["legal", "intake"])
    assert both.get_json()["functions"] == ["intake", "legal"]
    dropped = _patch(client, bureau["admin"], "PO", functions=["legal"])
    assert dropped.get_json()["functions"] == ["legal"]
    assert _patch(client, bureau["admin"], "EX", functions=["intake"]).status_code == 200


@pytest.mark.parametrize("body", [{"functions": ["archive"]}, {"functions": "intake"},
                                  {"email": "not-an-address"}, {"name": ""}])
def test_a_bad_change_is_refused_field_by_field(client, bureau, body):
    answer = _patch(client, bureau["admin"], "PO", **body)
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]) == set(body)
    assert client.get("/api/v1/departments/PO", headers=bureau["admin"]).get_json()[
        "functions"] == []


def test_an_unknown_department_is_absent(client, bureau):
    assert _patch(client, bureau["admin"], "ZZ", functions=["intake"]).status_code == 404
    assert client.get("/api/v1/departments/ZZ", headers=bureau["clerk"]).status_code == 404


def test_a_taken_code_is_refused(client, bureau):
    answer = client.post("/api/v1/departments", headers=bureau["admin"],
                         json={"code": "PO", "name": "又一个"})
    assert answer.status_code == 409


def test_the_departments_calls_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/departments"])
    assert {"get", "patch"} <= set(paths["/api/v1/departments/{code}"])
