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


def _signed_in(app, *roles, dept: str):
    """Return a page client signed in as a new user with these roles."""
    person = factories.user(*roles, dept=dept)
    client = app.test_client()
    client.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    return client


def test_the_supervision_board_costs_the_same_for_3_or_12_overdue_cases(world, db, app, clock):
    _, add_cases = world
    supervisor = _signed_in(app, "supervisor", dept="supervision")
    start = clock.now
    numbers = [case.number for case in add_cases(3)]
    clock.set(start + timedelta(days=90))  # every handling clock has run out
    few = _queries(db, supervisor, "/supervision")
    clock.set(start)
    numbers += [case.number for case in add_cases(9)]
    clock.set(start + timedelta(days=90))
    many = _queries(db, supervisor, "/supervision")
    page = supervisor.get("/supervision").get_data(as_text=True)
    assert all(number in page for number in numbers)
    assert many == few


def test_the_transfers_inbox_costs_the_same_for_2_or_8_transfers(world, db, app, clock):
    from petitiondesk.transfers.service import request_transfer

    _, add_cases = world
    sender_id = db.session.scalar(db.select(User.id).where(User.email.like("handler%")))
    factories.department("reserve")
    receiver = _signed_in(app, "handler", dept="reserve")  # after: the sender is the only one

    def send(cases):
        for case in cases:
            request_transfer(case=db.session.get(Case, case.id), to_code="reserve",
                             reason="属储备地范围", actor=db.session.get(User, sender_id),
                             now=clock.now)
        db.session.commit()

    send(add_cases(2))
    few = _queries(db, receiver, "/transfers")
    send(add_cases(6))
    many = _queries(db, receiver, "/transfers")
    assert receiver.get("/transfers").get_data(as_text=True).count("属储备地范围") >= 8
    assert many == few


def test_the_legal_workspace_costs_the_same_for_2_or_8_lawsuits(world, db, app, clock):
    factories.department("legal")
    counsel = _signed_in(app, "counsel", dept="legal")
    clerk_id = db.session.scalar(db.select(User.id).where(User.email.like("clerk%")))

    def sue(n: int) -> None:
        for i in range(n):
            body = intake_body(track="litigation", channel="court", department="legal",
                               received_on=clock.now.date())
            body["attributes"] = {"court": "东城区人民法院", "instance": "first",
                                  "court_case_number": f"(2026)京0101行初{i}号",
                                  "our_role": "defendant",
                                  "complaint_served_on": clock.now.date()}
            intake.register_case(data=body, actor=db.session.get(User, clerk_id),
                                 now=clock.now)
        db.session.commit()

    sue(2)
    few = _queries(db, counsel, "/legal")
    sue(6)
    many = _queries(db, counsel, "/legal")
    assert counsel.get("/legal").get_data(as_text=True).count("京0101行初") >= 8
    assert many == few
