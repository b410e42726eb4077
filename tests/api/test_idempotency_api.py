"""A creating call retried with the same Idempotency-Key answers the same and creates nothing.

Every POST that creates is covered: cases, transfers, extensions, escalation, attachments.
Signing in (POST /auth/tokens) is deliberately excluded: there is no caller to key the
record on before sign-in, and a replay would have to store a live bearer token in clear.
"""

import io
import threading

import pytest

from petitiondesk.attachments.models import Attachment
from petitiondesk.cases.models import Case
from petitiondesk.deadlines.models import Extension
from petitiondesk.transfers.models import Transfer
from tests.dbsetup import backend
from tests.factories import intake_body


@pytest.fixture
def people(login, base_departments):
    return {"clerk": login("clerk"), "handler": login("handler", dept="expropriation"),
            "supervisor": login("supervisor")}


def _case(client, people, *, accepted=False):
    case = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                       headers=people["clerk"]).get_json()
    if accepted:
        answer = client.post(f"/api/v1/cases/{case['id']}/accept", json={},
                             headers=people["handler"])
        assert answer.status_code == 200, answer.get_json()
    return case


def _intake(client, people):
    return ("/api/v1/cases", {"json": intake_body(department="expropriation")},
            people["clerk"], Case)


def _transfer(client, people):
    case = _case(client, people)
    return (f"/api/v1/cases/{case['id']}/transfers",
            {"json": {"to_department": "reserve", "reason": "属于土地储备事项"}},
            people["handler"], Transfer)


def _extension(client, people):
    case = _case(client, people, accepted=True)
    return (f"/api/v1/cases/{case['id']}/extensions",
            {"json": {"clock": "petition.handle", "days": 30, "reason": "需补充调查"}},
            people["handler"], Extension)


def _escalation(client, people):
    case = _case(client, people)
    return (f"/api/v1/matters/{case['matter_id']}/escalate",
            {"json": {"reason": "历史遗留问题，引导诉讼", "knew_of_act_on": "2026-10-01"}},
            people["supervisor"], Case)


def _attachment(client, people):
    case = _case(client, people)
    return (f"/api/v1/cases/{case['id']}/attachments",
            {"data": {"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
             "content_type": "multipart/form-data"},
            people["clerk"], Attachment)


def _count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _again(kwargs):
    """Return the same request arguments with a fresh file stream (a stream reads once)."""
    if "data" in kwargs:
        return {**kwargs, "data": {"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")}}
    return kwargs


@pytest.mark.parametrize("setup", [_intake, _transfer, _extension, _escalation, _attachment])
def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(
        client, db, people, setup):
    path, kwargs, headers, model = setup(client, people)
    before = _count(db, model)
    keyed = {**headers, "Idempotency-Key": f"retry-{setup.__name__}"}
    first = client.post(path, headers=keyed, **kwargs)
    assert first.status_code in (200, 201), first.get_json()  # an extension answers the Case
    retry = client.post(path, headers=keyed, **_again(kwargs))
    assert retry.status_code == first.status_code
    assert retry.get_json() == first.get_json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert _count(db, model) == before + 1


def test_a_new_key_creates_again(client, db, people):
    for key in ("a", "b"):
        answer = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                             headers={**people["clerk"], "Idempotency-Key": key})
        assert answer.status_code == 201
    assert _count(db, Case) == 2


def test_the_same_key_from_another_user_is_their_own(client, db, people, login):
    body = intake_body(department="expropriation")
    for headers in (people["clerk"], login("clerk")):
        client.post("/api/v1/cases", json=body, headers={**headers, "Idempotency-Key": "k"})
    assert _count(db, Case) == 2


def test_a_key_reused_for_another_call_is_422(client, people):
    keyed = {**people["clerk"], "Idempotency-Key": "same"}
    case = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                       headers=keyed).get_json()
    other = client.post(f"/api/v1/cases/{case['id']}/transfers", headers=keyed,
                        json={"to_department": "reserve", "reason": "x"})
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]


def test_a_failed_first_call_is_not_remembered(client, db, people):
    keyed = {**people["clerk"], "Idempotency-Key": "after-fix"}
    bad = client.post("/api/v1/cases", json=intake_body(title=""), headers=keyed)
    assert bad.status_code == 422
    good = client.post("/api/v1/cases", json=intake_body(department="expropriation"),
                       headers=keyed)
    assert good.status_code == 201 and _count(db, Case) == 1


def test_signing_in_ignores_the_key_and_issues_a_fresh_token(client, db):
    from tests import factories

    person = factories.user("clerk")
    body = {"email": person.email, "password": factories.PASSWORD}
    answers = [client.post("/api/v1/auth/tokens", json=body, headers={"Idempotency-Key": "x"})
               for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].get_json()["token"] != answers[1].get_json()["token"]


@pytest.mark.skipif(backend() != "postgres", reason="SQLite serialises writers; the race "
                    "needs PostgreSQL's concurrent transactions")
def test_a_double_submit_at_the_same_moment_creates_one_case(app, db, people):
    keyed = {**people["clerk"], "Idempotency-Key": "double-click"}
    body = intake_body(department="expropriation")
    barrier, answers, crashes = threading.Barrier(4), [], []

    def submit():
        client = app.test_client()
        barrier.wait()
        try:
            answers.append(client.post("/api/v1/cases", json=body, headers=keyed))
        except Exception as exc:  # pragma: no cover - reported below
            crashes.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashes == []
    codes = sorted(a.status_code for a in answers)
    assert set(codes) <= {201, 409} and codes.count(201) >= 1, codes
    created = {a.get_json()["id"] for a in answers if a.status_code == 201}
    assert len(created) == 1
    assert _count(db, Case) == 1
