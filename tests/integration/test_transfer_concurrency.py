"""Two people answering the same transfer at the same moment: exactly one wins."""

import threading
import time

import pytest

from petitiondesk.cases import intake
from petitiondesk.core.errors import Conflict
from tests import factories
from tests.dbsetup import backend

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(backend() != "postgres", reason="SQLite serialises writers, so two "
                       "answers can never overlap there; the race needs PostgreSQL"),
]


@pytest.fixture
def pending(app, db, clock):
    """A case of expropriation sent to reserve, and two reserve handlers (ids)."""
    from datetime import date

    from petitiondesk.transfers.service import request_transfer

    for code in ("petition", "expropriation", "reserve"):
        factories.department(code)
    clerk = factories.user("clerk")
    sender = factories.user("handler", dept="expropriation")
    first, second = factories.user("handler", dept="reserve"), factories.user("head",
                                                                              dept="reserve")
    case = intake.register_case(data={
        "track": "petition", "channel": "letter", "title": "并发转办", "description": "",
        "category": "other", "area": None, "received_on": date(2026, 11, 20),
        "parties": [{"name": "甲"}], "attributes": {}, "department": "expropriation"},
        actor=clerk, now=clock.now)
    transfer = request_transfer(case=case, to_code="reserve", reason="职责不符", actor=sender,
                                now=clock.now)
    db.session.commit()
    return {"transfer": transfer.id, "case": case.id, "users": (first.id, second.id)}


def _answer(app, clock, kind: str, transfer_id: int, user_id: int, *, barrier=None,
            locked=None, release=None) -> dict:
    """Answer a transfer in a thread with its own session (and so its own connection)."""
    outcome: dict = {}

    def run():
        from petitiondesk.accounts.models import User
        from petitiondesk.extensions import db
        from petitiondesk.transfers import service

        with app.app_context():
            user = db.session.get(User, user_id)
            try:
                if barrier:
                    barrier.wait(timeout=10)
                if kind == "accept":
                    service.accept_transfer(transfer_id=transfer_id, actor=user, now=clock.now)
                else:
                    service.reject_transfer(transfer_id=transfer_id, reason="不属本科",
                                            actor=user, now=clock.now)
                if locked:
                    locked.set()
                    release.wait(timeout=10)
                db.session.commit()
                outcome["result"] = "ok"
            except Conflict as exc:
                db.session.rollback()
                outcome["result"], outcome["message"] = "conflict", exc.message
            finally:
                db.session.remove()

    outcome["thread"] = threading.Thread(target=run)
    outcome["thread"].start()
    return outcome


def _events(db, case_id: int) -> list[str]:
    from petitiondesk.cases.models import Event

    db.session.expire_all()
    return list(db.session.scalars(db.select(Event.type).where(
        Event.case_id == case_id, Event.type.like("transfer_%")).order_by(Event.seq)))


def test_an_accept_and_a_reject_at_the_same_moment_have_exactly_one_winner(app, db, clock,
                                                                          pending):
    barrier = threading.Barrier(2)
    first, second = pending["users"]
    runs = [_answer(app, clock, "accept", pending["transfer"], first, barrier=barrier),
            _answer(app, clock, "reject", pending["transfer"], second, barrier=barrier)]
    for run in runs:
        run["thread"].join(timeout=30)
    assert sorted(r["result"] for r in runs) == ["conflict", "ok"]
    answers = [e for e in _events(db, pending["case"]) if e != "transfer_requested"]
    assert len(answers) == 1


def test_the_second_answer_waits_for_the_first_and_then_gets_409(app, db, clock, pending):
    locked, release = threading.Event(), threading.Event()
    first, second = pending["users"]
    winner = _answer(app, clock, "accept", pending["transfer"], first, locked=locked,
                     release=release)
    assert locked.wait(timeout=10)
    loser = _answer(app, clock, "reject", pending["transfer"], second)
    _wait_until_blocked(db)
    release.set()
    for run in (winner, loser):
        run["thread"].join(timeout=30)
    assert winner["result"] == "ok"
    assert loser["result"] == "conflict" and "accepted" in loser["message"]
    assert _events(db, pending["case"]) == ["transfer_requested", "transfer_accepted"]


def test_the_deeming_sweep_skips_a_transfer_someone_is_answering(app, db, clock, pending):
    from datetime import timedelta

    from petitiondesk.transfers.service import deem_overdue_transfers

    locked, release = threading.Event(), threading.Event()
    answering = _answer(app, clock, "reject", pending["transfer"], pending["users"][0],
                        locked=locked, release=release)
    assert locked.wait(timeout=10)
    assert deem_overdue_transfers(now=clock.now + timedelta(days=30)) == 0
    db.session.commit()
    release.set()
    answering["thread"].join(timeout=30)
    assert answering["result"] == "ok"
    assert deem_overdue_transfers(now=clock.now + timedelta(days=30)) == 0
    assert _events(db, pending["case"]) == ["transfer_requested", "transfer_rejected"]


def _wait_until_blocked(db, timeout: float = 10.0) -> None:
    """Return once another session of this database waits on a row lock."""
    from sqlalchemy import text

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar()
        if waiting:
            return
        time.sleep(0.01)  # polling for the other thread, not waiting out a deadline
    raise AssertionError("the second answer never waited for the first one's lock")


def test_two_answers_through_the_api_at_once_give_one_200_and_one_409(app, db, clock,
                                                                       pending):
    from petitiondesk.accounts.models import User

    client = app.test_client()
    tokens = []
    for user_id in pending["users"]:
        email = db.session.get(User, user_id).email
        answer = client.post("/api/v1/auth/tokens",
                             json={"email": email, "password": factories.PASSWORD})
        tokens.append({"Authorization": f"Bearer {answer.get_json()['token']}"})
    barrier, statuses = threading.Barrier(2), []
    calls = [("accept", {}), ("reject", {"reason": "不属本科"})]

    def call(headers, kind, body):
        own = app.test_client()
        barrier.wait(timeout=10)
        statuses.append(own.post(f"/api/v1/transfers/{pending['transfer']}/{kind}",
                                 json=body, headers=headers).status_code)

    threads = [threading.Thread(target=call, args=(h, *c)) for h, c in zip(tokens, calls,
                                                                              strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert len([e for e in _events(db, pending["case"]) if e != "transfer_requested"]) == 1
