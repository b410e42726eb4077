"""Notice documents through the API: numbers, the PDF, service meeting clocks, visibility."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from tests.factories import intake_body


@pytest.fixture
def clerk(login):
    return login("clerk")


def _case(client, clerk, **kw):
    answer = client.post("/api/v1/cases", json=intake_body(department="expropriation", **kw),
                         headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _issue(client, case, headers, kind="acceptance_notice", **kw):
    return client.post(f"/api/v1/cases/{case['id']}/documents", json={"kind": kind, **kw},
                       headers=headers)


def _clock(client, case, headers, key):
    body = client.get(f"/api/v1/cases/{case['id']}", headers=headers).get_json()
    return next(c for c in body["clocks"] if c["key"] == key)


def test_a_clerk_issues_a_numbered_acceptance_notice_whose_chinese_renders(
        client, clerk, base_departments, clock):
    case = _case(client, clerk)
    first = _issue(client, case, clerk)
    assert first.status_code == 201, first.get_json()
    doc = first.get_json()
    assert doc["number"] == "信受〔2026〕第1号" and doc["title"] == "受理告知书"
    assert doc["template_version"] == 1 and doc["served_on"] is None
    second = _issue(client, _case(client, clerk), clerk).get_json()
    assert second["number"] == "信受〔2026〕第2号"

    answer = client.get(doc["pdf_url"], headers=clerk)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    page = pdfium.PdfDocument(io.BytesIO(answer.data))[0]
    text = page.get_textpage().get_text_range()
    assert "受理告知书" in text and "信受〔2026〕第1号" in text and "王小明" in text
    assert case["number"] in text
    _assert_glyphs_drawn(page, "受理告知书")

    events = client.get(f"/api/v1/cases/{case['id']}", headers=clerk).get_json()["events"]
    issued = [e for e in events if e["type"] == "document_issued"]
    assert issued and issued[0]["data"]["number"] == doc["number"]


def _assert_glyphs_drawn(page, title: str) -> None:
    """Render page 1 to PNG; each title character is drawn, and no two alike (no tofu)."""
    textpage = page.get_textpage()
    image = page.render(scale=2).to_pil().convert("L")
    png = io.BytesIO()
    image.save(png, format="PNG")
    assert png.getvalue().startswith(b"\x89PNG")
    start = textpage.get_text_range().index(title)
    height = page.get_height()
    crops = []
    for i in range(len(title)):
        left, bottom, right, top = textpage.get_charbox(start + i)
        box = (int(left * 2), int((height - top) * 2), int(right * 2), int((height - bottom) * 2))
        glyph = image.crop(box)
        assert glyph.getextrema()[0] < 100, f"character {title[i]} left no ink"
        crops.append(glyph.resize((24, 24)).tobytes())
    assert len(set(crops)) == len(title), "characters render as the same box"


def test_recording_service_meets_the_notify_clock(client, clerk, base_departments, clock):
    case = _case(client, clerk)
    assert _clock(client, case, clerk, "petition.notify")["state"] != "met"
    doc = _issue(client, case, clerk).get_json()
    clock.local(2026, 11, 27, 16, 0)
    served = client.post(f"/api/v1/documents/{doc['id']}/served",
                         json={"on": "2026-11-27", "method": "post"}, headers=clerk)
    assert served.status_code == 200, served.get_json()
    assert served.get_json()["served_on"] == "2026-11-27"
    notify = _clock(client, case, clerk, "petition.notify")
    assert notify["state"] == "met" and notify["met_on"] == "2026-11-27"
    again = client.post(f"/api/v1/documents/{doc['id']}/served",
                        json={"on": "2026-11-27", "method": "in_person"}, headers=clerk)
    assert again.status_code == 409


@pytest.mark.parametrize(("body", "field"), [
    ({"on": "2026-11-28", "method": "post"}, "on"),          # after today
    ({"on": "2026-11-26", "method": "post"}, "on"),          # before it was issued
    ({"on": "2026-11-27", "method": "pigeon"}, "method"),
])
def test_a_bad_service_record_is_refused_and_changes_nothing(client, clerk, base_departments,
                                                             clock, body, field):
    case = _case(client, clerk)
    doc = _issue(client, case, clerk).get_json()
    answer = client.post(f"/api/v1/documents/{doc['id']}/served", json=body, headers=clerk)
    assert answer.status_code == 422 and field in answer.get_json()["errors"]
    assert _clock(client, case, clerk, "petition.notify")["state"] != "met"
    listed = client.get(f"/api/v1/cases/{case['id']}/documents", headers=clerk).get_json()
    assert listed[0]["served_on"] is None


def test_a_notice_missing_its_facts_is_refused_without_using_a_number(
        client, clerk, login, base_departments):
    case = _case(client, clerk)
    handler = login("handler", dept="expropriation")
    early = _issue(client, case, handler, kind="reply_opinion")
    assert early.status_code == 409 and "reply" in early.get_json()["message"]
    wrong_track = _issue(client, case, handler, kind="defence_cover")
    assert wrong_track.status_code == 409
    client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=handler)
    client.post(f"/api/v1/cases/{case['id']}/reply",
                json={"text": "经核查，已按标准足额补偿。", "outcome": "explained"},
                headers=handler)
    reply = _issue(client, case, handler, kind="reply_opinion")
    assert reply.status_code == 201 and reply.get_json()["number"] == "信处〔2026〕第1号"
    listed = client.get(f"/api/v1/cases/{case['id']}/documents", headers=handler).get_json()
    assert [d["kind"] for d in listed] == ["reply_opinion"]


def test_a_rejection_notice_names_the_channel(client, clerk, login, base_departments):
    case = _case(client, clerk)
    handler = login("handler", dept="expropriation")
    client.post(f"/api/v1/cases/{case['id']}/reject", json={"reason": "属于诉讼事项"},
                headers=handler)
    no_channel = _issue(client, case, handler, kind="rejection_notice")
    assert no_channel.status_code == 422 and "channel" in no_channel.get_json()["errors"]
    done = _issue(client, case, handler, kind="rejection_notice", channel="东城区人民法院")
    assert done.status_code == 201
    pdf = client.get(done.get_json()["pdf_url"], headers=handler)
    text = pdfium.PdfDocument(io.BytesIO(pdf.data))[0].get_textpage().get_text_range()
    assert "东城区人民法院" in text and "属于诉讼事项" in text


def test_other_departments_do_not_see_documents_and_auditors_do_not_issue(
        client, clerk, login, base_departments):
    case = _case(client, clerk)
    doc = _issue(client, case, clerk).get_json()
    stranger = login("handler", dept="reserve")
    assert client.get(f"/api/v1/cases/{case['id']}/documents", headers=stranger).status_code == 404
    assert client.get(doc["pdf_url"], headers=stranger).status_code == 404
    assert client.post(f"/api/v1/documents/{doc['id']}/served",
                       json={"on": "2026-11-20", "method": "post"},
                       headers=stranger).status_code == 404
    auditor = login("auditor")
    assert client.get(doc["pdf_url"], headers=auditor).status_code == 200
    assert _issue(client, case, auditor).status_code == 403
