"""Which lifecycle events start and meet which clocks, per track; pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Condition = Callable[[str, dict], bool]


def _always(track: str, attrs: dict) -> bool:
    return True


def _role(role: str) -> Condition:
    return lambda track, attrs: attrs.get("our_role") == role


@dataclass(frozen=True)
class Trigger:
    """On `event` for a case on one of `tracks` meeting `when`: meet, then start clocks."""

    event: str
    tracks: frozenset[str]
    start: tuple[str, ...] = ()
    meet: tuple[str, ...] = ()
    when: Condition = field(default=_always)


P = frozenset({"petition"})
R = frozenset({"reconsideration"})
L = frozenset({"litigation"})

TRIGGERS: tuple[Trigger, ...] = (
    Trigger("received", P, start=("petition.notify",)),
    Trigger("received", R, start=("reconsideration.accept",), when=_role("organ")),
    Trigger("copy_received", R, start=("reconsideration.reply",), when=_role("respondent")),
    Trigger("accepted", P, meet=("petition.notify",), start=("petition.handle",)),
    Trigger("accepted", R, meet=("reconsideration.accept",),
            start=("reconsideration.decide",), when=_role("organ")),
    # mediation runs "generally one month" from acceptance (受理), as the rule says
    Trigger("accepted", frozenset({"mediation"}), start=("mediation.conclude",)),
    Trigger("accepted", frozenset({"arbitration"}), start=("arbitration.award",)),
    Trigger("replied", P, meet=("petition.handle",), start=("window.review_request",)),
    Trigger("review_replied", P, meet=("petition.review",), start=("window.rereview_request",)),
    Trigger("rereview_replied", P, meet=("petition.rereview",)),
    Trigger("replied", R, meet=("reconsideration.reply",), when=_role("respondent")),
    Trigger("review_requested", P, meet=("window.review_request",), start=("petition.review",)),
    Trigger("rereview_requested", P, meet=("window.rereview_request",),
            start=("petition.rereview",)),
    Trigger("complaint_served", L, start=("litigation.answer",)),
    Trigger("answer_submitted", L, meet=("litigation.answer",)),
    Trigger("judgment_served", L, start=("litigation.appeal",)),
    Trigger("appeal_filed", L, meet=("litigation.appeal",)),
    Trigger("escalated", frozenset({"petition", "litigation"}), start=("legal.guidance",)),
)

# events that end a case: every open obligation clock is met on that day
ENDING_EVENTS = frozenset({"closed", "rejected", "diverted", "withdrawn"})


def triggers_for(event: str, *, track: str, attributes: dict) -> list[Trigger]:
    """Return the triggers that fire for this event on this case."""
    return [
        t for t in TRIGGERS
        if t.event == event and track in t.tracks and t.when(track, attributes)
    ]
