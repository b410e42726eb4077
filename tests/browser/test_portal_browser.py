"""A petitioner on a phone: submit online, look the case up, rate the reply; a clerk's
acceptance notice on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def phone(browser, live_url, db, clock):
    """A phone-sized tab with no staff account."""
    for code in ("petition", "expropriation"):
        factories.department(code)
    db.session.commit()
    context = browser.new_context(base_url=live_url, locale="zh-CN", is_mobile=True,
                                  viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_petitioner_submits_looks_up_and_rates_the_reply(phone, db, shoot_phone):
    phone.goto("/portal/")
    phone.locator("#go-submit").click()
    phone.get_by_label("姓名").fill("赵大勇")
    phone.get_by_label("身份证号码").fill("330102198001010012")
    phone.get_by_label("电话").fill("13700001111")
    phone.get_by_label("事项摘要（一句话）").fill("楼道照明损坏无人维修")
    phone.get_by_label("事实经过和诉求").fill("楼道照明损坏三个月，请物业和街道尽快维修。")
    phone.locator("#submit-petition").click()
    expect(phone.locator("[role=alert]").first).to_be_visible()  # bad ID check digit
    phone.get_by_label("身份证号码").fill(factories.id_number())
    phone.locator("#submit-petition").click()
    number = phone.locator("#case-number").inner_text()
    code = phone.locator("#query-code").inner_text()
    assert number.startswith("XF-2026-") and len(code) == 11
    shoot_phone("submitted")

    from petitiondesk.cases import actions
    from petitiondesk.cases.models import Case
    from petitiondesk.core.timeutil import now_utc
    from petitiondesk.documents import service as documents

    case = db.session.scalars(db.select(Case).where(Case.number == number)).one()
    clerk = factories.user("clerk")
    handler = factories.user("handler", dept=case.department.code)
    documents.issue(case, kind="acceptance_notice", actor=clerk, now=now_utc())
    actions.accept(case, actor=handler, now=now_utc())
    actions.reply(case, text="已安排维修。", outcome="resolved", actor=handler, now=now_utc())
    db.session.commit()

    phone.context.clear_cookies()
    phone.goto("/portal/lookup")
    phone.get_by_label("案件编号").fill(number)
    phone.get_by_label("查询码").fill("WRONG-CODE1")
    phone.locator("#lookup-submit").click()
    expect(phone.locator("#portal-error")).to_contain_text("不一致")
    phone.get_by_label("查询码").fill(code.lower())
    phone.locator("#lookup-submit").click()
    expect(phone.locator("#public-status")).to_contain_text("已答复")
    expect(phone.locator("#public-documents")).to_contain_text("受理告知书")
    expect(phone.locator("#petitioners")).to_have_text("赵*勇")
    phone.get_by_label("基本满意").check()
    phone.locator("#rate-submit").click()
    expect(phone.locator("#rated")).to_contain_text("基本满意")
    shoot_phone("rated")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"


@pytest.fixture
def shoot_phone(phone, request):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(step: str):
        phone.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{step}.png"), full_page=True)

    return save
