"""Keep a clock's next alert time in step with its due date and ladder level."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from petitiondesk.alerts.ladder import Ladder, load_ladder, next_alert_at
from petitiondesk.core.local import tz
from petitiondesk.deadlines.models import Clock


def init_ladder(app: Flask) -> None:
    """Load and check the escalation ladder once, at start-up."""
    app.extensions["petitiondesk.ladder"] = load_ladder(
        Path(app.config["CONFIG_DIR"]) / "ladder.toml")


def ladder() -> Ladder:
    """Return the escalation ladder loaded at start-up."""
    return current_app.extensions["petitiondesk.ladder"]


def reschedule(clock: Clock) -> None:
    """Set when the sweep must next look at the clock (None once nothing is left)."""
    if not clock.is_open:
        clock.next_alert_at = None
        return
    clock.next_alert_at = next_alert_at(clock.due_on, clock.alert_level or 0, ladder(), tz(),
                                        kind=clock.kind)
