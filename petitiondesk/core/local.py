"""The deployment's local time zone, for services that turn instants into dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from petitiondesk.core.timeutil import local_date


def tz() -> ZoneInfo:
    """Return the deployment's time zone."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_today(now: datetime) -> date:
    """Return the local date of `now` in the deployment's zone."""
    return local_date(now, tz())
