"""No N+1 queries: the queue and the case page cost the same number of queries
whatever the number of rows they show."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from petitiondesk.accounts.models import User
from petitiondesk.cases import actions, intake
from petitiondesk.cases.models import Case
from tests import factories
from tests.factories import intake_body


@contextmanager
def counting(engine):
    """Count the SQL statements run inside the block."""
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def world(app, db, clock):
    """A clerk and a handler signed in to pages, and a way to add cases."""
    for code in ("petition", "expropriation"):
        factories.department(code)
    clerk = factories.user("clerk")
    clerk_id, clerk_email = clerk.id, clerk.email
    handler_id = factories.user("handler", dept="expropriation").id

    def add_cases(n: int) -> list[Case]:
        made = []
        clerk, handler = db.session.get(User, clerk_id), db.session.get(User, handler_id)
        for i in range(n):
            data = _data(received=clock.now.date() - timedelta(days=i % 20))
            case = intake.register_case(data=data, actor=clerk, now=clock.now)
            actions.accept(case, actor=handler, now=clock.now)
            made.append(case)
        db.session.commit()
        return made

    client = app.test_client()
    client.post("/login", data={"email": clerk_email, "password": factories.PASSWORD})
    return client, add_cases


def _data(*, received):
    body = intake_body(department="expropriation", received_on=received.isoformat())
    body["received_on"] = received
    body["attributes"] = {}
    return body


def _queries(db, client, url: str) -> int:
    db.session.expunge_all()  # the test shares the request's session: start from nothing
    with counting(db.engine) as statements:
        answer = client.get(url)
    assert answer.status_code == 200, url
    return len(statements)


def test_the_queue_page_costs_the_same_for_3_or_12_cases(world, db):
    client, add_cases = world
    add_cases(3)
    few = _queries(db, client, "/")
    add_cases(9)
    many = _queries(db, client, "/")
    assert many == few


def test_the_case_list_api_costs_the_same_for_3_or_12_cases(world, db, app):
    client, add_cases = world
    add_cases(3)
    token = client.post("/api/v1/auth/tokens", json={
        "email": db.session.scalar(db.select(User.email).where(
            User.email.like("clerk%"))),
        "password": factories.PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    db.session.expunge_all()
    with counting(db.engine) as few:
        assert client.get("/api/v1/cases?per_page=50", headers=headers).status_code == 200
    add_cases(9)
    db.session.expunge_all()
    with counting(db.engine) as many:
        assert client.get("/api/v1/cases?per_page=50", headers=headers).status_code == 200
    assert len(many) == len(few)


def test_the_case_page_costs_the_same_with_a_longer_timeline(world, db, clock):
    client, add_cases = world
    case_id = add_cases(1)[0].id
    short = _queries(db, client, f"/cases/{case_id}")
    handler = db.session.scalar(db.select(User).where(
        User.email.like("handler%")))
    for _ in range(5):
        actions.record_event(db.session.get(Case, case_id), type="note", on=clock.now.date(),
                             data={"text": "电话回访"}, actor=handler, now=clock.now)
    db.session.commit()
    longer = _queries(db, client, f"/cases/{case_id}")
    assert longer == short
