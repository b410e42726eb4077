"""The one place that reads the wall clock, and local-date helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_fixed_now: datetime | None = None


def now_utc() -> datetime:
    """Return the current instant as an aware UTC datetime (or the one fixed for tests)."""
    return _fixed_now if _fixed_now is not None else datetime.now(UTC)


def fix_now(instant: datetime | None) -> None:
    """Make now_utc() return `instant` (None: the wall clock again); for tests and demos."""
    global _fixed_now
    if instant is not None and instant.tzinfo is None:
        raise ValueError("fix_now needs an aware instant")
    _fixed_now = instant.astimezone(UTC) if instant else None


def zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for a deployment time zone name."""
    return ZoneInfo(name)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """Return the local calendar date of an aware instant."""
    return instant.astimezone(tz).date()


def end_of_day_utc(day: date, tz: ZoneInfo) -> datetime:
    """Return 24:00 local time of `day` as an aware UTC instant."""
    midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return midnight.astimezone(UTC)


def start_of_day_utc(day: date, tz: ZoneInfo) -> datetime:
    """Return 00:00 local time of `day` as an aware UTC instant."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def at_local_time(day: date, clock_time: time, tz: ZoneInfo) -> datetime:
    """Return `clock_time` local on `day` as an aware UTC instant."""
    return datetime.combine(day, clock_time, tzinfo=tz).astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """Parse an ISO-8601 instant; a naive one is rejected."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("instant needs a UTC offset, e.g. 2026-11-28T09:00:00+08:00")
    return value.astimezone(UTC)
