"""Case numbers stay unique and gapless when clerks register at the same moment."""

import threading

import pytest

from petitiondesk.cases import intake
from tests import factories
from tests.dbsetup import backend


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
    from petitiondesk.cases.models import Case

    numbers = sorted(db.session.scalars(db.select(Case.number)))
    assert numbers == [f"XF-2026-{n:06d}" for n in range(1, 7)]


def _intake_data():
    from datetime import date

    return {"track": "petition", "channel": "letter", "title": "并发登记", "description": "",
            "category": "other", "area": None, "received_on": date(2026, 11, 20),
            "parties": [{"name": "并发"}], "attributes": {}, "department": "petition"}
