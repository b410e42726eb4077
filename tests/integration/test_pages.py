"""The pages through a test client: sign in, queue, intake, the case page, admin."""

from __future__ import annotations

import io
from datetime import date

from tests import factories


def _intake(**overrides) -> dict:
    data = {
        "channel": "visit", "track": "petition", "received_on": "2026-11-27",
        "visitors": "12", "parties-0-id_number": factories.id_number(),
        "parties-0-name": "王小明", "parties-0-phone": "13800001111",
        "title": "关于安置房交付延期的集体来访", "category": "resettlement",
        "area": "东城区", "description": "十二户居民要求说明交付时间",
        "department": "expropriation", "action": "save",
    }
    data.update(overrides)
    return data


def test_the_login_page_is_in_chinese_by_default(pages):
    html = pages.get("/login").get_data(as_text=True)
    assert "登录" in html and 'lang="zh-CN"' in html


def test_a_wrong_password_keeps_the_email_typed(pages):
    person = factories.user("clerk")
    answer = pages.post("/login", data={"email": person.email, "password": "nope-nope"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 401 and person.email in html


def test_a_clerk_registers_a_group_visit_and_sees_where_it_went(pages):
    pages.sign_in("clerk")
    answer = pages.post("/intake", data=_intake())
    assert answer.status_code == 302
    html = pages.get(answer.headers["Location"]).get_data(as_text=True)
    assert "部门expropriation" in html and "XF-2026-" in html


def test_an_invalid_intake_comes_back_with_what_was_typed_and_messages(pages):
    pages.sign_in("clerk")
    answer = pages.post("/intake", data=_intake(**{"parties-0-id_number": "123",
                                                   "title": ""}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "十二户居民要求说明交付时间" in html and 'value="123"' in html
    assert "18" in html and "field-error" in html


def test_check_shows_a_known_person_and_similar_matters_before_saving(pages):
    pages.sign_in("clerk")
    number = factories.id_number()
    assert pages.post("/intake", data=_intake(**{"parties-0-id_number": number})).status_code \
        == 302
    answer = pages.post("/intake", data=_intake(**{
        "parties-0-id_number": number, "parties-0-name": "", "action": "check"}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'value="王小明"' in html and 'id="similar"' in html
    assert "关于安置房交付延期的集体来访" in html
    lookup = pages.get(f"/intake/party?id_number={number}").get_json()
    assert lookup["found"] and lookup["name"] == "王小明" and lookup["cases"] == 1


def test_a_handler_accepts_and_replies_on_the_case_page(pages, db):
    pages.sign_in("clerk")
    location = pages.post("/intake", data=_intake()).headers["Location"]
    from petitiondesk.cases.models import Case

    case = db.session.scalars(db.select(Case)).one()
    pages.post("/logout")
    pages.sign_in("handler", dept="expropriation")
    page = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "action-accept" in page and location
    assert pages.post(f"/cases/{case.id}/accept", data={}).status_code == 302
    bad = pages.post(f"/cases/{case.id}/reply", data={"text": "", "outcome": "explained"})
    assert bad.status_code == 422 and "field-error" in bad.get_data(as_text=True)
    done = pages.post(f"/cases/{case.id}/reply",
                      data={"text": "经核查，已答复交付时间", "outcome": "explained"})
    assert done.status_code == 302
    html = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "已答复" in html and "经核查，已答复交付时间" in html


def test_a_handler_of_another_department_gets_no_actions(pages, db):
    pages.sign_in("clerk")
    pages.post("/intake", data=_intake())
    pages.post("/logout")
    pages.sign_in("handler", dept="reserve")
    from petitiondesk.cases.models import Case

    case = db.session.scalars(db.select(Case)).one()
    assert pages.get(f"/cases/{case.id}").status_code == 404
    assert pages.post(f"/cases/{case.id}/accept", data={}).status_code == 404


def test_the_queue_shows_states_in_words(pages):
    pages.sign_in("clerk")
    pages.post("/intake", data=_intake(received_on="2026-10-01"))
    html = pages.get("/").get_data(as_text=True)
    assert "已逾期" in html and 'class="state overdue"' in html


def test_every_page_of_the_navigation_opens(pages):
    pages.sign_in("admin", "supervisor", "clerk")
    for path in ("/", "/intake", "/supervision", "/admin/", "/admin/departments",
                 "/admin/users", "/admin/calendar", "/admin/rules"):
        assert pages.get(path).status_code == 200, path


def test_an_administrator_creates_a_department_and_a_user(pages):
    pages.sign_in("admin")
    made = pages.post("/admin/departments", data={"code": "finance", "name": "财务科"})
    assert made.status_code == 302
    clash = pages.post("/admin/departments", data={"code": "finance", "name": "财务科二"})
    assert clash.status_code == 422 and "财务科二" in clash.get_data(as_text=True)
    user = pages.post("/admin/users", data={
        "name": "钱会计", "email": "qian@zjj.gov.cn", "password": "long-enough-1",
        "department": "finance", "roles": ["handler"], "locale": "zh_CN"})
    assert user.status_code == 302
    assert "qian@zjj.gov.cn" in pages.get("/admin/users").get_data(as_text=True)


def test_a_bad_calendar_file_lists_its_problems_and_loads_nothing(pages):
    pages.sign_in("admin")
    bad = io.BytesIO("date,kind,name\n2027-02-30,holiday,春节\n".encode())
    answer = pages.post("/admin/calendar", data={"file": (bad, "2027.csv")},
                        content_type="multipart/form-data")
    assert answer.status_code == 422 and "calendar-problems" in answer.get_data(as_text=True)


def test_a_page_post_needs_the_forms_csrf_token(app, pages):
    import re

    pages.sign_in("clerk")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = pages.post("/intake", data=_intake())
        form = pages.get("/intake").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        accepted = pages.post("/intake", data=_intake(csrf_token=token))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code in (400, 422) and "表单已失效" in refused.get_data(as_text=True)
    assert accepted.status_code == 302


def _accepted_case(pages, db):
    """A petition accepted by the expropriation department; the handler stays signed in."""
    from petitiondesk.cases.models import Case

    pages.sign_in("clerk")
    pages.post("/intake", data=_intake())
    case = db.session.scalars(db.select(Case)).one()
    pages.post("/logout")
    pages.sign_in("handler", dept="expropriation")
    assert pages.post(f"/cases/{case.id}/accept", data={}).status_code == 302
    return case


def test_a_handler_suspends_and_resumes_a_case(pages, db):
    case = _accepted_case(pages, db)
    assert pages.post(f"/cases/{case.id}/suspend", data={"reason": ""}).status_code == 422
    assert pages.post(f"/cases/{case.id}/suspend",
                      data={"reason": "等待司法鉴定结论"}).status_code == 302
    html = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "action-resume" in html and "action-suspend" not in html
    assert pages.post(f"/cases/{case.id}/resume",
                      data={"reason": "鉴定结论已出"}).status_code == 302
    assert "action-suspend" in pages.get(f"/cases/{case.id}").get_data(as_text=True)


def test_a_head_approves_an_extension_the_handler_asked_for(pages, db):
    case = _accepted_case(pages, db)
    asked = pages.post(f"/cases/{case.id}/extend", data={
        "clock": "petition.handle", "days": "30", "reason": "案情复杂，需实地核查"})
    assert asked.status_code == 302, asked.get_data(as_text=True)
    pages.post("/logout")
    pages.sign_in("head", "handler", dept="expropriation")
    from petitiondesk.deadlines.models import Extension

    extension = db.session.scalars(db.select(Extension)).one()
    html = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "案情复杂，需实地核查" in html and f"/extensions/{extension.id}/approve" in html
    answer = pages.post(f"/cases/{case.id}/extensions/{extension.id}/approve", data={})
    assert answer.status_code == 302
    assert "已延长 30" in pages.get(f"/cases/{case.id}").get_data(as_text=True)


def test_a_clerk_adds_party_rows_without_losing_what_was_typed(pages):
    pages.sign_in("clerk")
    answer = pages.post("/intake", data=_intake(action="more"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'name="parties-3-name"' in html
    assert "王小明" in html and "关于安置房交付延期的集体来访" in html


def test_an_english_speaking_user_gets_the_pages_in_english(pages, db):
    person = factories.user("clerk", locale="en")
    pages.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    html = pages.get("/").get_data(as_text=True)
    assert "My queue" in html and 'lang="en"' in html and "我的待办" not in html


def test_an_administrator_loads_a_years_calendar_from_a_file(pages, db):
    from petitiondesk.deadlines.models import CalendarDay, CalendarYear

    pages.sign_in("admin")
    text = "date,kind,name\n2030-01-01,holiday,元旦\n2030-10-01,holiday,国庆节\n"
    try:
        answer = pages.post("/admin/calendar", data={"file": (io.BytesIO(text.encode()),
                                                              "2030.csv")},
                            content_type="multipart/form-data")
        assert answer.status_code == 302
        html = pages.get("/admin/calendar").get_data(as_text=True)
        assert "2030" in html and "2030.csv" in html
        assert '<td>2030</td><td class="num">2</td>' in html  # the two days listed
    finally:  # the calendar outlives a test (it is kept between tests): take 2030 out again
        db.session.execute(db.delete(CalendarDay).where(
            CalendarDay.day.between(date(2030, 1, 1), date(2030, 12, 31))))
        db.session.execute(db.delete(CalendarYear).where(CalendarYear.year == 2030))
        db.session.commit()


def test_a_lawsuit_registered_on_the_page_starts_the_answer_clock(pages, db):
    from petitiondesk.deadlines.models import Clock

    pages.sign_in("clerk")
    answer = pages.post("/intake", data=_intake(
        channel="court", track="litigation", visitors="", department="legal",
        court="东城区人民法院", court_case_number="(2026)京0101行初123号", instance="first",
        our_role="defendant", complaint_served_on="2026-11-25"))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    clock = db.session.scalars(db.select(Clock).where(Clock.key == "litigation.answer")).one()
    assert clock.started_on.isoformat() == "2026-11-25"


def test_a_reconsideration_role_on_a_lawsuit_comes_back_next_to_the_field(pages):
    pages.sign_in("clerk")
    answer = pages.post("/intake", data=_intake(
        channel="court", track="litigation", visitors="", our_role="respondent"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "not a litigation role" in html


def test_the_login_page_switches_to_english_on_request(pages):
    html = pages.get("/login?lang=en").get_data(as_text=True)
    assert 'lang="en"' in html and "Sign in" in html and "登录" not in html


def test_the_intake_check_shows_the_models_suggestion_with_its_confidence(pages, db, clock):
    from petitiondesk.suggest.service import train_model
    from tests.api.test_suggestions_api import _history

    _history(db, clock)
    train_model(now=clock.now)
    db.session.commit()
    pages.sign_in("clerk")
    html = pages.post("/intake", data=_intake(title="和平街征收评估价格异议", category="",
                                              department="", action="check")
                      ).get_data(as_text=True)
    assert 'id="suggestion"' in html and "置信度" in html
    assert 'id="suggested-department">部门expropriation<' in html
