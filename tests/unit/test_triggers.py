"""The events that start clocks agree with the rules' `starts_on`."""

from __future__ import annotations

from pathlib import Path

from petitiondesk.deadlines.rules import load_rules
from petitiondesk.deadlines.triggers import TRIGGERS, triggers_for

RULES = load_rules(Path(__file__).parents[2] / "config" / "deadlines.toml")


def test_every_clock_a_trigger_starts_starts_on_the_event_its_rule_names():
    mismatched = [(t.event, key, RULES[key].starts_on)
                  for t in TRIGGERS for key in t.start if RULES[key].starts_on != t.event]
    assert mismatched == []


def test_a_mediation_clock_starts_on_acceptance_not_on_receipt():
    assert triggers_for("received", track="mediation", attributes={}) == []
    started = [k for t in triggers_for("accepted", track="mediation", attributes={})
               for k in t.start]
    assert started == ["mediation.conclude"]


def test_the_rereview_window_opens_on_the_review_opinion():
    started = [k for t in triggers_for("review_replied", track="petition", attributes={})
               for k in t.start]
    assert started == ["window.rereview_request"]
    assert RULES["window.rereview_request"].starts_on == "review_replied"
