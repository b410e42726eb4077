"""The buck-passing rules: bounces, the cap, refusals, designated cases."""

from petitiondesk.transfers.rules import (
    CaseHistory,
    is_bounce,
    judge_transfer,
    may_answer,
    may_move_designated,
    may_send,
    over_cap,
)

HANDLER = {"handler"}
SUPERVISOR = {"supervisor"}


def history(**kw) -> CaseHistory:
    base = {"current": "b", "held": ("a", "b"), "transfers_count": 1}
    base.update(kw)
    return CaseHistory(**base)


def test_sending_a_case_back_to_a_department_that_held_it_is_a_bounce():
    assert is_bounce(history(), "a")
    assert not is_bounce(history(), "c")


def test_a_bounce_goes_ahead_but_puts_the_case_under_supervision_with_the_reason():
    verdict = judge_transfer(history(), to="a", roles=HANDLER, max_transfers=2)
    assert verdict.allowed and verdict.bounce
    assert "bounced" in verdict.supervision and "a" in verdict.supervision


def test_a_transfer_to_a_new_department_within_the_cap_needs_no_supervisor():
    verdict = judge_transfer(history(), to="c", roles=HANDLER, max_transfers=2)
    assert verdict.allowed and verdict.supervision is None and not verdict.bounce


def test_the_transfer_past_the_cap_puts_the_case_under_supervision():
    assert not over_cap(history(transfers_count=1), max_transfers=2)
    assert over_cap(history(transfers_count=2), max_transfers=2)
    verdict = judge_transfer(history(transfers_count=2, held=("a", "b", "c")), to="d",
                             roles=HANDLER, max_transfers=2)
    assert verdict.allowed and "3 times" in verdict.supervision


def test_the_cap_is_configurable():
    verdict = judge_transfer(history(transfers_count=2), to="c", roles=HANDLER, max_transfers=5)
    assert verdict.supervision is None


def test_only_a_supervisor_moves_a_designated_case():
    designated = history(designated=True)
    refused = judge_transfer(designated, to="c", roles=HANDLER, max_transfers=2)
    assert not refused.allowed and refused.refusal_kind == "forbidden"
    assert judge_transfer(designated, to="c", roles=SUPERVISOR, max_transfers=2).allowed
    assert may_move_designated({"supervisor"}) and may_move_designated({"admin"})
    assert not may_move_designated({"head", "handler"})


def test_a_department_that_refused_the_case_gets_it_again_only_from_a_supervisor():
    refused_by_c = history(refused_by=frozenset({"c"}))
    verdict = judge_transfer(refused_by_c, to="c", roles=HANDLER, max_transfers=2)
    assert not verdict.allowed and verdict.refusal_kind == "conflict"
    assert judge_transfer(refused_by_c, to="c", roles=SUPERVISOR, max_transfers=2).allowed


def test_a_supervisors_move_is_never_itself_put_under_supervision():
    verdict = judge_transfer(history(transfers_count=5), to="a", roles=SUPERVISOR,
                             max_transfers=2)
    assert verdict.allowed and verdict.supervision is None and verdict.bounce


def test_a_case_cannot_go_to_its_own_department_nor_twice_at_once():
    same = judge_transfer(history(), to="b", roles=HANDLER, max_transfers=2)
    assert not same.allowed and same.refusal_kind == "invalid"
    twice = judge_transfer(history(pending=True), to="c", roles=HANDLER, max_transfers=2)
    assert not twice.allowed and twice.refusal_kind == "conflict"


def test_only_the_holding_department_sends_and_only_the_receiving_one_answers():
    assert may_send({"handler"}, user_department="b", history=history())
    assert may_send({"clerk"}, user_department="b", history=history())
    assert not may_send({"handler"}, user_department="c", history=history())
    assert not may_send({"auditor"}, user_department="b", history=history())
    assert may_send({"supervisor"}, user_department="x", history=history())
    assert may_answer({"head"}, user_department="c", to="c")
    assert not may_answer({"handler"}, user_department="b", to="c")
    assert not may_answer({"clerk"}, user_department="c", to="c")
    assert may_answer({"admin"}, user_department="x", to="c")
