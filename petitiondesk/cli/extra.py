"""Commands other areas contribute (sweep, scheduler, report, audit)."""

from __future__ import annotations

import importlib

# module path → attribute holding a click command or group
EXTRA_COMMANDS: list[tuple[str, str]] = [
    ("petitiondesk.audit.cli", "audit_group"),
    ("petitiondesk.alerts.cli", "sweep_command"),
    ("petitiondesk.scheduler.cli", "scheduler_command"),
    ("petitiondesk.stats.cli", "report_group"),
    ("petitiondesk.search.cli", "search_group"),
    ("petitiondesk.imports.cli", "import_group"),
    ("petitiondesk.suggest.cli", "model_group"),
]


def register_extra_commands(group) -> None:
    """Add every contributed command to the group."""
    for module, attr in EXTRA_COMMANDS:
        group.add_command(getattr(importlib.import_module(module), attr))
