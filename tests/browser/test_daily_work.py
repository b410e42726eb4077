"""A new user does the day's work through the pages alone, in Chinese, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def bureau(db):
    """The petition office, two handling departments and a routing rule for resettlement."""
    from petitiondesk.transfers.models import RoutingRule

    office = factories.department("petition", "信访办公室")
    factories.department("expropriation", "征收补偿科")
    reserve = factories.department("reserve", "土地储备科")
    db.session.add(RoutingRule(name="安置房", priority=10, category="resettlement",
                               department=factories.department("expropriation"), active=True))
    db.session.commit()
    return {"office": office, "reserve": reserve}


def _register(db, **overrides):
    """Register a case through the intake service, as a clerk would."""
    from petitiondesk.cases import intake
    from petitiondesk.cases.schemas import CaseCreateSchema
    from petitiondesk.core.timeutil import now_utc

    clerk = factories.user("clerk")
    data = CaseCreateSchema().load(factories.intake_body(**overrides))
    case = intake.register_case(data=data, actor=clerk, now=now_utc())
    db.session.commit()
    return case


def test_a_clerk_registers_a_group_visit(page, sign_in, shoot, bureau, db):
    earlier = _register(db, title="关于幸福里安置房交付延期的集体来访", category="resettlement")
    known = earlier.parties[0]
    sign_in("clerk")
    page.get_by_role("link", name="登记").click()
    expect_heading(page, "信访及矛盾纠纷登记")
    # the form opens on its first field and Tab walks it in reading order
    order = []
    for _step in range(8):  # a date box takes a Tab per part (year, month, day)
        here = page.evaluate("document.activeElement.id")
        if here not in order:
            order.append(here)
        page.keyboard.press("Tab")
    assert order[:5] == ["channel", "track", "received_on", "visitors", "parties-0-id_number"]
    page.get_by_label("来源渠道").select_option("visit")
    page.get_by_label("来访人数").fill("15")
    page.locator("#parties-0-id_number").fill(known.id_number)
    page.locator("#parties-0-id_number").press("Tab")  # the page looks the person up
    # expect() polls from outside the page: the CSP forbids the eval wait_for_function needs
    expect(page.locator("#parties-0-name")).to_have_value(known.name)
    page.locator("#parties-1-id_number").fill(factories.id_number("19750304"))
    page.locator("#parties-1-name").fill("李四")
    page.get_by_label("事由").fill("关于幸福里安置房交付延期的集体来访")
    page.get_by_label("类别").select_option("resettlement")
    page.get_by_label("诉求及事实").fill("十五户居民要求明确交付时间并支付过渡费")
    page.get_by_label("事由").press("Enter")  # Enter checks; it never registers by accident
    similar = page.locator("#similar")
    assert "同一当事人" in similar.inner_text()
    shoot("1-similar-matters")
    page.get_by_label("关联已有事项").select_option(str(earlier.matter_id))
    page.get_by_role("button", name="登记", exact=True).click()
    done = page.locator("#registered")
    assert "征收补偿科" in done.locator(".routed-department").inner_text()
    assert "15" in done.inner_text()
    shoot("2-registered")
    done.get_by_role("link").first.click()
    assert page.locator("#visitors").inner_text() == "15"
    assert page.locator("#department").inner_text() == "征收补偿科"


def test_a_handler_accepts_and_replies(page, sign_in, shoot, bureau, db):
    case = _register(db, department="expropriation", received_on="2026-11-20")
    sign_in("handler", dept="expropriation")
    row = page.locator("#queue tr", has_text=case.number)
    assert "临期" in row.inner_text() or "正常" in row.inner_text()
    shoot("1-queue")
    row.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="受理本件").click()
    assert page.locator("#case-status").inner_text() == "已受理"
    handle = page.locator("#clocks tr", has_text="办理并书面答复")
    assert "2027-01-26" in handle.inner_text() and "正常" in handle.inner_text()
    page.locator("#action-reply summary").click()
    page.get_by_role("button", name="答复").click()  # empty reply: the message comes back
    assert page.locator("#action-reply .field-error").count() >= 1
    page.locator("#action-reply").get_by_label("答复").fill("经核查，补偿款已于本月发放，现予答复。")
    page.locator("#action-reply").get_by_label("办理结果").select_option("explained")
    page.locator("#action-reply").get_by_role("button", name="答复").click()
    assert page.locator("#case-status").inner_text() == "已答复"
    timeline = page.locator("#timeline").inner_text()
    assert "经核查，补偿款已于本月发放" in timeline and "解释说明" in timeline
    shoot("2-replied")


def test_a_case_bounced_between_two_departments_reaches_the_supervisor(page, sign_in, shoot,
                                                                       bureau, db):
    from petitiondesk.core.timeutil import now_utc
    from petitiondesk.transfers import service as transfers

    case = _register(db, department="expropriation")
    sender = factories.user("handler", dept="expropriation")
    receiver = factories.user("handler", dept="reserve")
    sent = transfers.request_transfer(case=case, to_code="reserve", reason="属土地储备范围",
                                      actor=sender, now=now_utc())
    transfers.accept_transfer(transfer_id=sent.id, actor=receiver, now=now_utc())
    db.session.commit()
    sign_in("handler", dept="reserve")
    page.goto(f"/cases/{case.id}")
    page.locator("#action-transfer summary").click()
    page.locator("#action-transfer").get_by_label("转至部门").select_option("expropriation")
    page.locator("#action-transfer").get_by_label("理由").fill("补偿标准问题应由征收补偿科答复")
    page.locator("#action-transfer").get_by_role("button").click()
    assert "已转办" in page.locator("#timeline").inner_text()
    assert "征收补偿科" in page.locator("#pending-transfers").inner_text()
    sign_in("supervisor", dept="petition")
    page.get_by_role("link", name="督办").click()
    row = page.locator("#supervised tr", has_text=case.number)
    assert "退回推诿" in row.inner_text()
    shoot("1-board")
    row.get_by_label("责任部门").select_option("expropriation")
    row.get_by_label("理由").fill("经研究，由征收补偿科负责答复")
    row.get_by_role("button", name="指定").click()
    assert re.search(r"已指定责任部门", page.locator(".flash").inner_text())
    assert "是" in page.locator("#supervised tr", has_text=case.number).inner_text()
    shoot("2-designated")


def test_the_statistics_page_shows_its_charts(page, sign_in, shoot, bureau, db):
    for day, channel in (("2026-10-09", "visit"), ("2026-10-15", "letter"),
                         ("2026-10-20", "online")):
        _register(db, department="expropriation", received_on=day, channel=channel)
    sign_in("auditor", dept="petition")
    page.get_by_role("link", name="统计分析").click()
    assert "月度统计" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#month").input_value() == "2026-10"
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    assert charts.first.locator("rect").count() >= 3  # one bar per channel that received
    shoot("1-charts")


def expect_heading(page, text: str) -> None:
    """Assert the page's main heading."""
    assert page.get_by_role("heading", level=1).inner_text() == text
