"""ID and phone numbers: masked by default, full on an explicit, logged request."""

import pytest

from tests.factories import id_number, intake_body

NUMBER = id_number("19800101", 321)
PHONE = "13800001111"


@pytest.fixture
def case(client, login, base_departments):
    body = intake_body(department="expropriation",
                       parties=[{"name": "王小明", "id_number": NUMBER, "phone": PHONE}])
    answer = client.post("/api/v1/cases", json=body, headers=login("clerk"))
    assert answer.status_code == 201
    return answer.get_json()


def _party(answer):
    return answer.get_json()["parties"][0]


def test_the_intake_answer_and_lists_show_masked_numbers(client, login, case):
    assert case["parties"][0]["id_number"] == NUMBER[:4] + "*" * 10 + NUMBER[-4:]
    assert case["parties"][0]["phone"] == "138****1111" and case["parties"][0]["masked"]
    for role in ("clerk", "supervisor", "counsel"):
        page = client.get("/api/v1/cases", headers=login(role)).get_json()
        assert page["items"][0]["parties"][0]["id_number"] != NUMBER


def test_a_default_view_is_masked_and_writes_nothing(client, login, case):
    clerk = login("clerk")
    answer = client.get(f"/api/v1/cases/{case['id']}", headers=clerk)
    assert _party(answer)["id_number"] != NUMBER
    assert [e["type"] for e in answer.get_json()["events"]] == ["registered"]


@pytest.mark.parametrize(("role", "dept"), [("clerk", "petition"), ("supervisor", "petition"),
                                            ("counsel", "legal"),
                                            ("handler", "expropriation"),
                                            ("head", "expropriation")])
def test_roles_that_need_full_numbers_see_them_and_the_view_is_logged(client, login, case,
                                                                       role, dept):
    headers = login(role, dept=dept)
    answer = client.get(f"/api/v1/cases/{case['id']}?reveal=personal", headers=headers)
    assert answer.status_code == 200
    assert _party(answer)["id_number"] == NUMBER and _party(answer)["phone"] == PHONE
    assert not _party(answer)["masked"]
    viewed = answer.get_json()["events"][-1]
    assert viewed["type"] == "personal_data_viewed"
    assert viewed["actor"]["id"] == int(headers["X-User-Id"])


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_other_roles_are_refused_full_numbers(client, login, case, role):
    answer = client.get(f"/api/v1/cases/{case['id']}?reveal=personal", headers=login(role))
    assert answer.status_code == 403
    events = client.get(f"/api/v1/cases/{case['id']}", headers=login("clerk")).get_json()
    assert [e["type"] for e in events["events"]] == ["registered"]


def test_another_departments_handler_gets_404_not_the_numbers(client, login, case):
    answer = client.get(f"/api/v1/cases/{case['id']}?reveal=personal",
                        headers=login("handler", dept="reserve"))
    assert answer.status_code == 404
