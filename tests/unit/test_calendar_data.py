"""The shipped calendar files agree with chinese_calendar and the State Council notices."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from petitiondesk.deadlines.calendar import parse_calendar_csv
from tests.unit.deadline_helpers import CALENDAR_DIR, SHIPPED_YEARS, d, shipped_calendar

HOLIDAY_NAMES = {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}


def days_of(year: int):
    """Yield every day of `year`."""
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_every_day_of_the_shipped_years_agrees_with_chinese_calendar(year):
    cal = shipped_calendar()
    disagree = [
        day for day in days_of(year) if cal.is_working_day(day) != chinese_calendar.is_workday(day)
    ]
    assert disagree == []


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_each_file_holds_only_its_own_year_with_chinese_names(year):
    entries = parse_calendar_csv((CALENDAR_DIR / f"{year}.csv").read_text(encoding="utf-8"))
    assert {e.day.year for e in entries} == {year}
    for entry in entries:
        expected = HOLIDAY_NAMES if entry.kind == "holiday" else {n + "调休" for n in HOLIDAY_NAMES}
        assert entry.name in expected


def test_the_2026_make_up_working_days_are_those_the_state_council_announced():
    workdays = {day for day in shipped_calendar().workdays if day.year == 2026}
    announced = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}
    assert workdays == {d(day) for day in announced}


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("2026-01-01", "2026-01-03", "元旦"),
        ("2026-02-15", "2026-02-23", "春节"),
        ("2026-04-04", "2026-04-06", "清明节"),
        ("2026-05-01", "2026-05-05", "劳动节"),
        ("2026-06-19", "2026-06-21", "端午节"),
        ("2026-09-25", "2026-09-27", "中秋节"),
        ("2026-10-01", "2026-10-07", "国庆节"),
    ],
)
def test_the_2026_holiday_periods_are_complete(first, last, name):
    entries = parse_calendar_csv((CALENDAR_DIR / "2026.csv").read_text(encoding="utf-8"))
    named = sorted(e.day for e in entries if e.name == name)
    span = (d(last) - d(first)).days + 1
    assert named == [d(first) + timedelta(days=i) for i in range(span)]
