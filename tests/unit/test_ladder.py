"""The escalation ladder: when each level fires, catching up, and checking the file."""

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from petitiondesk.alerts.ladder import (
    LadderConfigError,
    escalation,
    load_ladder,
    next_alert_at,
    parse_ladder,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LADDER = load_ladder(Path(__file__).parents[2] / "config" / "ladder.toml")
DUE = date(2026, 12, 10)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_the_first_alert_is_the_reminder_three_days_before_the_due_date():
    assert next_alert_at(DUE, 0, LADDER, SHANGHAI) == at(2026, 12, 7).astimezone(UTC)


def test_overdue_fires_when_the_due_day_ends_at_midnight_local_time():
    assert next_alert_at(DUE, 1, LADDER, SHANGHAI) == at(2026, 12, 11)


def test_nothing_is_left_after_the_last_level():
    assert next_alert_at(DUE, 4, LADDER, SHANGHAI) is None


def test_a_clock_on_its_due_day_has_only_the_reminder_due():
    found = escalation(DUE, 0, LADDER, SHANGHAI, kind="obligation", now=at(2026, 12, 10, 23, 59))
    assert [level.name for level in found.reached] == ["reminder"]
    assert found.new_level == 1


def test_after_a_long_gap_the_levels_come_together_at_the_highest():
    found = escalation(DUE, 0, LADDER, SHANGHAI, kind="obligation", now=at(2026, 12, 20))
    assert [level.name for level in found.reached] == ["reminder", "overdue", "supervision"]
    assert found.top.name == "supervision" and found.supervise
    assert found.audiences == ("assignee", "head", "supervisors", "supervision_office")


def test_levels_already_fired_are_not_reached_again():
    found = escalation(DUE, 2, LADDER, SHANGHAI, kind="obligation", now=at(2026, 12, 20))
    assert [level.name for level in found.reached] == ["supervision"]
    assert found.audiences == ("supervisors", "head", "supervision_office")
    assert escalation(DUE, 3, LADDER, SHANGHAI, kind="obligation", now=at(2026, 12, 20)) is None


def test_a_window_is_announced_before_it_lapses_and_never_after():
    assert next_alert_at(DUE, 0, LADDER, SHANGHAI, kind="window") == at(2026, 12, 3)
    late = escalation(DUE, 0, LADDER, SHANGHAI, kind="window", now=at(2027, 3, 1))
    assert [level.name for level in late.reached] == ["window_reminder", "window_last_day"]
    assert next_alert_at(DUE, late.new_level, LADDER, SHANGHAI, kind="window") is None
    assert not late.supervise


@pytest.mark.parametrize(("raw", "message"), [
    ({"obligation": [{"name": "a", "days": 1, "notify": ["boss"]}]}, "unknown audience 'boss'"),
    ({"obligation": [{"name": "a", "days": 2, "notify": ["head"]},
                     {"name": "b", "days": 1, "notify": ["head"]}]}, "must come after 'a'"),
    ({"obligation": [{"name": "a", "days": 1, "notify": ["head"]}],
      "window": [{"name": "w", "days": 2, "notify": ["counsel"]}]}, "after the window lapsed"),
    ({"obligation": [{"name": "a", "days": "1", "notify": ["head"]}]}, "whole number"),
    ({"obligation": [{"name": "a", "days": 1, "notify": ["head"], "when": 3}]}, "'when'"),
    ({"obligation": []}, "at least one level"),
    ({"deadline": []}, "unknown clock kind"),
])
def test_a_bad_ladder_is_refused_with_a_clear_message(raw, message):
    with pytest.raises(LadderConfigError, match=message):
        parse_ladder(raw)


def test_a_missing_ladder_file_names_the_file(tmp_path):
    with pytest.raises(LadderConfigError, match="ladder.toml: the escalation ladder file"):
        load_ladder(tmp_path / "ladder.toml")
