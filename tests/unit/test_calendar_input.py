"""Checking an administrator's calendar: every bad line at once, and which year it covers."""

from __future__ import annotations

from datetime import date

from petitiondesk.deadlines.calendar_input import (
    check_coverage,
    covered_years,
    read_csv,
    read_days,
    year_from_filename,
)

GOOD = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,workday,春节调休\n"


def test_a_good_file_gives_its_entries_and_no_errors():
    found = read_csv(GOOD)
    assert found.errors == []
    assert [(e.day, e.kind) for e in found.entries] == [
        (date(2027, 1, 1), "holiday"), (date(2027, 2, 20), "workday")]


def test_every_bad_line_is_reported_with_its_number():
    found = read_csv(GOOD + "2027-02-30,holiday,春节\n\n2027-03-03,workday,调休\n"
                     "2027-01-01,holiday,元旦\n2027-05-01,holiday\n")
    assert [e.split(":")[0] for e in found.errors] == ["line 4", "line 6", "line 7", "line 8"]
    assert "no such day" in found.errors[0]
    assert "not a weekend day" in found.errors[1]
    assert "duplicate" in found.errors[2]


def test_a_wrong_header_is_one_error_on_line_one():
    assert read_csv("day,type,name\n2027-01-01,holiday,元旦\n").errors[0].startswith("line 1:")


def test_json_days_are_reported_by_position():
    found = read_days([{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                       {"date": "2027-01-02", "kind": "vacation", "name": "x"}, "nonsense"])
    assert [e.split(":")[0] for e in found.errors] == ["days[1]", "days[2]"]


def test_the_year_comes_from_the_argument_then_the_file_name_then_the_dates():
    found = read_csv(GOOD)
    assert covered_years(found, year=2030, filename="2027.csv") == [2030]
    assert covered_years(found, filename="2028.csv") == [2028]
    assert year_from_filename("holidays.csv") is None
    many = read_csv("date,kind,name\n2026-12-27,workday,元旦调休\n" + "".join(
        f"2027-10-0{d},holiday,国庆节\n" for d in range(1, 8)))
    assert covered_years(many, filename="next.csv") == [2027]


def test_a_file_too_short_to_tell_its_year_is_refused():
    found = read_csv(GOOD)
    assert covered_years(found, filename="next.csv") == []
    assert "cannot tell which year" in found.errors[0]


def test_a_day_two_years_away_or_a_year_without_holidays_is_refused():
    far = read_csv(GOOD + "2031-05-01,holiday,劳动节\n")
    check_coverage(far, [2027])
    assert far.errors == ["line 4: 2031-05-01 is outside 2027 and the years next to it"]
    no_holiday = read_csv("date,kind,name\n2027-02-20,workday,春节调休\n")
    check_coverage(no_holiday, [2027])
    assert no_holiday.errors == ["2027: no statutory holiday listed"]
