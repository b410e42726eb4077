"""The petitioners' portal: submit, look up with number and code, rate, ask for review."""

from __future__ import annotations

import io
import re

import pytest

from petitiondesk.cases.models import Case, Event
from tests import factories


@pytest.fixture
def portal(app, db, clock, monkeypatch):
    """An anonymous browser on the portal, with the petition office in place."""
    for code in ("petition", "expropriation"):
        factories.department(code)
    db.session.commit()
    return app.test_client()


def _form(**overrides) -> dict:
    data = {"name": "李春花", "id_number": factories.id_number(), "phone": "13912345678",
            "category": "", "title": "小区道路积水多年未修",
            "description": "每逢下雨小区道路积水严重，请求尽快维修。"}
    data.update(overrides)
    return data


def _submit(portal, **overrides):
    answer = portal.post("/portal/submit", data=_form(**overrides),
                         content_type="multipart/form-data")
    html = answer.get_data(as_text=True)
    found = re.search(r'id="case-number" class="big">([^<]+)<', html)
    code = re.search(r'id="query-code" class="big">([^<]+)<', html)
    return answer, (found.group(1) if found else None), (code.group(1) if code else None)


def test_a_petitioner_submits_online_and_gets_a_number_and_a_query_code(portal, db):
    scan = (io.BytesIO(b"%PDF-1.4 photo of the road"), "积水.pdf")
    answer, number, code = _submit(portal, files=[scan])
    assert answer.status_code == 201 and number.startswith("XF-2026-") and code
    case = db.session.scalars(db.select(Case)).one()
    assert case.channel == "online" and case.number == number and case.created_by_id is None
    from petitiondesk.portal.models import PortalAccess

    stored = db.session.get(PortalAccess, case.id)
    assert code not in stored.code_hash and stored.code_hash.startswith("$argon2")
    types = [e.type for e in db.session.scalars(db.select(Event).order_by(Event.seq))]
    assert types[0] == "registered" and "submitted_online" in types
    from petitiondesk.attachments.models import Attachment

    assert db.session.scalars(db.select(Attachment.case_id)).all() == [case.id]


@pytest.mark.parametrize(("field", "value"), [
    ("id_number", "330102198001010011"),  # check digit wrong
    ("phone", "12345"),
    ("title", ""),
])
def test_a_bad_submission_shows_the_field_and_stores_nothing(portal, db, field, value):
    answer, number, _code = _submit(portal, **{field: value})
    assert answer.status_code == 422 and number is None and "field-error" in answer.get_data(
        as_text=True)
    assert db.session.scalars(db.select(Case)).all() == []


def test_a_file_of_the_wrong_kind_or_too_many_files_stores_nothing(portal, db, app,
                                                                   monkeypatch):
    answer, number, _ = _submit(portal, files=[(io.BytesIO(b"MZ\x90 executable"), "a.pdf")])
    assert answer.status_code == 422 and number is None
    monkeypatch.setitem(app.config, "PORTAL_MAX_FILES", 1)
    two = [(io.BytesIO(b"%PDF-1.4 a"), "a.pdf"), (io.BytesIO(b"%PDF-1.4 b"), "b.pdf")]
    answer, number, _ = _submit(portal, files=two)
    assert answer.status_code == 422 and number is None
    assert db.session.scalars(db.select(Case)).all() == []


def _lookup(portal, number, code):
    return portal.post("/portal/lookup", data={"number": number, "code": code})


def test_lookup_shows_status_deadlines_and_documents_but_nothing_internal(portal, db, app):
    _answer, number, code = _submit(portal)
    fresh = app.test_client()
    assert fresh.get("/portal/case").status_code == 302  # nothing without the code
    assert _lookup(fresh, number, code.lower().replace("-", "")).status_code == 302
    case = db.session.scalars(db.select(Case)).one()
    handler = factories.user("handler", dept=case.department.code)
    from petitiondesk.cases import actions
    from petitiondesk.core.timeutil import now_utc
    from petitiondesk.documents import service as documents

    actions.accept(case, actor=handler, now=now_utc())
    documents.issue(case, kind="acceptance_notice", actor=handler, now=now_utc())
    from petitiondesk.cases import timeline

    timeline.record(case, "note", now=now_utc(), actor=handler, data={"text": "内部意见：暂缓"})
    db.session.commit()
    html = fresh.get("/portal/case").get_data(as_text=True)
    assert "已受理，办理中" in html and "信受〔2026〕第1号" in html
    assert "李*花" in html and "李春花" not in html
    assert "办理并书面答复" in html  # the handling deadline
    assert "内部意见" not in html and handler.name not in html and "1391234" not in html


