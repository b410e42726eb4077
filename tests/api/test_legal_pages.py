"""The matter page, the counsel's workspace and the legacy list, signed in as a person."""

from tests import factories
from tests.api.test_legacy_api import _escalate, _thrice_petitioned
from tests.api.test_litigation_api import _event, _lawsuit


def _sign_in(client, *roles, dept="petition"):
    person = factories.user(*roles, dept=dept, locale="en")
    answer = client.post("/login", data={"email": person.email,
                                         "password": factories.PASSWORD})
    assert answer.status_code == 302, answer.data


def test_the_legacy_page_lists_candidates_with_their_reasons(client, login, base_departments):
    _thrice_petitioned(client, login("clerk"))
    _sign_in(client, "supervisor")
    page = client.get("/legacy")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "关于房屋征收补偿的信访" in text and "Petitioned repeatedly" in text


def test_the_legacy_page_is_not_for_handlers(client, base_departments):
    _sign_in(client, "handler", dept="expropriation")
    assert client.get("/legacy").status_code == 403


def test_the_matter_page_shows_every_case_clock_and_the_petitioners_windows(
        client, login, base_departments):
    supervisor = login("supervisor")
    matter_id = _thrice_petitioned(client, login("clerk"))
    _escalate(client, supervisor, matter_id, knew_of_act_on="2026-10-15")
    _sign_in(client, "counsel", dept="legal")
    text = client.get(f"/matters/{matter_id}").get_data(as_text=True)
    assert text.count("XF-2026-") >= 3 and "SS-2026-" in text
    assert "Give legal guidance" in text and "2027-04-15" in text
    assert "Plaintiff may sue" in text


def test_a_supervisor_escalates_from_the_matter_page(client, login, base_departments):
    matter_id = _thrice_petitioned(client, login("clerk"))
    _sign_in(client, "supervisor")
    answer = client.post(f"/matters/{matter_id}/escalate",
                         data={"reason": "引导诉讼", "knew_of_act_on": "2026-10-15"})
    assert answer.status_code == 302
    text = client.get(f"/matters/{matter_id}").get_data(as_text=True)
    assert "SS-2026-" in text and "Move to the legal track" not in text


def test_the_workspace_shows_deadlines_hearings_and_stages(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client, complaint_served_on="2026-11-20")
    _event(client, counsel, case, type="hearing_scheduled", on="2026-11-26",
           data={"at": "2026-12-03T09:30:00+08:00", "place": "第三法庭"})
    _sign_in(client, "counsel", dept="legal")
    page = client.get("/legal")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2026-12-07" in text and "Submit the defence and evidence" in text
    assert "2026-12-03 09:30" in text and "第三法庭" in text
    assert "First instance" in text
