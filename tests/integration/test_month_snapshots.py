"""A closed month's statistics are frozen once; the frozen figures are the timeline's."""

from __future__ import annotations

import pytest

from petitiondesk.stats import snapshots
from petitiondesk.stats.models import MonthSnapshot
from petitiondesk.stats.period import Month
from petitiondesk.stats.service import month_figures, monthly_report
from tests import factories
from tests.stats_history import OCTOBER_TOTALS, at, build_november

pytestmark = pytest.mark.db
OCTOBER = Month(2026, 10)


def test_the_first_reading_of_a_closed_month_freezes_it_as_the_timeline_says(history, db):
    assert db.session.get(MonthSnapshot, "2026-10") is None
    report = monthly_report(month=OCTOBER, now=at(11, 1, 8))
    db.session.commit()
    stored = db.session.get(MonthSnapshot, "2026-10")
    assert stored is not None and report["frozen_at"] is not None
    assert report["totals"] == OCTOBER_TOTALS
    recomputed = month_figures(OCTOBER)  # every figure, from the timeline again
    assert stored.figures == recomputed
    assert {k: report[k] for k in recomputed} == recomputed


def test_a_later_event_leaves_the_frozen_month_unchanged(history, db):
    before = monthly_report(month=OCTOBER, now=at(11, 1, 8))
    db.session.commit()
    build_november(history)  # November's work, some of it about October's cases
    factories.department("newdept", "十一月新设科室")
    db.session.commit()
    after = monthly_report(month=OCTOBER, now=at(11, 30, 18))
    assert {k: v for k, v in after.items() if k != "generated_at"} == {
        k: v for k, v in before.items() if k != "generated_at"}
    assert "newdept" not in {d["code"] for d in after["by_department"]}
    assert "newdept" in {d["code"] for d in month_figures(OCTOBER)["by_department"]}


def test_the_current_month_is_never_frozen(history, db):
    report = monthly_report(month=Month(2026, 11), now=at(11, 20, 10))
    db.session.commit()
    assert report["frozen_at"] is None
    assert db.session.get(MonthSnapshot, "2026-11") is None


def test_the_scheduler_freezes_the_month_that_just_closed(history, db):
    from petitiondesk.alerts.jobs import run_month_freeze

    assert run_month_freeze(now=at(11, 1, 0)) == OCTOBER
    assert snapshots.frozen(OCTOBER)["totals"] == OCTOBER_TOTALS
    assert run_month_freeze(now=at(11, 1, 1)) == OCTOBER  # again: written once only
    db.session.expire_all()
    assert db.session.get(MonthSnapshot, "2026-10").frozen_at == at(11, 1, 0)
