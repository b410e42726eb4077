"""Notices on the pages: issue and serve on the case page, print view, template versions."""

from __future__ import annotations

from petitiondesk.cases.models import Case
from tests.integration.test_pages import _intake


def _registered(pages, db) -> Case:
    pages.sign_in("clerk")
    assert pages.post("/intake", data=_intake()).status_code == 302
    return db.session.scalars(db.select(Case)).one()


def test_a_clerk_issues_and_serves_an_acceptance_notice_on_the_case_page(pages, db):
    case = _registered(pages, db)
    page = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="issue-document"' in page and "受理告知书" in page
    issued = pages.post(f"/cases/{case.id}/documents", data={"kind": "acceptance_notice"})
    assert issued.status_code == 302
    page = pages.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "信受〔2026〕第1号" in page and "已制发文书" in page
    from petitiondesk.documents.models import Document

    doc = db.session.scalars(db.select(Document)).one()
    printed = pages.get(f"/documents/{doc.id}/print").get_data(as_text=True)
    assert "受理告知书" in printed and "王小明" in printed and "window.print()" in printed
    assert pages.get(f"/documents/{doc.id}.pdf").mimetype == "application/pdf"
    future = pages.post(f"/documents/{doc.id}/served",
                        data={"on": "2026-12-31", "method": "post"})
    assert future.status_code == 422 and "future" in future.get_data(as_text=True)
    served = pages.post(f"/documents/{doc.id}/served",
                        data={"on": "2026-11-27", "method": "in_person"})
    assert served.status_code == 302
    db.session.expire_all()
    assert db.session.get(Document, doc.id).served_on.isoformat() == "2026-11-27"


def test_a_notice_the_case_cannot_have_yet_comes_back_with_the_reason(pages, db):
    case = _registered(pages, db)
    pages.post("/logout")
    pages.sign_in("handler", dept="expropriation")
    refused = pages.post(f"/cases/{case.id}/documents", data={"kind": "reply_opinion"})
    assert refused.status_code == 422 and "reply" in refused.get_data(as_text=True)


def test_an_administrator_edits_a_template_into_a_new_version_with_a_preview(pages, db):
    case = _registered(pages, db)
    pages.post("/logout")
    pages.sign_in("admin")
    listing = pages.get("/admin/templates").get_data(as_text=True)
    assert "受理告知书" in listing and "不予受理告知书" in listing
    body = "${petitioner}：\n\n你的信访事项${case_number}已受理。\n\n${bureau}"
    bad = pages.post("/admin/templates/acceptance_notice",
                     data={"body": body + "${nonsense}", "action": "save"})
    assert bad.status_code == 422 and "nonsense" in bad.get_data(as_text=True)
    preview = pages.post("/admin/templates/acceptance_notice",
                         data={"body": body, "action": "preview"}).get_data(as_text=True)
    assert "你的信访事项XF-2026-000001已受理。" in preview
    saved = pages.post("/admin/templates/acceptance_notice", data={"body": body,
                                                                   "action": "save"})
    assert saved.status_code == 302
    issued = pages.post(f"/cases/{case.id}/documents", data={"kind": "acceptance_notice"})
    assert issued.status_code == 302
    from petitiondesk.documents.models import Document

    doc = db.session.scalars(db.select(Document)).one()
    assert doc.template_version == 2
    printed = pages.get(f"/documents/{doc.id}/print").get_data(as_text=True)
    assert f"你的信访事项{case.number}已受理。" in printed


def test_only_administrators_open_the_template_editor(pages, db):
    pages.sign_in("clerk")
    assert pages.get("/admin/templates").status_code == 403
    assert pages.post("/admin/templates/acceptance_notice",
                      data={"body": "x", "action": "save"}).status_code == 403
