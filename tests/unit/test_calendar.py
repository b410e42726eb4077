"""The working-day calendar: lookups, counting and the CSV format."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petitiondesk.deadlines.calendar import (
    CalendarEntry,
    CalendarFormatError,
    HolidayCalendar,
    load_calendar_dir,
    parse_calendar_csv,
)
from tests.unit.deadline_helpers import d, shipped_calendar, weekends_only

CAL = shipped_calendar()


def small_calendar() -> HolidayCalendar:
    """Return 2026 with only the National Day week and its make-up Saturday."""
    entries = [CalendarEntry(d(f"2026-10-0{i}"), "holiday", "国庆节") for i in range(1, 8)]
    entries.append(CalendarEntry(d("2026-10-10"), "workday", "国庆节调休"))
    return HolidayCalendar.from_entries(entries, [2026])


# --- lookups -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-02-13", True),   # Friday before Spring Festival
        ("2026-02-14", True),   # make-up Saturday
        ("2026-02-15", False),  # Spring Festival, a Sunday
        ("2026-02-23", False),  # last day of Spring Festival, a Monday
        ("2026-02-24", True),
        ("2026-02-28", True),   # make-up Saturday
        ("2026-03-01", False),  # ordinary Sunday
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),   # make-up Saturday
        ("2026-10-11", False),  # ordinary Sunday
    ],
)
def test_working_days_follow_the_2026_notice(day, working):
    assert CAL.is_working_day(d(day)) is working


def test_a_year_without_a_calendar_falls_back_to_monday_to_friday():
    assert not CAL.covers(d("2027-01-01"))
    assert CAL.is_working_day(d("2027-01-01"))  # New Year's Day, but unknown yet
    assert not CAL.is_working_day(d("2027-01-02"))  # Saturday


def test_the_calendar_covers_exactly_the_loaded_years():
    assert CAL.years == frozenset({2024, 2025, 2026})
    assert CAL.covers(d("2024-01-01")) and CAL.covers(d("2026-12-31"))
    assert not CAL.covers(d("2023-12-31"))
    assert CAL.covers_range(d("2024-05-01"), d("2026-05-01"))
    assert not CAL.covers_range(d("2026-12-20"), d("2027-01-04"))


def test_next_working_day_keeps_a_working_day_and_skips_a_holiday():
    assert CAL.next_working_day(d("2026-10-08")) == d("2026-10-08")
    assert CAL.next_working_day(d("2026-10-01")) == d("2026-10-08")
    assert CAL.next_working_day(d("2026-10-09")) == d("2026-10-09")


def test_adding_working_days_does_not_count_the_start_day():
    assert CAL.add_working_days(d("2026-10-08"), 1) == d("2026-10-09")
    assert CAL.add_working_days(d("2026-10-08"), 2) == d("2026-10-10")
    assert CAL.add_working_days(d("2026-10-08"), 0) == d("2026-10-08")


def test_adding_working_days_across_spring_festival_counts_both_make_up_saturdays():
    # 02-13 (1), 02-14 Sat (2), festival 02-15..23, 02-24..27 (3-6), 02-28 Sat (7)
    assert CAL.add_working_days(d("2026-02-12"), 7) == d("2026-02-28")


def test_adding_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(d("2026-01-05"), -1)


def test_working_days_between_counts_the_half_open_interval():
    assert CAL.working_days_between(d("2026-09-30"), d("2026-10-08")) == 1
    assert CAL.working_days_between(d("2026-10-08"), d("2026-10-08")) == 0
    assert CAL.working_days_between(d("2026-10-09"), d("2026-10-08")) == 0
    assert CAL.working_days_between(d("2026-10-07"), d("2026-10-11")) == 3


def test_dates_far_outside_the_lookup_table_still_count_correctly():
    cal = weekends_only()
    friday = date(2300, 1, 5)
    assert cal.add_working_days(friday, 2) == date(2300, 1, 9)
    assert cal.working_days_between(friday, date(2300, 1, 12)) == 5
    assert cal.is_working_day(date(1800, 1, 1))  # a Wednesday


def test_counting_agrees_with_day_by_day_counting_over_three_years():
    day, count = d("2024-01-01"), 0
    while day < d("2026-12-31"):
        day += timedelta(days=1)
        count += CAL.is_working_day(day)
        assert CAL.working_days_between(d("2024-01-01"), day) == count


def test_a_small_calendar_built_from_entries_knows_its_days():
    cal = small_calendar()
    assert cal.add_working_days(d("2026-09-30"), 2) == d("2026-10-09")
    assert cal.is_working_day(d("2026-10-10"))


def test_a_day_listed_as_holiday_and_workday_is_refused():
    entries = [
        CalendarEntry(d("2026-10-10"), "holiday", "x"),
        CalendarEntry(d("2026-10-10"), "workday", "y"),
    ]
    with pytest.raises(CalendarFormatError, match="2026-10-10"):
        HolidayCalendar.from_entries(entries, [2026])


def test_the_same_day_from_two_sources_is_accepted_once():
    entry = CalendarEntry(d("2026-10-01"), "holiday", "国庆节")
    cal = HolidayCalendar.from_entries([entry, entry], [2026])
    assert cal.holidays == frozenset({d("2026-10-01")})


# --- the CSV format ------------------------------------------------------------------

GOOD_CSV = """date,kind,name
2026-10-10,workday,国庆节调休
2026-10-01,holiday,国庆节
2025-12-31,holiday,跨年
"""


def test_a_csv_parses_into_entries_sorted_by_date_across_years():
    entries = parse_calendar_csv(GOOD_CSV)
    assert [e.day for e in entries] == [d("2025-12-31"), d("2026-10-01"), d("2026-10-10")]
    assert entries[2] == CalendarEntry(d("2026-10-10"), "workday", "国庆节调休")


def test_a_csv_saved_by_excel_with_a_byte_order_mark_and_blank_lines_parses():
    assert len(parse_calendar_csv("\ufeff" + GOOD_CSV + "\n\n")) == 3


def test_a_holiday_on_a_weekend_is_allowed():
    assert parse_calendar_csv("date,kind,name\n2026-10-03,holiday,国庆节\n")[0].kind == "holiday"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-13-01,holiday,x", "line 3: bad date '2026-13-01', no such day"),
        ("1.10.2026,holiday,x", "line 3: bad date '1.10.2026', expected YYYY-MM-DD"),
        ("2026-10-02,holday,x", "line 3: unknown kind 'holday'"),
        ("2026-10-09,workday,x", "line 3: workday 2026-10-09 is a Friday"),
        ("2026-10-02,holiday,", "line 3: 2026-10-02 has no name"),
        ("2026-10-02,holiday", "line 3: expected 3 fields"),
        ("2026-10-01,holiday,again", "line 3: duplicate date 2026-10-01"),
    ],
)
def test_a_bad_row_is_reported_with_its_file_and_line(row, message):
    text = f"date,kind,name\n2026-10-01,holiday,国庆节\n{row}\n"
    with pytest.raises(CalendarFormatError) as exc:
        parse_calendar_csv(text, source="2026.csv")
    assert str(exc.value).startswith("2026.csv: ")
    assert message in str(exc.value)


def test_a_csv_without_the_header_is_refused():
    with pytest.raises(CalendarFormatError, match="line 1: header"):
        parse_calendar_csv("2026-10-01,holiday,国庆节\n")


def test_loading_a_directory_covers_the_year_of_each_file(tmp_path):
    (tmp_path / "2030.csv").write_text("date,kind,name\n2030-10-01,holiday,国庆节\n")
    (tmp_path / "notes.csv").write_text("not a calendar")
    cal = load_calendar_dir(tmp_path)
    assert cal.years == frozenset({2030})
    assert not cal.is_working_day(d("2030-10-01"))


def test_loading_a_directory_names_the_file_of_a_bad_row(tmp_path):
    (tmp_path / "2030.csv").write_text("date,kind,name\n2030-10-01,holyday,国庆节\n")
    with pytest.raises(CalendarFormatError, match=r"2030\.csv: line 2"):
        load_calendar_dir(tmp_path)
