"""The transfer inbox and the routing-rule pages through a test client."""

from __future__ import annotations

from datetime import date

from petitiondesk.cases import intake
from petitiondesk.transfers.models import RoutingRule, Transfer
from petitiondesk.transfers.service import request_transfer
from tests import factories


def _pending_transfer(db, clock) -> Transfer:
    clerk = factories.user("clerk")
    sender = factories.user("handler", dept="expropriation")
    case = intake.register_case(data={
        "track": "petition", "channel": "letter", "title": "围挡倒塌", "description": "",
        "category": "other", "area": None, "received_on": date(2026, 11, 20),
        "parties": [{"name": "甲"}], "attributes": {}, "department": "expropriation"},
        actor=clerk, now=clock.now)
    transfer = request_transfer(case=case, to_code="reserve", reason="属储备地管理",
                                actor=sender, now=clock.now)
    db.session.commit()
    return transfer


def test_the_receiving_department_sees_and_accepts_a_transfer_in_its_inbox(pages, db, clock):
    transfer = _pending_transfer(db, clock)
    pages.sign_in("handler", dept="reserve")
    inbox = pages.get("/transfers")
    assert inbox.status_code == 200 and "围挡倒塌" in inbox.get_data(as_text=True)
    assert "属储备地管理" in inbox.get_data(as_text=True)
    answer = pages.post(f"/transfers/{transfer.id}/accept", data={})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Transfer, transfer.id).status == "accepted"


def test_refusing_from_the_inbox_needs_a_reason(pages, db, clock):
    transfer = _pending_transfer(db, clock)
    pages.sign_in("head", dept="reserve")
    assert pages.post(f"/transfers/{transfer.id}/reject", data={"reason": ""}).status_code == 422
    answer = pages.post(f"/transfers/{transfer.id}/reject", data={"reason": "不属本科"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Transfer, transfer.id).status == "rejected"


def test_an_administrator_adds_edits_and_removes_a_routing_rule_on_the_page(pages, db):
    pages.sign_in("admin")
    assert pages.get("/admin/routing").status_code == 200
    added = pages.post("/admin/routing", data={
        "name": "安置房", "priority": "20", "category": "", "area": "",
        "keywords": "安置，回迁", "department": "expropriation", "active": "y"})
    assert added.status_code == 302
    rule = db.session.scalar(db.select(RoutingRule))
    assert (rule.keywords, rule.category, rule.department.code) == ("安置,回迁", None,
                                                                   "expropriation")
    form = pages.get(f"/admin/routing/{rule.id}").get_data(as_text=True)
    assert 'value="安置,回迁"' in form and 'selected value="expropriation"' in form
    edited = pages.post(f"/admin/routing/{rule.id}", data={
        "name": "安置房", "priority": "5", "keywords": "安置", "department": "reserve"})
    assert edited.status_code == 302
    db.session.expire_all()
    rule = db.session.get(RoutingRule, rule.id)
    assert (rule.priority, rule.department.code, rule.active) == (5, "reserve", False)
    listing = pages.get("/admin/routing").get_data(as_text=True)
    assert "安置房" in listing
    assert pages.post(f"/admin/routing/{rule.id}/delete", data={}).status_code == 302
    assert db.session.scalar(db.select(RoutingRule)) is None


def test_an_invalid_rule_is_shown_again_with_its_errors(pages, db):
    pages.sign_in("admin")
    answer = pages.post("/admin/routing", data={"name": "", "priority": "x",
                                                "department": "reserve"})
    assert answer.status_code == 422
    assert db.session.scalar(db.select(RoutingRule)) is None


def test_only_administrators_open_the_routing_page(pages):
    pages.sign_in("supervisor")
    assert pages.get("/admin/routing").status_code == 403


def test_an_administrator_chooses_a_departments_assignment_mode(pages, db):
    from petitiondesk.accounts.models import Department

    pages.sign_in("admin")
    assert "round_robin" in pages.get("/admin/routing").get_data(as_text=True)
    answer = pages.post("/admin/routing/assignment",
                        data={"department": "reserve", "assignment_mode": "fewest_open"})
    assert answer.status_code == 302
    db.session.expire_all()
    reserve = db.session.scalar(db.select(Department).where(Department.code == "reserve"))
    assert reserve.assignment_mode == "fewest_open"
    bad = pages.post("/admin/routing/assignment",
                     data={"department": "reserve", "assignment_mode": "lottery"})
    assert bad.status_code == 400
