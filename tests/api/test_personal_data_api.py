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


def _signed_in(app, role, dept="petition"):
    from tests import factories

    person = factories.user(role, dept=dept)
    pages = app.test_client()
    pages.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    return pages


def test_the_case_page_masks_numbers_and_its_show_button_reveals_and_logs(app, client, login,
                                                                          case):
    pages = _signed_in(app, "clerk")
    page = pages.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert NUMBER not in page and PHONE not in page
    assert f"/cases/{case['id']}/personal-data" in page
    shown = pages.post(f"/cases/{case['id']}/personal-data")
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert NUMBER in shown.get_data(as_text=True) and PHONE in shown.get_data(as_text=True)
    events = client.get(f"/api/v1/cases/{case['id']}", headers=login("clerk")).get_json()
    assert events["events"][-1]["type"] == "personal_data_viewed"


def test_the_show_button_is_not_offered_to_an_auditor_and_refuses_one(app, case):
    pages = _signed_in(app, "auditor")
    assert "/personal-data" not in pages.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert pages.post(f"/cases/{case['id']}/personal-data").status_code == 403
