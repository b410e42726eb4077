"""Legacy criteria, their configuration, and the litigation instance chain; no app."""

from datetime import date
from pathlib import Path

import pytest

from petitiondesk.legal.chain import appeared_names, next_instance_problem, outcome_problem
from petitiondesk.legal.criteria import (
    LegacyConfigError,
    LegacyCriteria,
    MatterFacts,
    load_criteria,
    parse_criteria,
    reasons,
)

TODAY = date(2026, 11, 27)


def facts(**kw) -> MatterFacts:
    base = {"first_received_on": date(2026, 6, 1), "open_cases": 1, "petitions": 1,
            "legacy_flag": False, "policy_change_flag": False, "not_accepted_again": 0}
    return MatterFacts(**{**base, **kw})


def test_a_fresh_single_petition_meets_no_criterion():
    assert reasons(facts(), LegacyCriteria(), today=TODAY) == []


def test_a_matter_open_more_than_twelve_months_is_old():
    old = facts(first_received_on=date(2025, 11, 26))
    assert reasons(old, LegacyCriteria(), today=TODAY) == ["open_long"]


def test_exactly_twelve_months_is_not_yet_longer_than_twelve():
    assert reasons(facts(first_received_on=date(2025, 11, 27)), LegacyCriteria(),
                   today=TODAY) == []


def test_an_old_matter_with_every_case_closed_is_not_open_long():
    closed = facts(first_received_on=date(2024, 1, 1), open_cases=0)
    assert reasons(closed, LegacyCriteria(), today=TODAY) == []


def test_every_criterion_met_is_named_in_order():
    all_met = facts(first_received_on=date(2024, 1, 1), petitions=3, legacy_flag=True,
                    policy_change_flag=True, not_accepted_again=1)
    assert reasons(all_met, LegacyCriteria(), today=TODAY) == [
        "open_long", "many_petitions", "legacy_flag", "policy_change_flag",
        "rereview_then_petitioned"]


def test_switched_off_criteria_are_not_named():
    off = LegacyCriteria(open_longer_than_months=0, min_petitions=0, flags=False,
                         rereview_then_petitioned=False)
    all_met = facts(first_received_on=date(2024, 1, 1), petitions=9, legacy_flag=True,
                    not_accepted_again=2)
    assert reasons(all_met, off, today=TODAY) == []


def test_the_shipped_criteria_file_has_the_documented_defaults():
    shipped = load_criteria(Path(__file__).parents[2] / "config" / "legacy.toml")
    assert shipped == LegacyCriteria(open_longer_than_months=12, min_petitions=3, flags=True,
                                     rereview_then_petitioned=True)


@pytest.mark.parametrize("data", [
    {"criteria": {"min_petitions": "3"}},
    {"criteria": {"min_petitions": -1}},
    {"criteria": {"flags": 1}},
    {"criteria": {"unknown": True}},
    {"other": {}},
])
def test_a_malformed_criteria_file_is_refused(data):
    with pytest.raises(LegacyConfigError):
        parse_criteria(data)


@pytest.mark.parametrize(("current", "proposed"), [
    (None, "first"), ("first", "second"), ("first", "retrial"), ("second", "retrial"),
    ("first", "enforcement"), ("retrial", "enforcement"),
])
def test_an_instance_may_follow_an_earlier_one(current, proposed):
    assert next_instance_problem(current, proposed) is None


@pytest.mark.parametrize(("current", "proposed"), [
    ("second", "first"), ("first", "first"), ("enforcement", "retrial"), ("first", "appeal"),
])
def test_an_instance_cannot_go_back_or_repeat(current, proposed):
    assert next_instance_problem(current, proposed)


def test_who_appeared_may_be_a_list_or_a_comma_separated_text():
    assert appeared_names("张局长，李律师, ") == ["张局长", "李律师"]
    assert appeared_names(["王科长"]) == ["王科长"]
    with pytest.raises(ValueError):
        appeared_names({"name": "x"})


@pytest.mark.parametrize(("track", "kind", "outcome"), [
    ("litigation", None, "partly_lost"), ("litigation", "legal_guidance", "guided"),
    ("reconsideration", None, "confirmed_illegal"), ("petition", None, "resolved"),
])
def test_a_legal_case_may_end_with_its_tracks_outcomes(track, kind, outcome):
    assert outcome_problem(track=track, kind=kind, outcome=outcome) is None


@pytest.mark.parametrize(("track", "kind", "outcome"), [
    ("litigation", None, "upheld"), ("litigation", "legal_guidance", "won"),
    ("reconsideration", None, "lost"),
])
def test_a_legal_case_cannot_end_with_another_tracks_outcome(track, kind, outcome):
    assert outcome_problem(track=track, kind=kind, outcome=outcome)
