"""The litigation instance chain and hearing data; pure."""

from __future__ import annotations

from petitiondesk.cases.enums import INSTANCES

# a legal-guidance case sits on the litigation track but is counsel's work, not a lawsuit
GUIDANCE_KIND = "legal_guidance"


def next_instance_problem(current: str | None, proposed: str) -> str | None:
    """Return why `proposed` cannot follow `current` in first → second → retrial → enforcement."""
    if proposed not in INSTANCES:
        return f"instance must be one of {', '.join(INSTANCES)}"
    if current is None:
        return None
    if current not in INSTANCES:
        return f"the case's instance {current!r} is unknown"
    if INSTANCES.index(proposed) <= INSTANCES.index(current):
        return f"{proposed} cannot follow {current}"
    return None


def appeared_names(value) -> list[str]:
    """Return the names of who appeared in court, from a list or a comma-separated text."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace("，", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("appeared must be a list of names")
    return [name.strip()[:100] for name in value if name.strip()][:50]
