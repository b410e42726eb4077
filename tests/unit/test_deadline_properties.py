"""Properties of due-date arithmetic that must hold for any start date and period."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from petitiondesk.deadlines.compute import compute_due
from tests.unit.deadline_helpers import SHIPPED_YEARS, shipped_calendar

CAL = shipped_calendar()

# Start dates reach into the unloaded years on both sides to exercise provisional dues.
starts = st.dates(min_value=date(2023, 6, 1), max_value=date(2027, 6, 30))
natural = st.tuples(st.integers(1, 400), st.just("d"))
working = st.tuples(st.integers(1, 80), st.just("wd"))
months = st.tuples(st.integers(1, 24), st.just("m"))
periods = st.one_of(natural, working, months)


@st.composite
def suspended_starts(draw):
    """Draw a start and up to three (stopped, resumed) pairs near it."""
    start = draw(starts)
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        # Offsets near the start make stops on, before and just after the end common.
        stopped = start + timedelta(days=draw(st.integers(-20, 120)))
        spans.append((stopped, stopped + timedelta(days=draw(st.integers(0, 40)))))
    return start, spans


def due_on(start, period, **kwargs) -> date:
    """Return the due day of `period` = (length, unit) from `start`."""
    length, unit = period
    return compute_due(start=start, length=length, unit=unit, calendar=CAL, **kwargs).on


def is_working_day(day: date) -> bool:
    """The reference calendar, independent of petitiondesk's: the third-party
    `chinese_calendar` for the loaded years (2024-2026), Monday to Friday elsewhere."""
    if day.year in SHIPPED_YEARS:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def count_day_by_day(start, length, unit, spans) -> date:
    """Return the due day by walking the days: the obvious, slow reference model."""
    stopped = {a + timedelta(days=k) for a, b in spans for k in range(1, (b - a).days + 1)}
    day, counted = start, 0
    while counted < length:
        day += timedelta(days=1)
        if day not in stopped and (unit == "d" or is_working_day(day)):
            counted += 1
    while not is_working_day(day):  # a period ending on a rest day ends on the next working day
        day += timedelta(days=1)
    return day


def test_the_reference_calendar_knows_the_2026_holidays_and_make_up_days():
    assert not is_working_day(date(2026, 10, 1)) and not is_working_day(date(2026, 2, 17))
    assert is_working_day(date(2026, 2, 28)) and is_working_day(date(2026, 10, 10))
    assert not is_working_day(date(2027, 1, 2)) and is_working_day(date(2027, 1, 1))


@given(starts, periods)
def test_every_due_date_is_a_working_day_after_the_start(start, period):
    result = due_on(start, period)
    assert result > start
    assert CAL.is_working_day(result)
    if CAL.covers(result):
        assert chinese_calendar.is_workday(result)


@given(starts, st.sampled_from(["d", "wd", "m"]), st.integers(1, 300), st.integers(0, 60))
def test_a_longer_period_never_ends_earlier(start, unit, length, more):
    length = min(length, 30) if unit == "m" else length
    assert due_on(start, (length + more, unit)) >= due_on(start, (length, unit))


@given(suspended_starts(), periods)
def test_a_suspension_never_makes_a_deadline_earlier(start_and_spans, period):
    start, spans = start_and_spans
    assert due_on(start, period, suspensions=spans) >= due_on(start, period)


@given(starts, periods, st.integers(0, 60))
def test_an_extension_never_makes_a_deadline_earlier(start, period, extension):
    assert due_on(start, period, extension=extension) >= due_on(start, period)


@settings(max_examples=300)
@given(suspended_starts(), st.one_of(st.tuples(st.integers(1, 100), st.just("d")), working))
def test_day_and_working_day_periods_match_counting_day_by_day(start_and_spans, period):
    (start, spans), (length, unit) = start_and_spans, period
    assert due_on(start, period, suspensions=spans) == count_day_by_day(start, length, unit, spans)


@given(starts, periods)
def test_a_due_date_inside_the_loaded_years_is_provisional_only_if_it_judged_another_year(
    start, period
):
    length, unit = period
    result = compute_due(start=start, length=length, unit=unit, calendar=CAL)
    if CAL.covers_range(start, result.on):
        assert not result.provisional
    if not CAL.covers(result.on):
        assert result.provisional
