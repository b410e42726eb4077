"""HTTP edges every route shares: 405 names the allowed methods, oversized bodies are 413."""

from tests.api.test_role_matrix import _routes


def _post_routes(app) -> list[str]:
    return [rule for key, method, rule in _routes(app)
            if method == "POST" and rule.startswith("/api/")]


def test_a_wrong_method_is_405_with_allow(client, login):
    headers = login("clerk")
    answer = client.delete("/api/v1/cases", headers=headers)
    assert answer.status_code == 405
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert answer.get_json()["code"] == "method_not_allowed"
    page = client.put("/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]


def test_every_api_post_refuses_a_body_above_the_limit_with_413(app, client, login,
                                                               monkeypatch):
    monkeypatch.setitem(app.config, "API_MAX_BODY_BYTES", 1000)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1000)
    headers = login("clerk", "supervisor", "admin")
    too_big = {"padding": "x" * (80 * 1024)}
    for rule in _post_routes(app):
        answer = client.post(_fill_ids(rule), json=too_big, headers=headers)
        assert answer.status_code == 413, (rule, answer.status_code)
        assert answer.get_json()["code"] == "too_large", rule


def test_a_chunked_body_without_length_is_cut_at_the_limit(app, client, login, monkeypatch):
    import io

    monkeypatch.setitem(app.config, "API_MAX_BODY_BYTES", 1000)
    answer = client.post("/api/v1/cases", headers={**login("clerk"),
                                                   "Content-Type": "application/json",
                                                   "Transfer-Encoding": "chunked"},
                         input_stream=io.BytesIO(b'{"title": "' + b"x" * 5000 + b'"}'),
                         # what a server sets for a chunked body (gunicorn, waitress)
                         environ_base={"wsgi.input_terminated": True})
    # werkzeug stops reading at the limit; the cut-off JSON is refused (400), never used
    assert answer.status_code in (400, 413)


def _fill_ids(rule: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "1", rule)


def test_a_nul_character_is_refused_at_the_door_not_a_server_error(client, login,
                                                                   base_departments):
    from tests.factories import intake_body

    headers = login("clerk")
    body = client.post("/api/v1/cases", json=intake_body(title="a\x00b"), headers=headers)
    assert body.status_code == 422 and body.get_json()["code"] == "invalid"
    assert client.get("/api/v1/cases?q=a%00b", headers=headers).status_code == 422
    assert client.post("/login", data={"email": "a\x00@b.c", "password": "x"}).status_code == 400


def test_a_deadlock_the_database_broke_is_409_and_changes_nothing(
        client, login, monkeypatch, base_departments, db):
    import psycopg
    from sqlalchemy.exc import OperationalError

    from petitiondesk.cases import actions
    from petitiondesk.cases.models import Case
    from tests.factories import intake_body

    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                       headers=clerk).get_json()
    accept = actions.accept

    def deadlocked(case, **kwargs):
        accept(case, **kwargs)  # done, then the database picks this transaction to abort
        raise OperationalError("UPDATE clocks ...", {}, psycopg.errors.DeadlockDetected(
            "deadlock detected"))

    monkeypatch.setattr(actions, "accept", deadlocked)
    answer = client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=handler)
    assert answer.status_code == 409 and answer.get_json()["code"] == "conflict"
    db.session.expire_all()
    assert db.session.get(Case, case["id"]).status == "registered"
