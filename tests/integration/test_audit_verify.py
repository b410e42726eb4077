"""`petitiondesk audit verify` finds tampering and truncation and names the event."""

import pytest
from sqlalchemy import text

from petitiondesk.audit.cli import audit_group
from petitiondesk.cases import actions, intake
from petitiondesk.cases.models import Case, Event
from petitiondesk.cases.schemas import CaseCreateSchema
from tests import factories
from tests.dbsetup import backend


@pytest.fixture
def cases(app, db, clock):
    """Three registered cases, the second accepted (two events)."""
    factories.department("petition")
    factories.department("expropriation")
    clerk = factories.user("clerk")
    handler = factories.user("handler", dept="expropriation")
    made = [intake.register_case(data=CaseCreateSchema().load(
        factories.intake_body(department="expropriation")), actor=clerk, now=clock.now)
        for _ in range(3)]
    actions.accept(made[1], actor=handler, now=clock.now, version=None)
    db.session.commit()
    return made


def _verify(app, *args):
    return app.test_cli_runner().invoke(audit_group, ["verify", *args])


def _tamper(db, sql: str, **params) -> None:
    """Change the events table behind the application's back (as an attacker with SQL)."""
    with db.engine.begin() as conn:
        if backend() == "postgres":
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        conn.execute(text(sql), params)
        if backend() == "postgres":
            conn.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))


def test_an_intact_trail_verifies_with_exit_zero(app, cases):
    result = _verify(app, "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "3 cases, 4 events" in result.output


def test_changed_event_data_fails_naming_the_event(app, db, cases):
    target = db.session.scalar(db.select(Event).where(Event.case_id == cases[1].id,
                                                      Event.seq == 1))
    _tamper(db, "UPDATE events SET data = :data WHERE id = :id",
            data='{"channel": "visit", "department": "petition"}', id=target.id)
    result = _verify(app, "--batch-size", "2")
    assert result.exit_code == 1
    assert f"case {cases[1].number}" in result.stderr
    assert f"seq 1, event id {target.id}" in result.stderr
    assert "does not match its hash" in result.stderr


def test_deleting_the_last_event_is_detected(app, db, cases):
    last = db.session.scalar(db.select(Event).where(Event.case_id == cases[1].id,
                                                    Event.seq == 2))
    _tamper(db, "DELETE FROM events WHERE id = :id", id=last.id)
    result = _verify(app)
    assert result.exit_code == 1
    assert f"case {cases[1].number}" in result.stderr and "seq 2" in result.stderr
    assert "missing" in result.stderr


def test_deleting_an_event_in_the_middle_is_detected(app, db, cases):
    first = db.session.scalar(db.select(Event).where(Event.case_id == cases[1].id,
                                                     Event.seq == 1))
    _tamper(db, "DELETE FROM events WHERE id = :id", id=first.id)
    result = _verify(app)
    assert result.exit_code == 1 and "seq 1 is missing" in result.stderr


def test_the_first_broken_case_is_named_when_several_are(app, db, cases):
    for case in (cases[2], cases[0]):
        _tamper(db, "UPDATE events SET type = 'note' WHERE case_id = :id", id=case.id)
    result = _verify(app)
    assert result.exit_code == 1 and f"case {cases[0].number}" in result.stderr


@pytest.mark.skipif(backend() != "postgres", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_updates_and_deletes_of_events(db, cases):
    from sqlalchemy.exc import DBAPIError

    for sql in ("UPDATE events SET type = 'note'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(sql))
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 4
    assert db.session.get(Case, cases[0].id).event_count == 1
