"""Deadline rules as data: the shipped defaults and the checks on a rule file."""

from __future__ import annotations

import copy
import tomllib

import pytest

from petitiondesk.deadlines.rules import (
    REQUIRED_KEYS,
    DeadlineRule,
    RuleConfigError,
    Variant,
    load_rules,
    parse_rules,
)
from tests.unit.deadline_helpers import RULES_FILE, shipped_rules

RULES = shipped_rules()


def shipped_data() -> dict:
    """Return a fresh copy of the decoded default rule file, to break in a test."""
    return copy.deepcopy(tomllib.loads(RULES_FILE.read_text(encoding="utf-8")))


# --- the shipped defaults ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "kind", "length", "unit", "max_extension", "approver"),
    [
        ("petition.notify", "obligation", 15, "d", 0, None),
        ("transfer.object", "obligation", 5, "wd", 0, None),
        ("petition.handle", "obligation", 60, "d", 30, "head"),
        ("petition.review", "obligation", 30, "d", 0, None),
        ("petition.rereview", "obligation", 30, "d", 0, None),
        ("reconsideration.accept", "obligation", 5, "wd", 0, None),
        ("reconsideration.reply", "obligation", 10, "wd", 0, None),
        ("reconsideration.decide", "obligation", 60, "d", 30, "head"),
        ("litigation.answer", "obligation", 15, "d", 0, None),
        ("litigation.appeal", "obligation", 15, "d", 0, None),
        ("mediation.conclude", "obligation", 1, "m", 0, None),
        ("arbitration.award", "obligation", 45, "d", 15, "head"),
        ("legal.guidance", "obligation", 30, "d", 0, None),
        ("window.review_request", "window", 30, "d", 0, None),
        ("window.rereview_request", "window", 30, "d", 0, None),
        ("window.reconsideration", "window", 60, "d", 0, None),
        ("window.lawsuit", "window", 6, "m", 0, None),
    ],
)
def test_the_default_rules_follow_the_statutes(key, kind, length, unit, max_extension, approver):
    rule = RULES[key]
    assert (rule.kind, rule.length, rule.unit) == (kind, length, unit)
    assert (rule.max_extension, rule.approver_role) == (max_extension, approver)
    assert rule.extension_unit == unit
    assert rule.basis and rule.label_zh and rule.label_en and rule.starts_on


def test_the_default_file_has_every_clock_key_of_the_api():
    assert set(RULES) == REQUIRED_KEYS
    assert len(REQUIRED_KEYS) == 17


def test_a_clock_becomes_due_soon_three_days_ahead_by_default():
    assert RULES.due_soon_days == 3


@pytest.mark.parametrize(
    ("key", "variant", "period"),
    [
        ("reconsideration.decide", "simplified", (30, "d")),
        ("litigation.appeal", "ruling", (10, "d")),
        ("window.lawsuit", "after_reconsideration", (15, "d")),
    ],
)
def test_variants_have_their_own_period_and_no_extension(key, variant, period):
    rule = RULES[key]
    assert rule.period(variant) == period
    length, unit = rule.variants[variant]  # a variant unpacks as (length, unit)
    assert (length, unit) == period
    assert rule.max_extension_for(variant) == 0


def test_the_base_period_and_extension_are_returned_without_a_variant():
    rule = RULES["reconsideration.decide"]
    assert rule.period() == Variant(60, "d")
    assert rule.max_extension_for() == 30


def test_asking_for_an_unknown_variant_names_the_rule():
    with pytest.raises(ValueError, match="'litigation.appeal' has no variant 'verdict'"):
        RULES["litigation.appeal"].period("verdict")


def test_a_rule_set_is_read_only():
    with pytest.raises(TypeError):
        RULES.rules["petition.other"] = RULES["petition.notify"]  # type: ignore[index]
    with pytest.raises(TypeError):
        RULES["reconsideration.decide"].variants["x"] = Variant(1, "d")  # type: ignore[index]


def test_a_rule_built_in_code_defaults_its_extension_unit_to_its_unit():
    rule = DeadlineRule(
        key="x.y", kind="obligation", starts_on="received", length=5, unit="wd",
        basis="b", label_zh="z", label_en="e",
    )
    assert rule.extension_unit == "wd" and dict(rule.variants) == {}


