"""Files on cases: kinds judged by content, a size limit, storage by hash, who may fetch."""

import hashlib
import io
from pathlib import Path

import pytest

from tests.factories import intake_body

PDF = b"%PDF-1.7\n" + b"scanned letter " * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
TIFF = b"II*\x00" + b"\x00" * 64


@pytest.fixture
def case(client, login, base_departments):
    clerk = login("clerk")
    answer = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                         headers=clerk)
    return answer.get_json()


def _upload(client, case_id, headers, content, name="信件扫描.pdf"):
    return client.post(f"/api/v1/cases/{case_id}/attachments", headers=headers,
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("content", "kind"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                               (JPEG, "image/jpeg"), (TIFF, "image/tiff")])
def test_a_scan_is_stored_under_its_hash_outside_the_web_root(app, client, login, case,
                                                               content, kind):
    handler = login("handler", dept="expropriation")
    answer = _upload(client, case["id"], handler, content, name="../../etc/扫描.bin")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    digest = hashlib.sha256(content).hexdigest()
    assert body["content_type"] == kind and body["sha256"] == digest
    assert body["filename"] == "扫描.bin" and body["size"] == len(content)
    stored = Path(app.instance_path) / "attachments" / digest[:2] / digest[2:]
    assert stored.read_bytes() == content
    assert "static" not in str(stored)


def test_the_type_comes_from_the_content_not_the_name(client, login, case):
    answer = _upload(client, case["id"], login("clerk"), b"<html><script>x</script>",
                     name="letter.pdf")
    assert answer.status_code == 422 and "file" in answer.get_json()["errors"]


def test_a_file_above_the_limit_is_413(app, client, login, case, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1000)
    headers = login("clerk")
    assert _upload(client, case["id"], headers, PDF[:1000]).status_code == 201
    just_over = _upload(client, case["id"], headers, PDF[:1001])
    assert just_over.status_code == 413 and just_over.get_json()["code"] == "too_large"
    far_over = _upload(client, case["id"], headers, PDF * 200)
    assert far_over.status_code == 413


def test_a_download_is_an_attachment_with_nosniff(client, login, case):
    handler = login("handler", dept="expropriation")
    item = _upload(client, case["id"], handler, PDF).get_json()
    answer = client.get(f"/api/v1/attachments/{item['id']}", headers=handler)
    assert answer.status_code == 200 and answer.data == PDF
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    listed = client.get(f"/api/v1/cases/{case['id']}/attachments", headers=handler).get_json()
    assert [a["id"] for a in listed] == [item["id"]]


def test_another_departments_handler_gets_404_for_the_case_files(client, login, case):
    item = _upload(client, case["id"], login("clerk"), PDF).get_json()
    other = login("handler", dept="reserve")
    assert client.get(f"/api/v1/attachments/{item['id']}", headers=other).status_code == 404
    assert client.get(f"/api/v1/cases/{case['id']}/attachments",
                      headers=other).status_code == 404
    assert _upload(client, case["id"], other, PDF).status_code == 404


def test_an_attachment_is_written_on_the_timeline(client, login, case):
    clerk = login("clerk")
    _upload(client, case["id"], clerk, PNG, name="photo.png")
    events = client.get(f"/api/v1/cases/{case['id']}", headers=clerk).get_json()["events"]
    assert events[-1]["type"] == "attachment_added"
    assert events[-1]["data"]["filename"] == "photo.png"


def test_json_bodies_keep_the_small_limit(app, client, login, case, monkeypatch):
    monkeypatch.setitem(app.config, "API_MAX_BODY_BYTES", 2000)
    answer = client.post("/api/v1/cases", json=intake_body(description="长" * 2000),
                         headers=login("clerk"))
    assert answer.status_code == 413 and answer.get_json()["code"] == "too_large"
