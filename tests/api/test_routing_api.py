"""Routing rules as data: administrators edit them; intake follows them."""

import pytest

from petitiondesk.cases.models import Event
from tests import factories
from tests.factories import intake_body


@pytest.fixture(autouse=True)
def more_departments(base_departments, db):
    """The departments the rules below name."""
    for code in ("landmgmt", "finance"):
        factories.department(code)
    db.session.commit()


def _rule(client, admin, **body):
    answer = client.post("/api/v1/routing-rules", json=body, headers=admin)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _register(client, clerk, **kw):
    answer = client.post("/api/v1/cases", json=intake_body(**kw), headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_only_administrators_manage_routing_rules(client, login):
    clerk, supervisor = login("clerk"), login("supervisor")
    body = {"name": "x", "department": "finance"}
    for who in (clerk, supervisor):
        assert client.get("/api/v1/routing-rules", headers=who).status_code == 403
        assert client.post("/api/v1/routing-rules", json=body, headers=who).status_code == 403


def test_an_administrator_adds_changes_and_removes_rules(client, login):
    admin = login("admin")
    rule = _rule(client, admin, name="资金拨付", priority=50, category="funding",
                 keywords=["拨付", "资金"], department="finance")
    assert rule["keywords"] == ["拨付", "资金"] and rule["department"]["code"] == "finance"
    changed = client.patch(f"/api/v1/routing-rules/{rule['id']}",
                           json={"priority": 5, "area": "东城区", "active": False}, headers=admin)
    assert changed.status_code == 200
    assert (changed.get_json()["priority"], changed.get_json()["area"]) == (5, "东城区")
    assert changed.get_json()["active"] is False
    listed = client.get("/api/v1/routing-rules", headers=admin).get_json()
    assert [r["id"] for r in listed] == [rule["id"]]
    assert client.delete(f"/api/v1/routing-rules/{rule['id']}", headers=admin).status_code == 204
    assert client.get(f"/api/v1/routing-rules/{rule['id']}", headers=admin).status_code == 404


def test_a_rule_naming_an_unknown_department_is_refused(client, login):
    admin = login("admin")
    answer = client.post("/api/v1/routing-rules", json={"name": "x", "department": "nowhere"},
                         headers=admin)
    assert answer.status_code == 404 and "department" in answer.get_json()["errors"]
    patched = client.post("/api/v1/routing-rules", json={"name": "x", "department": "reserve"},
                          headers=admin)
    assert patched.status_code == 201, patched.get_json()
    answer = client.patch(f"/api/v1/routing-rules/{patched.get_json()['id']}",
                          json={"department": "nowhere"}, headers=admin)
    assert answer.status_code == 404 and "department" in answer.get_json()["errors"]
    missing = client.post("/api/v1/routing-rules", json={"name": "x"}, headers=admin)
    assert missing.status_code == 422 and "department" in missing.get_json()["errors"]


def test_intake_routes_by_the_first_matching_rule_and_writes_it_on_the_timeline(
        client, login, db):
    admin, clerk = login("admin"), login("clerk")
    _rule(client, admin, name="补偿", priority=20, category="compensation",
          department="expropriation")
    keyword = _rule(client, admin, name="围挡", priority=10, keywords=["围挡"],
                    department="landmgmt")
    _rule(client, admin, name="停用", priority=1, department="finance", active=False)
    by_keyword = _register(client, clerk, description="征收地块围挡倒塌")
    assert by_keyword["department"]["code"] == "landmgmt"
    registered = db.session.scalar(db.select(Event).where(
        Event.case_id == by_keyword["id"], Event.type == "registered"))
    assert registered.data["routing_rule"] == keyword["id"]
    assert registered.data["routed_by"] == "围挡"
    assert _register(client, clerk)["department"]["code"] == "expropriation"


def test_a_case_no_rule_matches_goes_to_the_default_department(client, login):
    admin, clerk = login("admin"), login("clerk")
    _rule(client, admin, name="资金", category="funding", department="finance")
    assert _register(client, clerk, category="other")["department"]["code"] == "petition"


def test_intake_naming_a_department_skips_routing(client, login, db):
    admin, clerk = login("admin"), login("clerk")
    _rule(client, admin, name="全部", priority=1, department="finance")
    case = _register(client, clerk, department="reserve")
    assert case["department"]["code"] == "reserve"
    registered = db.session.scalar(db.select(Event).where(
        Event.case_id == case["id"], Event.type == "registered"))
    assert registered.data["routed_by"] == "intake" and registered.data["routing_rule"] is None
