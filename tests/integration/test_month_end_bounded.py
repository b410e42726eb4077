"""The month-end figures read from today's state corrected by the later events equal the
figures read from the whole timeline (tests/stats_reference.py), for the current month
and for past months with reopenings, transfers, extensions, resumptions and closings
after their end."""

from __future__ import annotations

import pytest

from petitiondesk.stats.period import Month
from petitiondesk.stats.service import month_figures
from tests.stats_history import at, build_november
from tests.stats_reference import unbounded

pytestmark = pytest.mark.db
OCTOBER, NOVEMBER, DECEMBER = Month(2026, 10), Month(2026, 11), Month(2026, 12)


def build_december(h) -> None:
    """December's work on October's and November's cases: every kind of later event."""
    h.event("C", "review_requested", at(12, 1))               # reopens November's close
    h.extend("F", "petition.handle", 15, at(12, 2))           # moves a due date after November
    h.suspend("J", at(12, 3))                                 # suspended after both months
    h.resume("J", at(12, 8))
    h.answer(h.transfer("F", "legal", at(12, 4)), at(12, 5), accept=True)
    h.do("J", "reply", at(12, 9), text="答复", outcome="explained")
    h.do("J", "close", at(12, 9), outcome="explained")        # overdue at both months' ends
    h.do("F", "reply", at(12, 10), text="答复", outcome="explained")
    h.do("F", "close", at(12, 10), outcome="explained")
    h.case("L", received=at(12, 11), dept="reserve")          # received after both months
    h.do("L", "accept", at(12, 11))


def _reference(monkeypatch, month):
    with monkeypatch.context() as patch:
        unbounded(patch)
        return month_figures(month)


@pytest.mark.parametrize("listed", [500, 0], ids=["cases-listed", "cases-by-subquery"])
def test_the_bounded_figures_equal_the_whole_timelines_in_every_month(history, db,
                                                                      monkeypatch, listed):
    from petitiondesk.stats import queries

    monkeypatch.setattr(queries, "LISTED", listed)  # 0: moved cases named by a subquery
    build_november(history)
    db.session.commit()
    at_november_end = month_figures(NOVEMBER)
    build_december(history)
    db.session.commit()
    for month in (Month(2026, 9), OCTOBER, NOVEMBER, DECEMBER):
        assert month_figures(month) == _reference(monkeypatch, month), month
    # November read after December's events is November read at its end
    assert month_figures(NOVEMBER) == at_november_end
    assert at_november_end["totals"]["overdue_at_month_end"] >= 1  # J, extended in November


def test_the_correction_is_exercised_by_the_later_events(history, db):
    build_november(history)
    db.session.commit()
    before = month_figures(NOVEMBER)["totals"]
    build_december(history)
    db.session.commit()
    after = month_figures(NOVEMBER)["totals"]
    # C closed in November and reopened in December; J and F closed only in December
    assert history.cases["C"].closed_at is None and history.cases["J"].closed_at is not None
    assert {k: after[k] for k in ("open_at_month_end", "overdue_at_month_end")} == {
        k: before[k] for k in ("open_at_month_end", "overdue_at_month_end")}
    december = month_figures(DECEMBER)["totals"]
    assert december["received"] == 1 and december["closed"] == 2
