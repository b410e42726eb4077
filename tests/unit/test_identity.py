"""Resident ID numbers (GB 11643): check digit, birth date, masking."""

import pytest

from petitiondesk.cases.identity import (
    check_digit,
    id_number_problem,
    mask_id_number,
    mask_phone,
    normalise_id_number,
)


def test_the_published_example_number_is_valid():
    # the example number of GB 11643-1999 itself
    assert check_digit("11010519491231002") == "X"
    assert id_number_problem("11010519491231002X") is None


def test_a_lower_case_x_is_accepted_after_normalising():
    assert id_number_problem(normalise_id_number(" 11010519491231002x ")) is None


@pytest.mark.parametrize("value, problem", [
    ("110105194912310021", "check digit"),
    ("11010519491331002X", "birth date"),
    ("1101051949123100", "18 characters"),
    ("11010519491231002Y", "check digit"),
    ("A1010519491231002X", "18 characters"),
])
def test_bad_numbers_say_what_is_wrong(value, problem):
    assert problem in id_number_problem(value)


def test_masking_hides_birth_date_and_sequence():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13800001111") == "138****1111"
