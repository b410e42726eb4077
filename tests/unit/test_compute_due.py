"""Due-date arithmetic on the real 2024-2026 holiday calendar."""

from __future__ import annotations

import pytest

from petitiondesk.deadlines.compute import Due, add_months, compute_due, rule_due, stopped_spans
from tests.unit.deadline_helpers import d, shipped_calendar, shipped_rules

CAL = shipped_calendar()
RULES = shipped_rules()


def due(start: str, length: int, unit: str, **kwargs) -> Due:
    """Return the due date of a period on the shipped calendar."""
    return compute_due(start=d(start), length=length, unit=unit, calendar=CAL, **kwargs)


def due_on(start: str, length: int, unit: str, **kwargs):
    """Return only the due day, after checking it is not provisional."""
    result = due(start, length, unit, **kwargs)
    assert not result.provisional
    return result.on


# --- natural days --------------------------------------------------------------------


def test_visit_received_before_national_day_is_due_after_the_holiday():
    # 09-16 + 15 d = 10-01, inside National Day (10-01..10-07)
    assert rule_due(RULES["petition.notify"], start=d("2026-09-16"), calendar=CAL) == Due(
        on=d("2026-10-08"), provisional=False
    )


@pytest.mark.parametrize(
    ("start", "length", "expected", "why"),
    [
        ("2026-01-31", 15, "2026-02-24", "02-15 is in Spring Festival (02-15..02-23)"),
        ("2026-04-16", 15, "2026-05-06", "05-01 is in Labour Day (05-01..05-05)"),
        ("2026-09-10", 15, "2026-09-28", "09-25 is Mid-Autumn (09-25..09-27)"),
        ("2026-02-13", 15, "2026-02-28", "02-28 is a make-up Saturday, a working day"),
        ("2026-09-25", 15, "2026-10-10", "10-10 is a make-up Saturday, a working day"),
        ("2026-02-14", 15, "2026-03-02", "03-01 is an ordinary Sunday"),
        ("2026-03-02", 15, "2026-03-17", "an ordinary Tuesday"),
        ("2026-08-02", 60, "2026-10-08", "60 d ends on 10-01"),
    ],
)
def test_a_natural_day_period_ending_on_a_rest_day_ends_on_the_next_working_day(
    start, length, expected, why
):
    assert due_on(start, length, "d") == d(expected), why


def test_the_start_day_is_not_counted():
    assert due_on("2026-03-02", 1, "d") == d("2026-03-03")


# --- working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "length", "expected", "why"),
    [
        ("2026-09-28", 5, "2026-10-10", "09-29, 09-30, 10-08, 10-09, make-up Sat 10-10"),
        ("2026-04-30", 5, "2026-05-11", "05-06..05-08, make-up Sat 05-09, Mon 05-11"),
        ("2026-02-12", 10, "2026-03-04", "counts make-up Saturdays 02-14 and 02-28"),
        ("2026-01-02", 5, "2026-01-08", "started on a holiday; make-up Sun 01-04 counts"),
        ("2026-03-06", 5, "2026-03-13", "an ordinary week"),
    ],
)
def test_a_working_day_period_skips_weekends_and_holidays_and_counts_make_up_days(
    start, length, expected, why
):
    assert due_on(start, length, "wd") == d(expected), why


def test_a_transfer_received_before_national_day_may_be_objected_to_until_the_make_up_saturday():
    result = rule_due(RULES["transfer.object"], start=d("2026-09-28"), calendar=CAL)
    assert result.on == d("2026-10-10")


