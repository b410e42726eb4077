"""The timeline hash chain: any change to an event changes its hash."""

from datetime import UTC, date, datetime

from petitiondesk.cases.chain import GENESIS, event_hash

BASE = dict(prev_hash=GENESIS, case_id=7, seq=1, type="registered", occurred_on=date(2026, 1, 5),
            created_at=datetime(2026, 1, 5, 1, 2, 3, tzinfo=UTC), actor_id=3,
            data={"channel": "visit", "visitors": 12})


def test_the_same_event_hashes_the_same():
    assert event_hash(**BASE) == event_hash(**BASE)


def test_changing_any_field_changes_the_hash():
    original = event_hash(**BASE)
    for field, value in [("prev_hash", "1" * 64), ("case_id", 8), ("seq", 2), ("type", "closed"),
                         ("occurred_on", date(2026, 1, 6)), ("actor_id", 4),
                         ("data", {"channel": "visit", "visitors": 13})]:
        assert event_hash(**{**BASE, field: value}) != original, field


def test_key_order_in_data_does_not_matter():
    reordered = {"visitors": 12, "channel": "visit"}
    assert event_hash(**{**BASE, "data": reordered}) == event_hash(**BASE)
