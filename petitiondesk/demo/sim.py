"""An in-memory case that writes events and runs clocks exactly as the services do.

The bulk demo cannot afford the ORM for a million cases, so it replays the services'
effects on plain objects: `record` is cases/timeline.py's hash chain, `fire` is
deadlines/service.py's apply_event (the same trigger table, rules, calendar and
arithmetic), `transition` is cases/actions.py's transition. The integration test
checks the rows against the real chain verifier and due-date engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from petitiondesk.cases.chain import GENESIS, event_hash
from petitiondesk.cases.lifecycle import next_status
from petitiondesk.cases.timeline import _jsonable
from petitiondesk.deadlines.calendar import HolidayCalendar
from petitiondesk.deadlines.compute import rule_due
from petitiondesk.deadlines.rules import RuleSet
from petitiondesk.deadlines.service import _should_start, _variant
from petitiondesk.deadlines.triggers import ENDING_EVENTS, triggers_for

CLOSED = ("closed", "rejected", "diverted", "withdrawn")


@dataclass
class Engine:
    """What every simulated case shares: rules, calendar and the next clock id."""

    rules: RuleSet
    calendar: HolidayCalendar
    take_id: Callable[[str], int]  # the next free id of a table
    reschedule: Callable | None = None  # alerts.schedule.reschedule, when the ladder exists
    dues: dict = field(default_factory=dict)  # (key, start, variant) -> Due: rule_due is pure


    def due(self, key: str, start: date, variant: str | None):
        """Return rule_due of clock `key` started on `start` (no extension or suspension)."""
        found = self.dues.get((key, start, variant))
        if found is None:
            found = self.dues[key, start, variant] = rule_due(
                self.rules[key], start=start, calendar=self.calendar, variant=variant)
        return found


class SimClock:
    """A clock row; the attribute names are the Clock model's."""

    __slots__ = ("id", "case_id", "key", "kind", "variant", "started_on", "due_on",
                 "provisional", "extended_days", "suspensions", "suspended_since", "met_on",
                 "cancelled", "transfer_id", "next_alert_at", "alert_level", "created_at")

    def __init__(self, **values):
        self.extended_days, self.suspensions, self.suspended_since = 0, [], None
        self.met_on, self.cancelled, self.transfer_id = None, False, None
        self.next_alert_at, self.alert_level = None, 0
        for key, value in values.items():
            setattr(self, key, value)

    @property
    def is_open(self) -> bool:
        """Return whether the clock still runs."""
        return self.met_on is None and not self.cancelled

    def row(self) -> dict:
        """Return the clock as a row for the clocks table."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass
class SimCase:
    """A case row under construction, with its events and clocks."""

    engine: Engine
    values: dict
    events: list[dict] = field(default_factory=list)
    clocks: list[SimClock] = field(default_factory=list)

    def __getattr__(self, name):
        # the trigger helpers read case.attributes, case.track and friends
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def set(self, **values) -> None:
        """Change fields of the case row."""
        self.values.update(values)

    def record(self, type: str, *, now: datetime, actor_id: int | None, on: date | None = None,
               data: dict | None = None) -> None:
        """Append an event chained to the one before it (cases/timeline.py)."""
        v = self.values
        created_at = now.astimezone(UTC)
        seq = v["event_count"] + 1
        prev = v["events_head"] or GENESIS
        payload = _jsonable(data or {})
        digest = event_hash(prev_hash=prev, case_id=v["id"], seq=seq, type=type,
                            occurred_on=on, created_at=created_at, actor_id=actor_id,
                            data=payload)
        self.events.append({"case_id": v["id"], "seq": seq, "type": type, "occurred_on": on,
                            "created_at": created_at, "actor_id": actor_id, "data": payload,
                            "prev_hash": prev, "hash": digest})
        v["event_count"], v["events_head"] = seq, digest

    def fire(self, event: str, *, on: date, now: datetime, data: dict | None = None) -> None:
        """Meet and start the clocks an event triggers (deadlines.service.apply_event)."""
        data = data or {}
        if event in ENDING_EVENTS:
            for clock in self.clocks:
                if clock.is_open and clock.kind == "obligation":
                    self._meet(clock, on)
            return
        for trig in triggers_for(event, track=self.track, attributes=self.attributes or {}):
            for key in trig.meet:
                self.meet(key, on=on)
            for key in trig.start:
                if _should_start(key, data):
                    self.start(key, on=on, now=now, variant=_variant(key, self, data))

    def start(self, key: str, *, on: date, now: datetime, variant: str | None = None,
              transfer_id: int | None = None) -> SimClock:
        """Start the clock `key` counting from `on`, its due date from the pure engine."""
        engine = self.engine
        rule = engine.rules[key]
        clock = SimClock(id=engine.take_id("clocks"), case_id=self.values["id"], key=key,
                         kind=rule.kind, variant=variant, started_on=on,
                         transfer_id=transfer_id, created_at=now)
        if self.values.get("suspended"):
            clock.suspended_since = on
        due = engine.due(key, on, variant if variant in rule.variants else None)
        clock.due_on, clock.provisional = due.on, due.provisional
        if engine.reschedule:
            engine.reschedule(clock)
        self.clocks.append(clock)
        return clock

    def meet(self, key: str, *, on: date) -> None:
        """Meet the running clocks `key`."""
        for clock in self.clocks:
            if clock.key == key and clock.is_open:
                self._meet(clock, on)

    def _meet(self, clock: SimClock, on: date) -> None:
        clock.met_on, clock.next_alert_at = on, None

    def open_clock(self, key: str) -> SimClock | None:
        """Return the first running clock `key`, if any."""
        return next((c for c in self.clocks if c.key == key and c.is_open), None)

    def transition(self, action: str, *, actor_id: int, now: datetime, today: date,
                   data: dict | None = None, clock_event: str | None = None) -> None:
        """Move the case by a lifecycle action (cases.actions.transition)."""
        target = next_status(track=self.track, status=self.status, action=action)
        self.set(status=target, updated_at=now)
        if target in CLOSED:  # an ended case is no longer on hold
            self.set(closed_at=now, closed_on=today, suspended=False)
        # named after the status reached, as cases/actions.py names it
        self.record(target, now=now, actor_id=actor_id, on=today, data=data or {})
        event = clock_event or {"accept": "accepted", "reply": "replied", "close": "closed",
                                "reject": "rejected", "divert": "diverted",
                                "withdraw": "withdrawn"}[action]
        self.fire(event, on=today, now=now, data=data or {})

    def finish(self) -> dict:
        """Return the case row with next_due_on and version settled."""
        dues = [c.due_on for c in self.clocks
                if c.is_open and c.kind == "obligation" and c.suspended_since is None]
        self.values["next_due_on"] = min(dues) if dues else None
        self.values["version"] = self.values["event_count"]
        return self.values
