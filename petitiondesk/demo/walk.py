"""Walk a simulated case through its life, the way the bureau's staff would.

Each track has its story: a petition is accepted, answered and closed (some ask
for a review, some come back), a lawsuit is answered, heard, judged and perhaps
appealed. Steps fall on working days at office hours, most in time, some late, and
about one case in twelve stalls and is still open today. What a step does to the
case is always what the service would do (sim.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from petitiondesk.demo import vocab
from petitiondesk.demo.lawsuits import Lawsuits
from petitiondesk.demo.moves import Moves
from petitiondesk.demo.sim import Engine, SimCase

STALL_RATE = 0.08
REVIEW_OUTCOMES = {"not_supported": 70, "partly_supported": 20, "supported": 10}
MEDIATION_OUTCOMES = {"agreement": 60, "no_agreement": 40}
ARBITRATION_OUTCOMES = {"award": 85, "agreement": 15}
REPLY_OUTCOMES = {"supported": 18, "partly_supported": 20, "not_supported": 27, "explained": 35}
ROUTE_BY_CATEGORY = {"compensation": "expropriation", "resettlement": "expropriation",
                     "land_reserve": "reserve", "land_management": "landmgmt",
                     "funding": "finance"}
# where a case is passed on to when a department thinks it is not its own
PASSING = {"expropriation": "reserve", "reserve": "landmgmt", "landmgmt": "reserve"}


@dataclass
class Cast:
    """Who acts in the demo bureau, by user id, and the departments by code."""

    clerk: int
    counsel: int
    supervisor: int
    handlers: dict[str, list[int]]
    heads: dict[str, int]
    departments: dict[str, int]
    intake: str  # the code of the department serving each function
    legal: str
    counsel_name: str = "刘律师"
    head_name: str = "郑局长"


@dataclass(order=True)
class FollowUp:
    """A later case of the same matter, due to be registered on `received_on`."""

    received_on: date
    rank: int  # linked cases (registered at 08:3x by next_instance) come first that day
    order: int
    track: str = field(compare=False)
    matter: dict = field(compare=False)  # id, title, category, area
    party_ids: list[int] = field(compare=False)
    attributes: dict = field(compare=False, default_factory=dict)
    case_id: int | None = field(compare=False, default=None)  # reserved when linked back
    previous: dict = field(compare=False, default_factory=dict)


class Walker(Moves, Lawsuits):
    """Run the stories of the cases on one engine, cast and random stream."""

    def __init__(self, *, engine: Engine, cast: Cast, rng: random.Random, today: date,
                 zone: ZoneInfo, reserve_case_id, can_follow):
        self.engine, self.cast, self.rng, self.today, self.zone = engine, cast, rng, today, zone
        self.reserve_case_id, self.can_follow = reserve_case_id, can_follow
        self.follow_ups: list[FollowUp] = []
        self.hearings: list[dict] = []
        self.transfers: list[dict] = []
        self.extensions: list[dict] = []
        self.matter_updates: list[dict] = []
        self._order = 0

    # --- time -----------------------------------------------------------------------
    def at(self, day: date, sim: SimCase | None = None) -> datetime:
        """Return an office-hours instant on `day` as UTC, after the case's last event."""
        minute = self.rng.randrange(8 * 60 + 30, 17 * 60 + 30)
        local = datetime.combine(day, time(minute // 60, minute % 60, self.rng.randrange(60),
                                           self.rng.randrange(1_000_000)), tzinfo=self.zone)
        instant = local.astimezone(UTC)
        if sim is not None and sim.events and instant <= sim.events[-1]["created_at"]:
            # the same day as the step before: office hours end by 17:30, so this stays
            # on the same local date
            instant = sim.events[-1]["created_at"] + timedelta(minutes=self.rng.randint(5, 90))
        return instant

    def later(self, day: date, lo: int, hi: int) -> date:
        """Return the first working day at least lo..hi (random) days after `day`."""
        return self.engine.calendar.next_working_day(day + timedelta(self.rng.randint(lo, hi)))

    def go(self, sim: SimCase, day: date) -> bool:
        """Return whether the next step happens: before today and the case has not stalled."""
        sim.steps = getattr(sim, "steps", 0) + 1
        return day < self.today and sim.steps != sim.stall_at

    def handler(self, sim: SimCase) -> int:
        """Return a user of the case's department who works it."""
        code = sim.department_code
        staff = self.cast.handlers.get(code) or [self.cast.supervisor]
        return sim.values["assignee_id"] or self.rng.choice(staff)

    # --- lifecycle actions, as cases/actions.py performs them -------------------------
    def accept(self, sim: SimCase, day: date) -> None:
        """Accept the case; the accepting handler takes it on (actions.accept)."""
        actor, now = self.handler(sim), self.at(day, sim)
        if sim.assignee_id is None and actor in self.cast.handlers.get(sim.department_code, ()):
            sim.set(assignee_id=actor)
        sim.transition("accept", actor_id=actor, now=now, today=day)

    def reply(self, sim: SimCase, day: date, outcome: str, text: str) -> None:
        """Give the written reply or review opinion (actions.reply)."""
        stage = (sim.attributes or {}).get("review_stage")
        clock_event = {"review": "review_replied", "rereview": "rereview_replied"}.get(
            stage, "replied")
        sim.set(outcome=outcome)
        sim.transition("reply", actor_id=self.handler(sim), now=self.at(day, sim), today=day,
                       clock_event=clock_event,
                       data={"text": text, "outcome": outcome, "stage": stage or "reply"})

    def close(self, sim: SimCase, day: date, outcome: str) -> None:
        """Close the case with an outcome (actions.close)."""
        sim.set(outcome=outcome)
        sim.transition("close", actor_id=self.handler(sim), now=self.at(day, sim), today=day,
                       data={"outcome": outcome})

    def end(self, sim: SimCase, day: date, action: str, outcome: str, reason: str) -> None:
        """Reject or withdraw the case with a reason (actions.reject, actions.withdraw)."""
        sim.set(outcome=outcome)
        sim.transition(action, actor_id=self.handler(sim), now=self.at(day, sim), today=day,
                       data={"reason": reason})

    def event(self, sim: SimCase, type: str, day: date, data: dict | None = None,
              when: datetime | None = None) -> None:
        """Record a proceeding event (cases/proceedings.py) and fire its clocks."""
        now = when or self.at(day, sim)
        data = dict(data or {})
        if type in ("review_requested", "rereview_requested"):
            stage = "review" if type == "review_requested" else "rereview"
            sim.set(status="reviewing", closed_at=None, closed_on=None,
                    attributes={**sim.attributes, "review_stage": stage})
        if type == "hearing_scheduled":
            data["hearing_id"] = self._hearing(sim, data, now)
        if type == "head_appeared":
            hearing = self.hearings[-1]
            hearing["head_appeared"] = True
            hearing["appeared"] = data.get("appeared") or hearing["appeared"]
            data["hearing_id"] = hearing["id"]
        sim.record(type, now=now, actor_id=self.handler(sim), on=day, data=data)
        sim.fire(type, on=day, now=now, data=data)
        sim.set(updated_at=now)

    def _hearing(self, sim: SimCase, data: dict, now: datetime) -> int:
        hearing = {"id": self.engine.take_id("hearings"), "case_id": sim.id,
                   "at": datetime.fromisoformat(data["at"]).astimezone(UTC),
                   "place": data.get("place", ""), "head_appeared": None, "appeared": [],
                   "created_at": now}
        self.hearings.append(hearing)
        return hearing["id"]

    def follow(self, received_on: date, track: str, sim: SimCase, *, link: bool = False,
               attributes: dict | None = None, previous: dict | None = None) -> FollowUp | None:
        """Schedule a later case of the same matter, if it falls before today."""
        if received_on >= self.today or not self.can_follow():
            return None
        self._order += 1
        item = FollowUp(received_on, 0 if link else 1, self._order, track, sim.matter,
                        sim.party_ids,
                        attributes or {}, self.reserve_case_id() if link else None,
                        previous or {})
        self.follow_ups.append(item)
        return item

    # --- the stories -------------------------------------------------------------------
    def walk(self, sim: SimCase) -> None:
        """Walk the case along its track's story."""
        sim.stall_at = self.rng.randint(1, 4) if self.rng.random() < STALL_RATE else 0
        if sim.attributes.get("kind") == "legal_guidance":
            return self._guidance(sim)
        getattr(self, f"_{sim.track}")(sim)

    def _petition(self, sim: SimCase) -> None:
        rng = self.rng
        day = self.later(sim.received_on, 16, 30) if rng.random() < 0.05 else \
            self.later(sim.received_on, 0, 9)
        if not self.go(sim, day):
            return
        if rng.random() < 0.03:
            return self.end(sim, day, "reject", "not_accepted", "不属于本机关职责范围")
        day = self._route(sim, day)
        if day is None:
            return
        self.accept(sim, day)
        day = self._handle(sim, day)
        if day is None:
            return
        if rng.random() < 0.03:
            return self.end(sim, day, "withdraw", "withdrawn", "信访人撤回")
        outcome = vocab.pick(rng, REPLY_OUTCOMES)
        self.reply(sim, day, outcome, vocab.REPLY_TEXTS[outcome])
        day = self.later(day, 1, 12)
        if not self.go(sim, day):
            return
        self.close(sim, day, outcome)
        for stage in ("review", "rereview"):
            if sim.outcome not in ("not_supported", "partly_supported") or rng.random() > 0.3:
                break
            day = self._review(sim, stage, day)
            if day is None:
                return
        self._after_petition(sim, day)

    def _route(self, sim: SimCase, day: date) -> date | None:
        """Forward from the petition office; now and then a case is passed around."""
        rng = self.rng
        if sim.department_code == self.cast.intake and rng.random() < 0.7:
            to = ROUTE_BY_CATEGORY.get(sim.category, "expropriation")
            return self._forward(sim, day, to, actor=self.cast.clerk)
        if sim.department_code in PASSING and rng.random() < 0.06:
            first = sim.department_code
            day = self._forward(sim, day, PASSING[first])
            if day is None or sim.department_code == first or rng.random() > 0.25:
                return day
            day = self._forward(sim, day, first)  # sent back: a bounce, supervised
            if day is None:
                return None
            day = self.later(day, 1, 5)
            if not self.go(sim, day):
                return None
            self.designate(sim, day, first)
        return day

    def _forward(self, sim: SimCase, day: date, to: str, *, actor: int | None = None):
        """Transfer the case; the receiver accepts (mostly) or refuses within days."""
        if not self.go(sim, day):
            return None
        transfer = self.transfer(sim, day, to, actor=actor)
        if sim.bounced:  # the supervisor designates; the transfer waits until then
            return day
        day = self.later(day, 7, 12) if self.rng.random() < 0.04 else self.later(day, 1, 5)
        if not self.go(sim, day):
            return None
        self.answer_transfer(sim, transfer, day, accept=self.rng.random() < 0.9)
        return day

    def _handle(self, sim: SimCase, day: date) -> date | None:
        """Work the petition until the reply is due: sometimes extended or suspended."""
        rng, accepted = self.rng, day
        roll = rng.random()
        if roll < 0.06 and sim.department_code in self.cast.heads:
            day = self.later(day, 40, 55)
            if not self.go(sim, day):
                return None
            approve = rng.random() < 0.85
            if not self.extend(sim, "petition.handle", day, 30, approve=approve):
                return None
            day = self.later(accepted, 62, 88) if approve else self.later(accepted, 58, 75)
        elif roll < 0.08:
            day = self.later(day, 10, 30)
            if not self.go(sim, day):
                return None
            self.suspend(sim, day)
            day = self.later(day, 10, 40)
            if not self.go(sim, day):
                return None
            self.resume(sim, day)
            day = self.later(day, 10, 40)
        else:
            day = self.later(day, 61, 85) if rng.random() < 0.06 else self.later(day, 7, 55)
        return day if self.go(sim, day) else None

    def _review(self, sim: SimCase, stage: str, day: date) -> date | None:
        """The petitioner asks for a review (or re-review); the bureau answers and closes."""
        rng = self.rng
        day = self.later(day, 2, 18)
        if not self.go(sim, day):
            return None
        self.event(sim, f"{stage}_requested", day)
        day = self.later(day, 31, 40) if rng.random() < 0.05 else self.later(day, 8, 27)
        if not self.go(sim, day):
            return None
        outcome = vocab.pick(rng, REVIEW_OUTCOMES)
        self.reply(sim, day, outcome, vocab.REPLY_TEXTS[outcome])
        day = self.later(day, 1, 8)
        if not self.go(sim, day):
            return None
        self.close(sim, day, outcome)
        return day

    def _after_petition(self, sim: SimCase, day: date) -> None:
        """Some petitioners come back, ask for reconsideration or sue."""
        roll = self.rng.random()
        rereviewed = any(c.key == "petition.rereview" and c.met_on for c in sim.clocks)
        if rereviewed and roll < 0.4 and not sim.matter.get("escalated"):
            sim.matter["escalated"] = True  # a matter moves to the legal track once
            self.escalate_later(sim, day)
        elif sim.outcome == "not_supported" and roll < 0.12:
            self.follow(self.later(day, 10, 50), "reconsideration", sim,
                        attributes={"our_role": "respondent", "procedure": "ordinary"})
        elif roll < 0.08:
            self.follow(self.later(day, 20, 200), "petition", sim,
                        previous={"rereview_case_id": sim.id} if rereviewed else {})

    def _mediation(self, sim: SimCase) -> None:
        day = self.later(sim.received_on, 0, 3)
        if not self.go(sim, day):
            return
        self.accept(sim, day)
        day = self.later(day, 32, 50) if self.rng.random() < 0.06 else self.later(day, 5, 27)
        if self.go(sim, day):
            self.close(sim, day, vocab.pick(self.rng, MEDIATION_OUTCOMES))

    def _arbitration(self, sim: SimCase) -> None:
        day = self.later(sim.received_on, 1, 5)
        if not self.go(sim, day):
            return
        self.accept(sim, day)
        day = self.later(day, 46, 60) if self.rng.random() < 0.05 else self.later(day, 20, 43)
        if self.go(sim, day):
            self.close(sim, day, vocab.pick(self.rng, ARBITRATION_OUTCOMES))
