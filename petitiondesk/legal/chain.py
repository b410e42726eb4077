"""The litigation instance chain, outcomes of legal cases, and hearing data; pure."""

from __future__ import annotations

from petitiondesk.cases.enums import INSTANCES, LITIGATION_OUTCOMES, RECONSIDERATION_OUTCOMES

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


GUIDANCE_OUTCOMES = ("guided", "withdrawn", "terminated")


def outcome_problem(*, track: str, kind: str | None, outcome: str | None) -> str | None:
    """Return why `outcome` cannot end a legal case, or None (other tracks are not checked)."""
    if track == "litigation":
        allowed = GUIDANCE_OUTCOMES if kind == GUIDANCE_KIND else LITIGATION_OUTCOMES
    elif track == "reconsideration":
        allowed = RECONSIDERATION_OUTCOMES
    else:
        return None
    if outcome not in allowed:
        return f"a {track} case ends with one of {', '.join(allowed)}"
    return None
