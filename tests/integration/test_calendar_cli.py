"""`petitiondesk calendar import FILE` end to end, on the real database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from petitiondesk.cases.models import Case, Event
from petitiondesk.cli.calendar import calendar_group
from petitiondesk.deadlines.models import CalendarYear, Clock
from tests import factories
from tests.calendar_years import CSV_2027, forget_2027  # noqa: F401 - a fixture

# the calendar tables outlive each test: take a loaded 2027 out again
pytestmark = pytest.mark.usefixtures("forget_2027")


@pytest.fixture
def run(app, db, clock):
    """Run `calendar ...` as the command line would; return the click result."""
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(calendar_group, list(args))


@pytest.fixture
def provisional_case(db, clock):
    """A petition accepted on 2026-11-27: its handle clock is due 2027-01-26, provisional."""
    from petitiondesk.cases import actions, intake

    clerk = factories.user("clerk")
    handler = factories.user("handler", dept="expropriation")
    data = factories.intake_body(department="expropriation")
    data["received_on"] = date(2026, 11, 20)
    case = intake.register_case(data=data, actor=clerk, now=clock.now)
    actions.accept(case, actor=handler, now=clock.now)
    db.session.commit()
    return case.id


def _handle(db, case_id):
    return db.session.scalar(db.select(Clock).where(Clock.case_id == case_id,
                                                    Clock.key == "petition.handle"))


def test_importing_a_year_recomputes_the_open_clocks_it_touches(
        run, db, tmp_path, provisional_case):
    assert (_handle(db, provisional_case).due_on, _handle(db, provisional_case).provisional) == (
        date(2027, 1, 26), True)
    path = tmp_path / "2027.csv"
    path.write_text(CSV_2027, encoding="utf-8")

    result = run("import", str(path))

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "loaded 6 days for 2027; 1 open clocks recomputed"
    db.session.expire_all()
    handle = _handle(db, provisional_case)
    assert (handle.due_on, handle.provisional) == (date(2027, 1, 27), False)
    assert db.session.get(Case, provisional_case).next_due_on == date(2027, 1, 27)
    assert db.session.get(CalendarYear, 2027).source == "2027.csv"
    types = db.session.scalars(db.select(Event.type).where(Event.case_id == provisional_case))
    assert "clock_recomputed" in list(types)


def test_a_bad_file_exits_non_zero_with_one_line_and_changes_nothing(
        run, db, tmp_path, provisional_case):
    path = tmp_path / "2027.csv"
    path.write_text(CSV_2027 + "2027-13-01,holiday,坏日期\n2027-03-03,workday,调休\n",
                    encoding="utf-8")

    result = run("import", str(path))

    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "line 8" in lines[0] and "line 9" in lines[0]
    db.session.expire_all()
    assert db.session.get(CalendarYear, 2027) is None
    assert _handle(db, provisional_case).provisional is True


def test_a_missing_file_exits_non_zero_with_one_line(run, tmp_path):
    result = run("import", str(tmp_path / "2027.csv"))
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1


def test_a_notice_listing_a_day_of_the_year_before_replaces_only_its_own_year(
        run, db, tmp_path, clock):
    from petitiondesk.cases import intake

    clock.local(2026, 12, 12, 9, 0)
    factories.department("expropriation")
    data = {**factories.intake_body(department="expropriation"), "received_on": date(2026, 12, 12)}
    case = intake.register_case(data=data, actor=factories.user("clerk"), now=clock.now)
    db.session.commit()  # notify: 15 days end on Sunday 12-27, so due Monday 12-28
    path = tmp_path / "2027.csv"
    path.write_text(CSV_2027 + "2026-12-27,workday,元旦调休\n", encoding="utf-8")
    try:
        result = run("import", str(path))
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        assert db.session.get(CalendarYear, 2027) is not None
        assert db.session.get(CalendarYear, 2026).source == "2026.csv"
        notify = db.session.scalar(db.select(Clock).where(Clock.case_id == case.id))
        assert notify.due_on == date(2026, 12, 27)  # the listed make-up Sunday now counts
    finally:  # the shipped 2026 calendar outlives this test: take the stray day out again
        from petitiondesk.deadlines.models import CalendarDay

        db.session.execute(db.delete(CalendarDay).where(CalendarDay.day == date(2026, 12, 27)))
        db.session.commit()


def test_a_file_not_named_by_year_takes_the_year_from_its_dates(run, db, tmp_path):
    path = tmp_path / "holidays-next-year.csv"
    path.write_text(CSV_2027, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "for 2027" in result.output
    assert db.session.get(CalendarYear, 2027).loaded_at == datetime(2026, 11, 27, 1, 30,
                                                                    tzinfo=UTC)
