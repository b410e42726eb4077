"""Security at the edge: headers on every response, sign-in rate limit, token life."""

from datetime import timedelta

import pytest

from tests import factories


def test_every_response_carries_the_security_headers(client, login):
    headers = login("clerk")
    for answer in (client.get("/login"), client.get("/api/v1/cases", headers=headers),
                   client.get("/api/v1/cases"), client.get("/no-such-page")):
        csp = answer.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in answer.headers


def test_https_deployments_get_hsts_and_secure_cookies(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]


def test_remember_cookie_follows_the_session_cookie_setting(tmp_path):
    from petitiondesk import create_app

    secure = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x",
                         "SESSION_COOKIE_SECURE": True})
    assert secure.config["REMEMBER_COOKIE_SECURE"] is True
    assert secure.config["REMEMBER_COOKIE_HTTPONLY"] is True


@pytest.mark.parametrize("path", ["/api/v1/auth/tokens", "/login"])
def test_sign_in_is_limited_per_address_with_429_and_retry_after(app, client, clock,
                                                                 monkeypatch, path):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 3)
    person = factories.user("clerk")
    body = {"email": person.email, "password": "wrong-password"}
    send = (lambda: client.post(path, json=body)) if path.startswith("/api") else (
        lambda: client.post(path, data=body))
    assert [send().status_code for _ in range(3)] == [401] * 3
    refused = send()
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    if path.startswith("/api"):
        assert refused.get_json()["code"] == "too_many_requests"
        assert refused.get_json()["status"] == 429
    clock.set(clock.now + timedelta(seconds=61))
    assert send().status_code == 401


def test_other_addresses_are_not_limited_by_one_noisy_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 2)
    body = {"email": "nobody@bureau.test", "password": "x"}
    for _ in range(2):
        client.post("/api/v1/auth/tokens", json=body, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    noisy = client.post("/api/v1/auth/tokens", json=body, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    quiet = client.post("/api/v1/auth/tokens", json=body, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert noisy.status_code == 429 and quiet.status_code == 401


def test_an_account_locks_after_repeated_failures(app, client):
    person = factories.user("clerk")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/tokens", json={"email": person.email, "password": "wrong-pw"})
    right = client.post("/api/v1/auth/tokens",
                        json={"email": person.email, "password": factories.PASSWORD})
    assert right.status_code == 401 and "locked" in right.get_json()["message"]


def test_a_token_expires_after_its_ttl(app, client, clock):
    person = factories.user("clerk")
    answer = client.post("/api/v1/auth/tokens",
                         json={"email": person.email, "password": factories.PASSWORD})
    headers = {"Authorization": f"Bearer {answer.get_json()['token']}"}
    assert client.get("/api/v1/departments", headers=headers).status_code == 200
    clock.set(clock.now + timedelta(hours=app.config["TOKEN_TTL_HOURS"], seconds=-1))
    assert client.get("/api/v1/departments", headers=headers).status_code == 200
    clock.set(clock.now + timedelta(seconds=1))
    assert client.get("/api/v1/departments", headers=headers).status_code == 401


def test_a_revoked_token_is_refused(client, login):
    headers = login("clerk")
    assert client.delete("/api/v1/auth/tokens", headers=headers).status_code == 204
    assert client.get("/api/v1/departments", headers=headers).status_code == 401
