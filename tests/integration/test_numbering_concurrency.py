"""Case numbers stay unique and gapless when clerks register at the same moment: in
process on PostgreSQL, and through a served instance (several threads) on both databases."""

import threading

import pytest
from sqlalchemy import text

from petitiondesk.cases import intake
from petitiondesk.cases.models import Case, NumberSequence
from tests import factories
from tests.dbsetup import backend
from tests.integration.live_server import APP_NAME, LiveServer


@pytest.mark.skipif(backend() != "postgres", reason="SQLite serialises writers; the race "
                    "needs PostgreSQL's concurrent transactions")
def test_concurrent_intakes_get_consecutive_numbers(app, db, clock):
    factories.department("petition")
    clerk_id = factories.user("clerk").id
    errors, barrier = [], threading.Barrier(6)

    def register():
        with app.app_context():
            from petitiondesk.accounts.models import User
            from petitiondesk.extensions import db as database

            clerk = database.session.get(User, clerk_id)
            data = _intake_data()
            barrier.wait()
            try:
                intake.register_case(data=data, actor=clerk, now=clock.now)
                database.session.commit()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
                database.session.rollback()

    threads = [threading.Thread(target=register) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(db.session.scalars(db.select(Case.number)))
    assert numbers == [f"XF-2026-{n:06d}" for n in range(1, 7)]


def _intake_data():
    from datetime import date

    return {"track": "petition", "channel": "letter", "title": "并发登记", "description": "",
            "category": "other", "area": None, "received_on": date(2026, 11, 20),
            "parties": [{"name": "并发"}], "attributes": {}, "department": "petition"}


CLIENTS, EACH = 8, 5


@pytest.fixture
def served(app, db):
    """`petitiondesk serve` (one process, eight threads) on the test database."""
    factories.department("petition")
    factories.department("expropriation")
    clerk = factories.user("clerk")
    db.session.commit()
    live = LiveServer(app.config["DATABASE_URL"], serve=True, threads=CLIENTS)
    live.clerk_token = live.token(clerk.email, factories.PASSWORD)
    yield live
    live.stop()
    db.session.remove()
    if backend() == "postgres":  # the killed server's connections may linger a moment
        with db.engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = :n"), {"n": APP_NAME})


def test_concurrent_requests_to_a_served_instance_get_gapless_numbers(served, db):
    barrier, answers = threading.Barrier(CLIENTS), []

    def clerk_at_a_desk(desk: int):
        barrier.wait(timeout=20)
        for n in range(EACH):
            # a different petitioner each time (two clerks creating the same new person at
            # once is a 409 to retry, not a numbering question); a past day on the shipped
            # calendar, since the server runs on the wall clock
            body = factories.intake_body(department="expropriation", received_on="2026-01-05",
                                         parties=[{"name": f"来信人{desk}-{n}", "id_number":
                                                   factories.id_number(seq=desk * EACH + n)}])
            answers.append(served.request("POST", "/api/v1/cases", body, served.clerk_token))

    desks = [threading.Thread(target=clerk_at_a_desk, args=(i,)) for i in range(CLIENTS)]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(timeout=120)
    refused = [(status, answer) for status, answer in answers if status != 201]
    assert not refused and len(answers) == CLIENTS * EACH, refused[:5]
    expected = [f"XF-2026-{n:06d}" for n in range(1, CLIENTS * EACH + 1)]
    assert sorted(answer["number"] for _, answer in answers) == expected
    db.session.expire_all()
    assert sorted(db.session.scalars(db.select(Case.number))) == expected
    assert db.session.get(NumberSequence, "XF-2026").last == CLIENTS * EACH