def test_wrong_codes_lock_the_case_number(portal, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_MAX_FAILURES", 3)
    _answer, number, code = _submit(portal)
    other = app.test_client()
    for _ in range(3):
        wrong = _lookup(other, number, "AAAAA-AAAAA")
        assert wrong.status_code == 422 and 'id="portal-error"' in wrong.get_data(as_text=True)
    locked = _lookup(other, number, code)
    assert locked.status_code == 429  # even the right code waits out the lock
    unknown = _lookup(other, "XF-2026-999999", code)
    assert unknown.status_code == 422


def test_lookups_are_rate_limited_per_address(portal, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_LOOKUP_LIMIT", 4)
    _answer, number, code = _submit(portal)
    answers = [_lookup(portal, f"XF-2026-00000{n}", "AAAAA-AAAAA").status_code
               for n in range(2, 8)]
    assert answers[:4] == [422] * 4 and answers[4] == 429


def test_submissions_are_rate_limited_per_address(portal, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", 2)
    codes = [_submit(portal)[0].status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert len(db.session.scalars(db.select(Case)).all()) == 2


def _replied(db, case):
    from petitiondesk.cases import actions
    from petitiondesk.core.timeutil import now_utc

    handler = factories.user("handler", dept=case.department.code)
    actions.accept(case, actor=handler, now=now_utc())
    actions.reply(case, text="已安排维修。", outcome="resolved", actor=handler, now=now_utc())
    db.session.commit()


def test_the_petitioner_rates_the_reply_once(portal, db):
    _answer, number, code = _submit(portal)
    case = db.session.scalars(db.select(Case)).one()
    assert "rate-submit" not in portal.get("/portal/case").get_data(as_text=True)
    assert portal.post("/portal/case/rating", data={"rating": "satisfied"}).status_code == 409
    _replied(db, case)
    assert "rate-submit" in portal.get("/portal/case").get_data(as_text=True)
    assert portal.post("/portal/case/rating", data={"rating": "great"}).status_code == 422
    assert portal.post("/portal/case/rating",
                       data={"rating": "basically_satisfied"}).status_code == 302
    again = portal.post("/portal/case/rating", data={"rating": "dissatisfied"})
    assert again.status_code == 409
    rated = db.session.scalars(db.select(Event).where(Event.type == "satisfaction_rated")).all()
    assert [e.data["rating"] for e in rated] == ["basically_satisfied"]


def test_a_review_request_within_the_window_reopens_the_case(portal, db, clock):
    _answer, number, code = _submit(portal)
    case = db.session.scalars(db.select(Case)).one()
    assert portal.post("/portal/case/review", data={"reason": "维修不彻底，仍有积水"}
                       ).status_code == 409
    _replied(db, case)
    short = portal.post("/portal/case/review", data={"reason": "不"})
    assert short.status_code == 422
    done = portal.post("/portal/case/review", data={"reason": "维修不彻底，仍有积水"})
    assert done.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "reviewing"
    assert "复查中" in portal.get("/portal/case").get_data(as_text=True)


def test_portal_forms_need_their_csrf_token(portal, app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = portal.post("/portal/submit", data=_form(), content_type="multipart/form-data")
        page = portal.get("/portal/submit").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        accepted = portal.post("/portal/submit", data=_form(csrf_token=token),
                               content_type="multipart/form-data")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400 and accepted.status_code == 201


def test_ratings_count_in_the_months_statistics(portal, db, clock):
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import monthly_report

    for rating in ("satisfied", "dissatisfied", "satisfied"):
        browser = portal.application.test_client()
        _answer, number, code = _submit(browser)
        case = db.session.scalars(db.select(Case).where(Case.number == number)).one()
        _replied(db, case)
        assert browser.post("/portal/case/rating", data={"rating": rating}).status_code == 302
    report = monthly_report(month=Month(2026, 11), now=clock.now)
    assert report["satisfaction"] == {"rated": 3, "satisfied": 2, "basically_satisfied": 0,
                                      "dissatisfied": 1, "satisfaction_rate": 0.6667}
    assert monthly_report(month=Month(2026, 10), now=clock.now)["satisfaction"]["rated"] == 0