# --- checks on a rule file -----------------------------------------------------------


def broken(mutate) -> str:
    """Return the error message after `mutate` damages the default data."""
    data = shipped_data()
    mutate(data)
    with pytest.raises(RuleConfigError) as exc:
        parse_rules(data, source="config/deadlines.toml")
    return str(exc.value)


def test_a_bad_unit_is_reported_with_file_rule_and_field():
    message = broken(lambda data: data["rules"]["petition.handle"].update(unit="x"))
    assert message == (
        "config/deadlines.toml: rule 'petition.handle': unit must be one of d, wd, m, got 'x'"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("length", 0, "length must be a positive whole number, got 0"),
        ("length", "15", "length must be a positive whole number, got '15'"),
        ("length", True, "length must be a positive whole number, got True"),
        ("kind", "duty", "kind must be one of obligation, window, got 'duty'"),
        ("approver_role", "mayor", "approver_role must be one of clerk, handler, head"),
        ("max_extension", -1, "max_extension must be a whole number >= 0, got -1"),
        ("extension_unit", "y", "extension_unit must be one of d, wd, m, got 'y'"),
        ("basis", "", "basis must be non-empty text"),
        ("lenght", 15, "unknown field 'lenght'"),
    ],
)
def test_a_bad_field_is_named_in_the_error(field, value, expected):
    message = broken(lambda data: data["rules"]["petition.handle"].update({field: value}))
    assert message.startswith("config/deadlines.toml: rule 'petition.handle': ")
    assert expected in message


@pytest.mark.parametrize("field", ["kind", "starts_on", "length", "unit", "basis", "label_zh"])
def test_a_missing_required_field_is_named(field):
    message = broken(lambda data: data["rules"]["petition.notify"].pop(field))
    assert message == f"config/deadlines.toml: rule 'petition.notify': {field} is required"


def test_an_extension_without_an_approver_is_refused():
    message = broken(lambda data: data["rules"]["petition.handle"].pop("approver_role"))
    assert "approver_role is required when max_extension > 0" in message


def test_a_missing_clock_key_is_refused():
    message = broken(lambda data: data["rules"].pop("window.lawsuit"))
    assert message == "config/deadlines.toml: missing rules: window.lawsuit"


def test_a_bad_variant_is_named_with_its_rule():
    def mutate(data):
        data["rules"]["litigation.appeal"]["variants"]["ruling"]["unit"] = "weeks"

    message = broken(mutate)
    assert message.startswith("config/deadlines.toml: rule 'litigation.appeal': variant 'ruling'")
    assert "unit must be one of d, wd, m, got 'weeks'" in message


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda data: data["settings"].update(due_soon_days=-1), "due_soon_days must be"),
        (lambda data: data["settings"].update(soon=2), "unknown setting 'soon'"),
        (lambda data: data.update(extra={}), "unknown top-level table 'extra'"),
        (lambda data: data.pop("rules"), "[rules]: missing"),
        (lambda data: data["rules"].update({"Bad Key": {}}), "key must look like"),
    ],
)
def test_bad_settings_and_tables_are_refused(mutate, expected):
    assert expected in broken(mutate)


def test_extra_local_rules_are_allowed():
    data = shipped_data()
    data["rules"]["mediation.administrative"] = {
        "kind": "obligation", "starts_on": "accepted", "length": 20, "unit": "wd",
        "max_extension": 10, "approver_role": "head", "basis": "local",
        "label_zh": "行政调解", "label_en": "Administrative mediation",
    }
    assert parse_rules(data)["mediation.administrative"].max_extension == 10


def test_a_file_that_is_not_toml_is_reported_with_its_path(tmp_path):
    path = tmp_path / "deadlines.toml"
    path.write_text("[rules\n")
    with pytest.raises(RuleConfigError, match=r"deadlines\.toml: cannot read rules"):
        load_rules(path)


def test_a_missing_file_is_reported_with_its_path(tmp_path):
    with pytest.raises(RuleConfigError, match=r"nope\.toml: cannot read rules"):
        load_rules(tmp_path / "nope.toml")
