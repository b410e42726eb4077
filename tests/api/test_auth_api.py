"""Bearer tokens: issued for the right password, required everywhere else."""

from tests import factories


def test_a_user_exchanges_email_and_password_for_a_token(client, db):
    person = factories.user("clerk")
    answer = client.post("/api/v1/auth/tokens",
                         json={"email": person.email, "password": factories.PASSWORD})
    assert answer.status_code == 201
    body = answer.get_json()
    assert len(body["token"]) > 30 and body["expires_at"].startswith("2026-11-27")


def test_a_wrong_password_is_401_in_the_error_shape(client, db):
    person = factories.user("clerk")
    answer = client.post("/api/v1/auth/tokens", json={"email": person.email, "password": "nope"})
    assert answer.status_code == 401
    assert set(answer.get_json()) == {"code", "status", "message", "errors"}


def test_calls_without_a_token_are_401(client, db):
    assert client.get("/api/v1/cases").status_code == 401
    bad = client.get("/api/v1/cases", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and bad.get_json()["status"] == 401


def test_an_expired_token_is_refused(client, db, clock, login):
    headers = login("clerk")
    clock.local(2026, 11, 28, 12, 0)
    assert client.get("/api/v1/cases", headers=headers).status_code == 401


def test_a_revoked_token_is_refused(client, db, login):
    headers = login("clerk")
    assert client.delete("/api/v1/auth/tokens", headers=headers).status_code == 204
    assert client.get("/api/v1/cases", headers=headers).status_code == 401


def test_the_openapi_document_is_public(client, db):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert "/api/v1/cases" in answer.get_json()["paths"]
