"""Routing rules as data: conditions, priority order, keywords; assignment modes."""

import pytest

from petitiondesk.transfers.assignment import choose_assignee
from petitiondesk.transfers.diversion import DiversionConfigError, parse_diversion
from petitiondesk.transfers.routing import Route, choose_route, matches, parse_keywords


def route(id, priority, dept, **kw):
    return Route(id=id, name=f"r{id}", priority=priority, department_code=dept, **kw)


def test_a_rule_matches_only_when_category_area_and_a_keyword_all_hold():
    rule = route(1, 10, "expro", category="compensation", area="东城区",
                 keywords=("安置", "过渡费"))
    assert matches(rule, category="compensation", area="东城区", text="关于过渡费的问题")
    assert not matches(rule, category="compensation", area="西城区", text="过渡费")
    assert not matches(rule, category="funding", area="东城区", text="过渡费")
    assert not matches(rule, category="compensation", area="东城区", text="噪音扰民")


def test_a_rule_without_conditions_matches_everything():
    assert matches(route(1, 10, "x"), category="any", area=None, text="")


def test_keywords_match_regardless_of_letter_case():
    rule = route(1, 10, "x", keywords=("PPP",))
    assert matches(rule, category="c", area=None, text="a ppp project")


def test_rules_are_tried_in_priority_order_then_by_id():
    rules = [route(3, 50, "late"), route(2, 10, "first", category="compensation"),
             route(1, 10, "tie", category="compensation")]
    assert choose_route(rules, category="compensation", area=None, text="").department_code == "tie"
    assert choose_route(rules, category="other", area=None, text="").department_code == "late"


def test_no_matching_rule_leaves_the_default_to_the_caller():
    assert choose_route([route(1, 10, "x", category="a")], category="b", area=None,
                        text="") is None


def test_keywords_may_be_written_with_chinese_or_latin_separators():
    words = parse_keywords("安置，回迁、过渡费; 围挡 占用")
    assert words == ("安置", "回迁", "过渡费", "围挡", "占用")
    assert parse_keywords(None) == ()


def test_an_unassigned_department_leaves_the_case_to_its_head():
    assert choose_assignee("unassigned", handlers=[1, 2]) is None


def test_round_robin_gives_the_next_handler_in_turn_and_wraps_around():
    assert choose_assignee("round_robin", handlers=[5, 3, 9]) == 3
    assert choose_assignee("round_robin", handlers=[5, 3, 9], last_assigned=3) == 5
    assert choose_assignee("round_robin", handlers=[5, 3, 9], last_assigned=9) == 3
    assert choose_assignee("round_robin", handlers=[5, 3, 9], last_assigned=4) == 5


def test_fewest_open_picks_the_least_loaded_handler_ties_to_the_lowest_id():
    assert choose_assignee("fewest_open", handlers=[1, 2, 3], open_counts={1: 4, 2: 1, 3: 1}) == 2
    assert choose_assignee("fewest_open", handlers=[1, 2], open_counts={}) == 1


def test_a_department_without_handlers_leaves_the_case_unassigned():
    assert choose_assignee("round_robin", handlers=[]) is None
    with pytest.raises(ValueError):
        choose_assignee("lottery", handlers=[1])


def test_legal_channel_categories_get_a_diversion_proposal_for_petitions_only():
    diversion = parse_diversion({
        "channels": {"reconsideration": {"label_zh": "复议", "label_en": "R"},
                     "litigation": {"label_zh": "诉讼", "label_en": "L"}},
        "categories": {"administrative_act": {"channels": ["reconsideration", "litigation"],
                                              "basis": "Art. 31(1)"}}})
    assert diversion.proposal(category="administrative_act",
                              track="petition") == "reconsideration/litigation"
    assert diversion.proposal(category="compensation", track="petition") is None
    assert diversion.proposal(category="administrative_act", track="litigation") is None


def test_a_diversion_map_naming_an_unknown_channel_is_refused():
    with pytest.raises(DiversionConfigError):
        parse_diversion({"channels": {}, "categories": {"labour": {"channels": ["arbitration"]}}})


def test_the_shipped_diversion_map_loads():
    from pathlib import Path

    from petitiondesk.transfers.diversion import load_diversion

    shipped = load_diversion(Path(__file__).parents[2] / "config" / "diversion.toml")
    assert shipped.proposal(category="labour", track="petition") == "labour_arbitration"
    assert "reconsideration" in shipped.proposal(category="administrative_act", track="petition")
