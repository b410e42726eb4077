"""The lifecycle table: which action leads where on which track."""

import pytest

from petitiondesk.cases.lifecycle import IllegalTransition, allowed_actions, next_status


def test_a_petition_runs_registered_accepted_replied_closed():
    status = "registered"
    for action, expected in [("accept", "accepted"), ("reply", "replied"), ("close", "closed")]:
        status = next_status(track="petition", status=status, action=action)
        assert status == expected


def test_a_closed_petition_can_be_reviewed_after_its_reply():
    assert next_status(track="petition", status="closed", action="request_review") == "reviewing"
    assert next_status(track="petition", status="reviewing", action="reply") == "replied"


def test_litigation_closes_from_accepted_without_a_reply():
    assert next_status(track="litigation", status="accepted", action="close") == "closed"
    with pytest.raises(IllegalTransition):
        next_status(track="litigation", status="accepted", action="reply")


def test_only_petitions_are_diverted():
    assert next_status(track="petition", status="registered", action="divert") == "diverted"
    with pytest.raises(IllegalTransition):
        next_status(track="mediation", status="registered", action="divert")


def test_nothing_leaves_a_withdrawn_case():
    assert allowed_actions(track="petition", status="withdrawn") == []


def test_a_registered_petition_offers_accept_reject_divert_withdraw():
    assert allowed_actions(track="petition", status="registered") == [
        "accept", "divert", "reject", "withdraw"]
