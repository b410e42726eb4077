"""Administrators see undeliverable mail; every user sets their own digest and language."""

from datetime import UTC, datetime

from petitiondesk.alerts.outbox import queue_mail


def _queue_failed(db):
    now = datetime(2026, 11, 1, tzinfo=UTC)
    queue_mail(key="a", recipient="gone@bureau.test", subject="lost", text="t", now=now)
    queue_mail(key="b", recipient="fine@bureau.test", subject="ok", text="t", now=now)
    db.session.execute(db.text("UPDATE outbox SET status = 'failed', last_error = 'refused' "
                               "WHERE key = 'a'"))
    db.session.commit()


def test_an_administrator_lists_the_mail_that_could_not_be_delivered(client, login, db):
    _queue_failed(db)
    answer = client.get("/api/v1/outbox?status=failed", headers=login("admin"))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 1
    [item] = body["items"]
    assert item["recipient"] == "gone@bureau.test" and item["last_error"] == "refused"
    assert "body_text" not in item


def test_the_outbox_is_forbidden_to_everyone_but_administrators(client, login, db):
    assert client.get("/api/v1/outbox", headers=login("supervisor")).status_code == 403


def test_an_unknown_outbox_status_is_422(client, login, db):
    answer = client.get("/api/v1/outbox?status=lost", headers=login("admin"))
    assert answer.status_code == 422 and "status" in answer.get_json()["errors"]


def test_a_user_turns_the_digest_off_and_switches_to_english(client, login, db):
    me = login("handler")
    answer = client.patch("/api/v1/me", json={"digest_enabled": False, "locale": "en"},
                          headers=me)
    assert answer.status_code == 200
    assert answer.get_json()["digest_enabled"] is False and answer.get_json()["locale"] == "en"
    again = client.get("/api/v1/me", headers=me).get_json()
    assert again["digest_enabled"] is False and again["locale"] == "en"


def test_an_unknown_locale_or_a_non_boolean_is_422(client, login, db):
    me = login("handler")
    assert client.patch("/api/v1/me", json={"locale": "fr"}, headers=me).status_code == 422
    assert client.patch("/api/v1/me", json={"digest_enabled": "no"},
                        headers=me).status_code == 422
