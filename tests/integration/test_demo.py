"""`petitiondesk demo`: the bulk history is what the services would have written."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from petitiondesk.accounts.models import User
from petitiondesk.cases import intake
from petitiondesk.cases.chain import GENESIS, event_hash
from petitiondesk.cases.identity import id_number_problem
from petitiondesk.cases.models import Case, Event, NumberSequence, Party
from petitiondesk.cli.demo import demo_command
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock

CASES = 300


@pytest.fixture
def demo(app, db, clock):
    """The demo loaded with 300 cases on a fixed day."""
    clock.local(2026, 11, 27, 10, 0)
    result = app.test_cli_runner().invoke(demo_command, ["--cases", str(CASES), "--seed", "7",
                                                         "--batch", "120"])
    assert result.exit_code == 0, result.output
    assert "demo-pass-2026" in result.output
    return clock


def _all(db, model, *order):
    return list(db.session.scalars(db.select(model).order_by(*order)))


def test_the_demo_loads_the_cases_asked_for_in_realistic_proportions(demo, db):
    cases = _all(db, Case, Case.id)
    assert len(cases) == CASES
    tracks = Counter(c.track for c in cases)
    assert 0.6 < tracks["petition"] / CASES < 0.85
    assert set(tracks) == {"petition", "mediation", "arbitration", "reconsideration",
                           "litigation"}
    still_open = [c for c in cases if c.status in ("registered", "accepted", "replied",
                                                   "reviewing")]
    assert 0.03 < len(still_open) / CASES < 0.3
    assert any(c.visitors >= 5 for c in cases), "some group visits"
    assert max(Counter(c.matter_id for c in cases).values()) > 1, "some matters go on"
    assert all(date(2024, 11, 27) <= c.received_on < date(2026, 11, 27) for c in cases)


def test_parties_have_valid_id_numbers_and_some_come_back(demo, db):
    parties = _all(db, Party, Party.id)
    assert all(id_number_problem(p.id_number) is None for p in parties if p.id_number)
    cases_per_party = Counter(
        pid for (pid,) in db.session.execute(db.text("SELECT party_id FROM case_parties")))
    assert max(cases_per_party.values()) > 1


def test_numbers_have_no_gaps_and_intake_continues_them(demo, db):
    by_prefix = defaultdict(list)
    for case in _all(db, Case, Case.created_at):
        prefix, _, n = case.number.rpartition("-")
        by_prefix[prefix].append(int(n))
    stored = {s.prefix: s.last for s in _all(db, NumberSequence, NumberSequence.prefix)}
    for prefix, numbers in by_prefix.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix
        assert numbers == sorted(numbers), f"{prefix} numbers rise with registration time"
        assert stored[prefix] == len(numbers)
    clerk = db.session.scalar(db.select(User).where(User.email == "clerk@bureau.example"))
    case = intake.register_case(actor=clerk, now=demo.now, data={
        "track": "petition", "channel": "letter", "title": "关于安置房的信访",
        "description": "", "category": "resettlement", "area": "东城区",
        "received_on": date(2026, 11, 27), "parties": [{"name": "王五"}]})
    db.session.commit()
    assert case.number == f"XF-2026-{stored['XF-2026'] + 1:06d}"
    assert case.id == max(c.id for c in _all(db, Case, Case.id))


def test_every_timeline_verifies_and_ends_at_the_case_head(demo, db):
    events = defaultdict(list)
    for event in _all(db, Event, Event.case_id, Event.seq):
        events[event.case_id].append(event)
    for case in _all(db, Case, Case.id):
        prev = GENESIS
        chain = events[case.id]
        assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0].type == "registered"
        for event in chain:
            assert event.prev_hash == prev
            assert event.hash == event_hash(
                prev_hash=prev, case_id=case.id, seq=event.seq, type=event.type,
                occurred_on=event.occurred_on, created_at=event.created_at,
                actor_id=event.actor_id, data=event.data), (case.number, event.seq)
            assert event.created_at <= demo.now
            prev = event.hash
        assert [e.created_at for e in chain] == sorted(e.created_at for e in chain)
        assert (case.events_head, case.event_count) == (prev, len(chain))


def test_clocks_are_due_when_the_engine_says_and_cases_sort_on_the_earliest(demo, db):
    by_case = defaultdict(list)
    for clock in _all(db, Clock, Clock.id):
        due = clocks.due_for(clock, clocks.rules()[clock.key])
        assert (clock.due_on, clock.provisional) == (due.on, due.provisional), clock.key
        by_case[clock.case_id].append(clock)
    overdue = 0
    for case in _all(db, Case, Case.id):
        running = [c.due_on for c in by_case[case.id]
                   if c.is_open and c.kind == "obligation" and c.suspended_since is None]
        assert case.next_due_on == (min(running) if running else None), case.number
        overdue += bool(running) and min(running) < date(2026, 11, 27)
    assert overdue, "some open cases are overdue now"
    met = [c for cs in by_case.values() for c in cs if c.met_on]
    assert any(c.met_on > c.due_on for c in met), "some were late"
    assert sum(c.met_on <= c.due_on for c in met) > 0.8 * len(met)
