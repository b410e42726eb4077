"""Test helpers for holiday years beyond the shipped calendar."""

from __future__ import annotations

from datetime import date

import pytest

# Test data, not the State Council's notice: 2027 is not announced when this is written.
# 2027-01-26 is declared a holiday so a clock due that day visibly moves.
CSV_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-01-26,holiday,测试假日
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-20,workday,春节调休
"""


@pytest.fixture
def forget_2027(db):
    """Remove any 2027 calendar a test loaded: the calendar tables outlive each test."""
    yield
    from petitiondesk.deadlines.models import CalendarDay, CalendarYear

    db.session.rollback()
    db.session.execute(db.delete(CalendarDay).where(
        CalendarDay.day.between(date(2027, 1, 1), date(2027, 12, 31))))
    db.session.execute(db.delete(CalendarYear).where(CalendarYear.year == 2027))
    db.session.commit()
