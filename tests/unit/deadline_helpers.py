"""Shared helpers for the deadline-engine unit tests: shipped data, short dates."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from petitiondesk.deadlines.calendar import HolidayCalendar, load_calendar_dir
from petitiondesk.deadlines.rules import RuleSet, load_rules

REPO = Path(__file__).resolve().parents[2]
CALENDAR_DIR = REPO / "config" / "calendar"
RULES_FILE = REPO / "config" / "deadlines.toml"
SHIPPED_YEARS = (2024, 2025, 2026)


def d(text: str) -> date:
    """Return the date of an ISO string, to keep table tests short."""
    return date.fromisoformat(text)


@cache
def shipped_calendar() -> HolidayCalendar:
    """Return the calendar built from config/calendar (2024-2026)."""
    return load_calendar_dir(CALENDAR_DIR)


@cache
def shipped_rules() -> RuleSet:
    """Return the default rule set from config/deadlines.toml."""
    return load_rules(RULES_FILE)


def weekends_only() -> HolidayCalendar:
    """Return a calendar that covers no year: Monday to Friday are working days."""
    return HolidayCalendar()
