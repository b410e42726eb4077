"""schemathesis against /api/v1/openapi.json, in process, with a fixed seed.

Every operation of the OpenAPI document gets generated requests, valid ones and
invalid ones, sent through the WSGI app by a user holding every working role; each
answer must be no server error and must match what the document promises (status
code, content type, body schema, headers). Half of the valid requests address
records that exist (a case, its matter, transfer, extension and attachment) instead
of random ids, so the success paths are exercised too, not only the 404s.
"""

from __future__ import annotations

import io

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from tests import factories

EXAMPLES = 15  # per operation and mode: 30-60 s per database on a 2-core machine
# A request valid by the JSON schema may still break a domain rule the schema cannot
# express (an ID number's check digit, a receipt date in the future, an unknown
# department code): the API answers those with 422, which is right.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def everyone(app, db, clock, base_departments, monkeypatch):
    """Authorization for a user holding every role that works cases."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 0)
    person = factories.user("clerk", "handler", "head", "supervisor", "counsel", "admin",
                            dept="expropriation")
    answer = app.test_client().post("/api/v1/auth/tokens",
                                    json={"email": person.email, "password": factories.PASSWORD})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


@pytest.fixture
def known_ids(app, everyone):
    """Records that exist, by path parameter name."""
    client = app.test_client()

    def post(path, **kwargs):
        answer = client.post(path, headers=everyone, **kwargs)
        assert answer.status_code in (200, 201), (path, answer.get_json())
        return answer.get_json()

    case = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    post(f"/api/v1/cases/{case['id']}/accept", json={})
    extended = post(f"/api/v1/cases/{case['id']}/extensions",
                    json={"clock": "petition.handle", "days": 30, "reason": "需补充调查"})
    other = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    transfer = post(f"/api/v1/cases/{other['id']}/transfers",
                    json={"to_department": "reserve", "reason": "属于土地储备事项"})
    attachment = post(f"/api/v1/cases/{case['id']}/attachments",
                      data={"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
                      content_type="multipart/form-data")
    extensions = client.get("/api/v1/extensions", headers=everyone).get_json()
    return {"case_id": case["id"], "matter_id": other["matter_id"],
            "transfer_id": transfer["id"], "attachment_id": attachment["id"],
            "extension_id": _first_id(extensions) or extended["id"], "year": 2026}


def _first_id(page) -> int | None:
    items = page.get("items", page) if isinstance(page, dict) else page
    return items[0]["id"] if items else None


def _run(operation, mode, headers, known) -> None:
    @seed(2026)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @given(case=operation.as_strategy(generation_mode=mode), real=st.booleans())
    def check(case, real):
        if real and mode is GenerationMode.POSITIVE and case.path_parameters:
            case.path_parameters = {name: known.get(name, value)
                                    for name, value in case.path_parameters.items()}
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    check()


@pytest.fixture
def shipped_calendar_restored(app, db):
    """Put the shipped calendar back afterwards: a valid generated PUT /calendar/2026 may
    replace that year, and the calendar tables outlive each test."""
    yield
    from datetime import UTC, datetime
    from pathlib import Path

    from petitiondesk.deadlines.calendar_service import seed_shipped_calendar
    from petitiondesk.deadlines.models import CalendarDay, CalendarYear

    db.session.rollback()
    db.session.execute(db.delete(CalendarDay))
    db.session.execute(db.delete(CalendarYear))
    seed_shipped_calendar(Path(app.config["CONFIG_DIR"]), now=datetime(2026, 1, 1, tzinfo=UTC))
    db.session.commit()


def test_every_operation_keeps_the_documents_promises(app, everyone, known_ids,
                                                     shipped_calendar_restored):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = {}
    # signing out revokes the shared token: run it last
    operations = sorted((r.ok() for r in schema.get_all_operations()),
                        key=lambda op: op.label == "DELETE /api/v1/auth/tokens")
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(operation, mode, everyone, known_ids)
            except BaseException as exc:  # noqa: BLE001 - collect every failure, then report
                failures[f"{operation.label} ({mode.value})"] = str(exc)[:3000]
    assert not failures, "\n\n".join(f"== {k}\n{v}" for k, v in failures.items())