# --- months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected", "why"),
    [
        ("2026-01-31", 1, "2026-02-28", "no 02-31: month's last day, a make-up Saturday"),
        ("2025-01-31", 1, "2025-02-28", "no 02-31: month's last day, a Friday"),
        ("2024-01-31", 1, "2024-02-29", "2024 is a leap year"),
        ("2026-03-31", 1, "2026-04-30", "no 04-31"),
        ("2026-03-02", 1, "2026-04-02", "same day of month"),
        ("2026-04-01", 6, "2026-10-08", "10-01 is National Day"),
        ("2025-08-31", 6, "2026-02-28", "across a year end to a short month"),
        ("2026-03-04", 1, "2026-04-07", "04-04 is in Qingming (04-04..04-06)"),
    ],
)
def test_a_month_period_ends_on_the_same_day_or_the_month_end_then_rolls_over(
    start, months, expected, why
):
    assert due_on(start, months, "m") == d(expected), why


def test_adding_months_wraps_the_year():
    assert add_months(d("2026-11-30"), 3) == d("2027-02-28")
    assert add_months(d("2027-12-15"), 14) == d("2029-02-15")


# --- provisional ---------------------------------------------------------------------


def test_a_deadline_in_2027_is_provisional_and_uses_weekends_only():
    result = rule_due(RULES["petition.notify"], start=d("2026-12-20"), calendar=CAL)
    assert result == Due(on=d("2027-01-04"), provisional=True)


def test_a_working_day_period_running_into_2027_is_provisional():
    # 12-29, 12-30, 12-31, 2027-01-01 (a guess: Friday), 2027-01-04
    assert due("2026-12-28", 5, "wd") == Due(on=d("2027-01-04"), provisional=True)


def test_a_working_day_period_that_counts_days_of_an_unloaded_year_is_provisional():
    assert due("2023-12-29", 1, "wd") == Due(on=d("2024-01-02"), provisional=True)


def test_a_natural_day_period_that_only_starts_in_an_unloaded_year_is_not_provisional():
    assert due("2023-12-20", 15, "d") == Due(on=d("2024-01-04"), provisional=False)


def test_a_long_window_ending_in_2027_is_provisional():
    result = rule_due(RULES["window.lawsuit"], start=d("2026-09-01"), calendar=CAL)
    assert result == Due(on=d("2027-03-01"), provisional=True)


# --- extension -----------------------------------------------------------------------


def test_an_extension_is_added_to_the_unrolled_end_before_rolling_over():
    # 45 d from 08-17 ends on 10-01 (rolled to 10-08); +15 counts from 10-01 -> 10-16
    rule = RULES["arbitration.award"]
    assert rule_due(rule, start=d("2026-08-17"), calendar=CAL).on == d("2026-10-08")
    assert rule_due(rule, start=d("2026-08-17"), calendar=CAL, extension=15).on == d("2026-10-16")


def test_an_extended_petition_is_due_ninety_days_after_acceptance_rolled_over():
    result = rule_due(RULES["petition.handle"], start=d("2026-08-02"), calendar=CAL, extension=30)
    assert result.on == d("2026-11-02")  # 10-31 is a Saturday


def test_a_working_day_extension_adds_working_days():
    assert due_on("2026-09-28", 5, "wd", extension=2) == due_on("2026-09-28", 7, "wd")


def test_an_extension_may_use_its_own_unit():
    assert due_on("2026-03-02", 1, "m", extension=10, extension_unit="d") == d("2026-04-13")


# --- suspension ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suspensions", "expected", "why"),
    [
        ([], "2026-04-01", "no suspension"),
        ([("2026-03-10", "2026-03-20")], "2026-04-13", "+10 d = 04-11, a Saturday"),
        ([("2026-02-20", "2026-03-05")], "2026-04-07", "only 03-03..03-05 after the start"),
        ([("2026-03-10", "2026-03-20"), ("2026-03-15", "2026-03-25")], "2026-04-16", "overlap"),
        ([("2026-03-10", "2026-03-20"), ("2026-04-05", "2026-04-08")], "2026-04-14",
         "the second stop is after the original end but before the moved one"),
        ([("2026-04-01", "2026-04-10")], "2026-04-01", "stopped on the last day: too late"),
        ([("2026-03-10", "2026-03-10")], "2026-04-01", "resumed the same day: no time lost"),
    ],
)
def test_a_suspension_moves_a_natural_day_period_by_the_suspended_days(
    suspensions, expected, why
):
    spans = [(d(a), d(b)) for a, b in suspensions]
    assert due_on("2026-03-02", 30, "d", suspensions=spans) == d(expected), why


