"""The sliding window of the sign-in rate limit."""

from datetime import UTC, datetime, timedelta

from petitiondesk.security.window import retry_after

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
MINUTE = timedelta(seconds=60)


def test_attempts_below_the_limit_are_allowed():
    assert retry_after([NOW - timedelta(seconds=5)], now=NOW, limit=2, window=MINUTE) is None


def test_at_the_limit_the_wait_lasts_until_the_oldest_attempt_leaves_the_window():
    attempts = [NOW - timedelta(seconds=50), NOW - timedelta(seconds=10)]
    assert retry_after(attempts, now=NOW, limit=2, window=MINUTE) == 10


def test_the_wait_is_never_below_one_second():
    attempts = [NOW - MINUTE + timedelta(milliseconds=1)]
    assert retry_after(attempts, now=NOW, limit=1, window=MINUTE) == 1
