"""Monthly statistics against a history counted by hand (tests/stats_history.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from petitiondesk.stats.period import Month
from petitiondesk.stats.service import monthly_report
from tests.stats_history import (
    OCTOBER_TOTALS,
    SHANGHAI,
    History,
    at,
    build_november,
)

pytestmark = pytest.mark.db
OCTOBER = Month(2026, 10)


def _october(when=None):
    return monthly_report(month=OCTOBER, now=when or at(11, 1, 8))


def _department(report, code):
    return next(d for d in report["by_department"] if d["code"] == code)


def test_october_totals_match_the_hand_count(history):
    assert _october()["totals"] == OCTOBER_TOTALS


def test_tracks_channels_and_legal_figures_match_the_hand_count(history):
    report = _october()
    assert report["by_track"]["petition"] == {"received": 3, "closed": 5, "closed_on_time": 4}
    assert report["by_track"]["litigation"] == {"received": 1, "closed": 1, "closed_on_time": 1}
    assert report["by_track"]["reconsideration"] == {"received": 0, "closed": 1,
                                                     "closed_on_time": 1}
    assert report["by_track"]["mediation"] == {"received": 0, "closed": 0, "closed_on_time": 0}
    assert report["by_channel"] == {"letter": 1, "visit": 1, "online": 0, "phone": 1,
                                    "email": 0, "referral": 0, "court": 1}
    assert report["legal"] == {
        "lawsuits_opened": 1, "lawsuits_closed": 1, "lost": 1, "head_appeared_hearings": 1,
        "hearings": 1, "reconsiderations_decided": 1, "reconsiderations_corrected": 1}


def test_departments_are_counted_where_the_case_answered_at_month_end(history):
    # reserve's F is past its due date but suspended at month end: not overdue
    report = _october()
    assert _department(report, "expropriation") == {
        "code": "expropriation", "name": "部门expropriation", "received": 2, "closed": 3,
        "closed_on_time": 3, "on_time_rate": 1.0, "overdue_at_month_end": 2,
        "transfers_out": 0, "bounces": 1, "extensions": 1}
    assert _department(report, "reserve") == {
        "code": "reserve", "name": "部门reserve", "received": 1, "closed": 2,
        "closed_on_time": 1, "on_time_rate": 0.5, "overdue_at_month_end": 0,
        "transfers_out": 1, "bounces": 0, "extensions": 0}
    legal = _department(report, "legal")
    assert (legal["received"], legal["closed"], legal["closed_on_time"]) == (1, 2, 2)
    assert _department(report, "petition")["received"] == 0


def test_previous_month_and_last_year_carry_the_same_totals(history):
    report = _october()
    september = report["previous_month"]
    assert set(september) == set(OCTOBER_TOTALS)
    assert (september["received"], september["closed"], september["on_time_rate"]) == (2, 0, None)
    assert (september["open_at_month_end"], september["overdue_at_month_end"]) == (7, 2)
    assert report["same_month_last_year"]["received"] == 0
    assert report["month"] == "2026-10"


def test_an_extension_or_a_suspension_keeps_a_reply_after_the_first_due_date_on_time(history):
    extended = _clock(history, "D", "petition.handle")
    # replied on 10-29: ten days after the original due date, within the extended one
    assert extended.extended_days == 30
    assert str(extended.met_on) == "2026-10-29" <= str(extended.due_on)
    suspended = _clock(history, "E", "petition.handle")
    assert suspended.suspensions and str(suspended.met_on) <= str(suspended.due_on)
    # D (extension) and E (suspension) are among October's six closed on time; K is late
    assert _october()["totals"]["closed_on_time"] == 6


def test_october_is_the_same_when_computed_after_novembers_events(history, db):
    before = _october()
    build_november(history)
    db.session.commit()
    after = _october(at(11, 27, 9))
    assert history.cases["D"].status == "reviewing" and history.cases["B"].status == "closed"
    assert history.cases["B"].department.code == "expropriation"
    assert _clock(history, "J", "petition.handle").due_on.isoformat() > "2026-10-31"
    before.pop("generated_at"), after.pop("generated_at")
    assert after == before
    november = monthly_report(month=Month(2026, 11), now=at(11, 27, 9))["totals"]
    assert november["closed"] == 2


def _clock(history, name, key):
    from petitiondesk.deadlines.models import Clock
    from petitiondesk.extensions import db

    return db.session.scalars(db.select(Clock).where(
        Clock.case_id == history.cases[name].id, Clock.key == key)).one()


def test_a_month_ends_at_2400_shanghai_time_not_at_midnight_utc(db):
    # 23:59:59 and 00:00:01 local are 15:59:59 and 16:00:01 UTC of the same UTC day
    # (10-31): a month cut at UTC midnight would put both in October
    h = History()
    last_second = datetime(2026, 10, 31, 23, 59, 59, tzinfo=SHANGHAI)
    first_second = datetime(2026, 11, 1, 0, 0, 1, tzinfo=SHANGHAI)
    for name in ("late", "early"):
        h.case(name, received=at(10, 20), dept="expropriation")
        h.do(name, "accept", at(10, 20))
    h.transfer("late", "reserve", last_second)
    h.extend("late", "petition.handle", 10, last_second)
    h.do("late", "withdraw", last_second, reason="已自行协商解决")
    h.transfer("early", "reserve", first_second)
    h.extend("early", "petition.handle", 10, first_second)
    h.do("early", "withdraw", first_second, reason="已自行协商解决")
    db.session.commit()

    october = monthly_report(month=OCTOBER, now=at(11, 2, 8))["totals"]
    november = monthly_report(month=Month(2026, 11), now=at(12, 2, 8))["totals"]
    for month, totals in (("October", october), ("November", november)):
        figures = {k: totals[k] for k in ("transfers", "extensions", "closed")}
        assert figures == {"transfers": 1, "extensions": 1, "closed": 1}, (month, totals)
    assert october["open_at_month_end"] == 1  # "early" was still open at 24:00 on 10-31
    assert november["received"] == 0 and october["received"] == 2
