"""Report months, rates and changes; pure."""

from datetime import date

import pytest

from petitiondesk.stats.period import BadMonth, Month, change, rate


def test_a_month_knows_its_first_and_last_day_in_a_leap_year():
    feb = Month.parse("2028-02")
    assert (feb.first, feb.last) == (date(2028, 2, 1), date(2028, 2, 29))


def test_january_follows_december_of_the_year_before():
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month(2026, 1).same_month_last_year() == Month(2025, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-10", "", "2026/10"])
def test_anything_but_yyyy_mm_is_refused(text):
    with pytest.raises(BadMonth):
        Month.parse(text)


def test_a_rate_with_nothing_to_divide_is_unknown_not_zero():
    assert rate(0, 0) is None
    assert rate(6, 7) == 0.8571


def test_a_change_against_an_unknown_figure_is_unknown():
    assert change(4, 2) == 2
    assert change(0.8571, 0.5) == 0.3571
    assert change(0.5, None) is None