def test_a_suspension_moves_a_month_period_by_natural_days():
    spans = [(d("2026-03-05"), d("2026-03-10"))]
    assert due_on("2026-03-02", 1, "m", suspensions=spans) == d("2026-04-07")


def test_a_working_day_period_continues_with_its_remaining_working_days_after_resumption():
    # one working day (09-29) used before the stop; 4 remain after 10-09
    spans = [(d("2026-09-29"), d("2026-10-09"))]
    assert due_on("2026-09-28", 5, "wd", suspensions=spans) == d("2026-10-14")


def test_a_suspension_covering_only_holidays_costs_a_working_day_period_nothing():
    spans = [(d("2026-09-30"), d("2026-10-07"))]
    assert due_on("2026-09-28", 5, "wd", suspensions=spans) == d("2026-10-10")


def test_an_open_suspension_counts_as_resumed_on_as_of():
    open_span = [(d("2026-03-10"), None)]
    assert due_on("2026-03-02", 30, "d", suspensions=open_span, as_of=d("2026-03-25")) == d(
        "2026-04-16"
    )
    assert due_on("2026-03-02", 30, "d", suspensions=open_span, as_of=d("2026-03-05")) == d(
        "2026-04-01"
    )


def test_an_open_suspension_without_as_of_is_refused():
    with pytest.raises(ValueError, match="open: pass as_of"):
        due("2026-03-02", 30, "d", suspensions=[(d("2026-03-10"), None)])


def test_a_suspension_that_resumes_before_it_stopped_is_refused():
    with pytest.raises(ValueError, match="before it stopped"):
        due("2026-03-02", 30, "d", suspensions=[(d("2026-03-10"), d("2026-03-09"))])


def test_suspension_and_extension_both_lengthen_the_period():
    rule = RULES["petition.handle"]
    spans = [(d("2026-08-10"), d("2026-08-20"))]
    result = rule_due(rule, start=d("2026-08-02"), calendar=CAL, extension=30, suspensions=spans)
    assert result.on == d("2026-11-10")  # 100 d


def test_stopped_spans_are_clipped_merged_and_sorted():
    spans = stopped_spans(
        [(d("2026-03-20"), d("2026-03-25")), (d("2026-02-01"), d("2026-03-05")),
         (d("2026-03-25"), d("2026-03-27")), (d("2026-02-01"), d("2026-02-10"))],
        start=d("2026-03-02"),
    )
    assert spans == [(d("2026-03-02"), d("2026-03-05")), (d("2026-03-20"), d("2026-03-27"))]


# --- variants and validation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "variant", "start", "expected"),
    [
        ("reconsideration.decide", None, "2026-09-01", "2026-11-02"),  # 10-31 is a Saturday
        ("reconsideration.decide", "simplified", "2026-09-01", "2026-10-08"),
        ("litigation.appeal", None, "2026-03-02", "2026-03-17"),
        ("litigation.appeal", "ruling", "2026-03-02", "2026-03-12"),
        ("window.lawsuit", "after_reconsideration", "2026-09-16", "2026-10-08"),
    ],
)
def test_a_variant_runs_on_its_own_period(key, variant, start, expected):
    result = rule_due(RULES[key], start=d(start), calendar=CAL, variant=variant)
    assert result.on == d(expected)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"length": 0, "unit": "d"}, "length must be a positive number"),
        ({"length": 5, "unit": "w"}, "unit must be one of d, wd, m, got 'w'"),
        ({"length": 5, "unit": "d", "extension": -1}, "extension must not be negative"),
        ({"length": 5, "unit": "d", "extension": 1, "extension_unit": "y"}, "got 'y'"),
    ],
)
def test_an_impossible_period_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compute_due(start=d("2026-03-02"), calendar=CAL, **kwargs)
