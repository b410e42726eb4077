"""A calendar import recomputes the open clocks it touches a batch at a time, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from petitiondesk.alerts.schedule import ladder, next_alert_at
from petitiondesk.audit.verify import verify_all
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case, Event
from petitiondesk.core.local import tz
from petitiondesk.deadlines import recompute
from petitiondesk.deadlines.calendar_service import import_calendar
from petitiondesk.deadlines.models import CalendarYear, Clock
from tests import factories
from tests.calendar_years import CSV_2027, forget_2027  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("forget_2027")


@pytest.fixture
def provisional_cases(db, clock):
    """Five accepted petitions received 2026-11-20: each handle clock due 2027-01-26,
    provisional (2027 not loaded); the third case also has a second open clock."""
    from petitiondesk.cases import actions, intake

    clerk = factories.user("clerk")
    handler = factories.user("handler", dept="expropriation")
    ids = []
    for n in range(5):
        data = factories.intake_body(department="expropriation", title=f"补偿信访{n}")
        data["received_on"] = date(2026, 11, 20)
        case = intake.register_case(data=data, actor=clerk, now=clock.now)
        actions.accept(case, actor=handler, now=clock.now)
        ids.append(case.id)
    db.session.flush()
    second = db.session.scalar(db.select(Clock).where(Clock.case_id == ids[2],
                                                      Clock.key == "petition.handle"))
    db.session.add(Clock(case_id=ids[2], key=second.key, kind=second.kind,
                         started_on=second.started_on, due_on=second.due_on,
                         provisional=True, extended_days=0, suspensions=[],
                         cancelled=False, alert_level=0, created_at=clock.now))
    db.session.commit()
    return ids


def _handles(db, case_ids):
    return list(db.session.scalars(db.select(Clock).where(
        Clock.case_id.in_(case_ids), Clock.key == "petition.handle").order_by(Clock.id)))


def test_clocks_spread_over_many_batches_all_move_once_with_intact_timelines(
        db, clock, provisional_cases, monkeypatch):
    monkeypatch.setattr(recompute, "BATCH", 2)  # six clocks: three batches
    seen = []

    result = import_calendar(csv_text=CSV_2027, source="2027.csv", now=clock.now,
                             progress=lambda n, total: seen.append((n, total)))
    db.session.commit()

    assert result["clocks_changed"] == 6 and result["clocks_touched"] >= 6
    assert sum(n for n, _ in seen) == result["clocks_touched"]
    assert {total for _, total in seen} == {result["clocks_touched"]}
    db.session.expire_all()
    assert {(c.due_on, c.provisional) for c in _handles(db, provisional_cases)} == {
        (date(2027, 1, 27), False)}
    for handle in _handles(db, provisional_cases):  # alerts follow the new due date
        assert handle.next_alert_at == next_alert_at(handle.due_on, handle.alert_level,
                                                     ladder(), tz(), kind=handle.kind)
    for case_id in provisional_cases:
        assert db.session.get(Case, case_id).next_due_on == date(2027, 1, 27)
    recomputed = db.session.scalars(db.select(Event.case_id).where(
        Event.type == "clock_recomputed"))
    assert sorted(recomputed) == sorted([*provisional_cases, provisional_cases[2]])
    assert verify_all() is None  # every chain, the case with two new events included


def test_a_failure_in_a_later_batch_leaves_calendar_clocks_and_timelines_unchanged(
        db, clock, provisional_cases, monkeypatch):
    monkeypatch.setattr(recompute, "BATCH", 2)
    record, calls = timeline.event_fields, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:  # in the second batch, after the first was flushed
            raise RuntimeError("disk full")
        return record(*args, **kwargs)

    monkeypatch.setattr(recompute.timeline, "event_fields", failing)
    with pytest.raises(RuntimeError):
        import_calendar(csv_text=CSV_2027, source="2027.csv", now=clock.now)
    db.session.rollback()  # what the request or command does with the error

    assert db.session.get(CalendarYear, 2027) is None
    assert {c.provisional for c in _handles(db, provisional_cases)} == {True}
    assert db.session.scalar(db.select(db.func.count()).select_from(Event).where(
        Event.type == "clock_recomputed")) == 0
    assert verify_all() is None


def test_an_import_that_moves_no_clock_writes_no_event(db, clock, provisional_cases):
    import_calendar(csv_text=CSV_2027, source="2027.csv", now=clock.now)
    db.session.commit()

    again = import_calendar(csv_text=CSV_2027, source="2027.csv", now=clock.now)
    db.session.commit()

    assert again["clocks_changed"] == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Event).where(
        Event.type == "clock_recomputed")) == 6


@pytest.fixture
def demo_history(app, db, clock):
    """A demo history of 300 cases loaded on 2026-11-27."""
    from petitiondesk.cli.demo import demo_command

    clock.local(2026, 11, 27, 10, 0)
    result = app.test_cli_runner().invoke(demo_command, ["--cases", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    return clock


def _open_dues(db) -> dict:
    rows = db.session.execute(db.select(Clock.id, Clock.due_on, Clock.provisional).where(
        Clock.met_on.is_(None), Clock.cancelled.is_(False)))
    return {r.id: (r.due_on, r.provisional) for r in rows}


def _changed_2026(db) -> str:
    """The stored 2026 calendar with a holiday on 8 December and Saturday 19 December a
    make-up working day."""
    from petitiondesk.deadlines.models import CalendarDay

    days = {d.day: (d.kind, d.name) for d in db.session.scalars(db.select(CalendarDay).where(
        CalendarDay.day.between(date(2026, 1, 1), date(2026, 12, 31))))}
    days[date(2026, 12, 8)] = ("holiday", "测试假日")
    days[date(2026, 12, 19)] = ("workday", "测试调休")
    return "date,kind,name\n" + "".join(f"{d.isoformat()},{k},{n}\n"
                                        for d, (k, n) in sorted(days.items()))


def test_leaving_clocks_due_before_the_first_changed_day_alone_moves_the_same_clocks(
        db, demo_history, monkeypatch):
    from petitiondesk.deadlines import calendar_service

    before, text = _open_dues(db), _changed_2026(db)
    results = []
    for since in (None, date.min):  # as imported; then every clock of the year recomputed
        if since is not None:
            monkeypatch.setattr(calendar_service, "first_changed_day",
                                lambda *a, since=since, **k: since)
        result = import_calendar(csv_text=text, year=2026, source="2026.csv",
                                 now=demo_history.now)
        after = _open_dues(db)
        results.append((result, {i: after[i] for i in after if after[i] != before[i]}))
        db.session.rollback()

    (narrow, moved), (full, moved_full) = results
    assert moved and moved == moved_full
    assert narrow["clocks_changed"] == full["clocks_changed"] == len(moved)
    assert narrow["clocks_touched"] < full["clocks_touched"]
