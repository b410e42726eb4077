"""Two sweeps and two senders at once on PostgreSQL send nothing twice."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

import threading
from datetime import UTC, datetime

import pytest

from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.alerts.sender import send_due
from petitiondesk.alerts.sweep import sweep
from petitiondesk.cases.models import Event
from tests.dbsetup import backend
from tests.integration.mailbox import bureau, register, smtp  # noqa: F401

pytestmark = [pytest.mark.postgres_only,
              pytest.mark.skipif(backend() != "postgres", reason="needs real concurrency")]

LATE = datetime(2026, 12, 20, 1, 0, tzinfo=UTC)


def run_in_parallel(app, work, workers=2):
    barrier, errors = threading.Barrier(workers), []

    def run():
        with app.app_context():
            from petitiondesk.extensions import db

            try:
                barrier.wait(timeout=10)
                work()
            except Exception as exc:  # noqa: BLE001 - reported to the test below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_two_sweeps_and_two_senders_at_once_send_each_mail_exactly_once(app, db, clock,
                                                                         bureau, smtp):
    case_ids = [register(bureau, clock.now).id for _ in range(10)]
    db.session.remove()

    results = []

    def sweep_then_send():
        # the work of run_sweep and run_sender, without guarded(): it logs and swallows
        # every exception, and a failed concurrent sweep or send must fail this test
        swept = sweep(now=LATE, batch=3)
        db.session.commit()
        sent = send_due(now=LATE, limit=1000)
        db.session.commit()
        results.append((swept, sent))

    run_in_parallel(app, sweep_then_send)

    assert len(results) == 2
    # a clock whose escalation raised is skipped and retried later: none may have
    assert [swept.failed for swept, _ in results] == [[], []]
    # each case's one due clock escalated by one of the two sweeps, never by both
    assert sum(swept.escalated for swept, _ in results) == 10
    assert sum(sent.sent for _, sent in results) == 10 * 4
    assert [(sent.retried, sent.failed) for _, sent in results] == [(0, 0), (0, 0)]
    expected = 10 * 4  # two handlers, the head and the supervisor per case
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == expected
    assert set(db.session.scalars(db.select(OutboxMessage.status))) == {"sent"}
    keys = smtp.inbox.keys()
    assert len(keys) == len(set(keys)) == expected
    escalations = db.session.scalar(db.select(db.func.count(Event.id)).where(
        Event.type == "escalated", Event.case_id.in_(case_ids)))
    assert escalations == 10 * 3  # reminder, overdue, supervision: once each per case
