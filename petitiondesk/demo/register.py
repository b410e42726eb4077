"""Register synthetic cases the way cases/intake.py does, as rows in memory.

Chooses what the clerk would type (track, channel, category, title, parties) and
then does what intake does with it: finds or creates the parties and the matter,
issues the next number of the track and year, routes the case, proposes a
diversion, writes the `registered` event and starts the intake clocks.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from petitiondesk.cases.enums import NUMBER_PREFIX
from petitiondesk.demo import vocab
from petitiondesk.demo.sim import Engine, SimCase
from petitiondesk.demo.walk import Cast, FollowUp, Walker
from petitiondesk.transfers.routing import choose_route

TRACK_WEIGHTS = {"petition": 72, "mediation": 8, "arbitration": 4, "reconsideration": 7,
                 "litigation": 9}
LEGAL_CATEGORIES = {"administrative_act": 45, "compensation": 35, "land_reserve": 20}
ART_36_3 = "信访工作条例 Art. 36(3)"


class Ids:
    """The next free id of each table the demo assigns ids in, and the numbers issued."""

    def __init__(self, start: dict[str, int], sequences: dict[str, int]):
        self.next = dict(start)
        self.sequences = dict(sequences)
        self.touched: set[str] = set()

    def take(self, table: str) -> int:
        """Return the next id of `table`."""
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def number(self, track: str, year: int) -> str:
        """Issue the next case number of the track and year (cases/numbering.py)."""
        prefix = f"{NUMBER_PREFIX[track]}-{year}"
        value = self.sequences.get(prefix, 0) + 1
        self.sequences[prefix] = value
        self.touched.add(prefix)
        return f"{prefix}-{value:06d}"


class Registrar:
    """Register fresh cases and follow-ups; collect the rows of the current batch."""

    def __init__(self, *, engine: Engine, walker: Walker, cast: Cast, ids: Ids, routes,
                 diversion, rng: random.Random, salt: int):
        self.engine, self.walker, self.cast, self.ids = engine, walker, cast, ids
        self.routes, self.diversion, self.rng, self.salt = routes, diversion, rng, salt
        self.first_party = ids.next["parties"]
        self.parties: list[dict] = []
        self.matters: list[dict] = []

    # --- when -------------------------------------------------------------------------
    def open_day(self, day: date, expected: int) -> None:
        """Spread the day's registrations over office hours, in the order they come."""
        start = datetime.combine(day, time(8, 45), tzinfo=self.walker.zone)
        self._slot, self._gap = start.astimezone(UTC), 9 * 3600 / max(expected, 1)
        self._closing = start.replace(hour=17, minute=30).astimezone(UTC)

    def _next_slot(self) -> datetime:
        step = timedelta(seconds=self._gap * self.rng.uniform(0.2, 1.0))
        self._slot = min(self._slot + step, self._closing) + timedelta(microseconds=1)
        self._slot += timedelta(microseconds=self.rng.randrange(1_000_000))
        return self._slot

    # --- what the clerk types ---------------------------------------------------------
    def fresh(self, received_on: date) -> SimCase:
        """Register a new matter's first case received on `received_on`."""
        rng = self.rng
        track = vocab.pick(rng, TRACK_WEIGHTS)
        legal = track in ("reconsideration", "litigation")
        category = vocab.pick(rng, LEGAL_CATEGORIES if legal else vocab.CATEGORY_WEIGHTS)
        area = rng.choice(vocab.AREAS)
        channel = vocab.pick(rng, vocab.CHANNEL_WEIGHTS[track])
        group = channel == "visit" and rng.random() < 0.12
        visitors = rng.randint(5, 40) if group else (rng.choice([1, 1, 1, 2, 3])
                                                     if channel == "visit" else 0)
        now = self._next_slot()
        party_ids = [self._party(now) for _ in range(rng.randint(2, 5) if group else 1)]
        title = vocab.title(rng, category, area)
        knew = received_on - timedelta(rng.randint(10, 50)) if legal else None
        matter = self._matter(title, category, area, received_on, knew)
        return self.register(received_on=received_on, track=track, channel=channel,
                             matter=matter, party_ids=party_ids, visitors=visitors,
                             attributes=self._attributes(track, received_on), now=now)

    def follow_up(self, item: FollowUp) -> SimCase:
        """Register a later case of a known matter."""
        track, escalation = item.track, item.previous.get("escalate")
        if escalation:  # legal/service.py escalate registers a guidance case
            channel, attrs = "referral", dict(item.attributes)
        else:
            channel = vocab.pick(self.rng, vocab.CHANNEL_WEIGHTS[track])
            attrs = {**self._attributes(track, item.received_on), **item.attributes}
        now = item.previous.get("registered_at") or self._next_slot()
        case = self.register(received_on=item.received_on, track=track, channel=channel,
                             matter=item.matter, party_ids=item.party_ids,
                             visitors=1 if channel == "visit" else 0, attributes=attrs,
                             case_id=item.case_id, previous=item.previous, now=now,
                             description=escalation["reason"] if escalation else None)
        if escalation:
            self.walker.escalated(case, now, reason=escalation["reason"],
                                  knew=escalation["knew"])
        return case

    def _attributes(self, track: str, received_on: date) -> dict:
        rng = self.rng
        if track == "litigation":
            court = rng.choice(vocab.COURTS_FIRST)
            return {"court": court, "instance": "first",
                    "our_role": "defendant" if rng.random() < 0.9 else "third_party",
                    "court_case_number": vocab.court_case_number(rng, received_on.year, court,
                                                                 "first"),
                    "complaint_served_on": received_on}
        if track == "reconsideration":
            if rng.random() < 0.15:
                return {"our_role": "organ",
                        "procedure": "simplified" if rng.random() < 0.25 else "ordinary"}
            return {"our_role": "respondent", "procedure": "ordinary",
                    "copy_received_on": received_on}
        return {}

    def _party(self, now: datetime) -> int:
        """Return a party id: mostly a new person, sometimes one who came before."""
        rng, ids = self.rng, self.ids
        known = ids.next["parties"] - self.first_party
        roll = rng.random()
        if known > 20 and roll < 0.04:  # the same few persistent petitioners
            return self.first_party + rng.randrange(max(5, known // 400))
        if known > 20 and roll < 0.18:
            return self.first_party + rng.randrange(known)
        pid = ids.take("parties")
        self.parties.append({
            "id": pid, "name": vocab.name(rng),
            "id_number": vocab.id_number(pid, self.salt) if rng.random() < 0.95 else None,
            "phone": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
            "address": f"{rng.choice(vocab.AREAS)}{rng.choice(vocab.ROADS)}{rng.randint(1, 300)}号",
            "created_at": now})
        return pid

    def _matter(self, title: str, category: str, area: str, received_on: date,
                knew: date | None) -> dict:
        mid = self.ids.take("matters")
        legacy_flag = self.rng.random() < 0.03
        self.matters.append({
            "id": mid, "title": title, "created_at": None, "first_received_on": received_on,
            "legacy": False, "legacy_flag": legacy_flag,
            "policy_change_flag": self.rng.random() < 0.02, "knew_of_act_on": knew,
            "escalated_at": None})
        return {"id": mid, "title": title, "category": category, "area": area,
                "row": self.matters[-1]}

    # --- what intake does with it -----------------------------------------------------
    def register(self, *, received_on: date, track: str, channel: str, matter: dict,
                 party_ids: list[int], visitors: int, attributes: dict,
                 now: datetime, case_id: int | None = None,
                 previous: dict | None = None, description: str | None = None) -> SimCase:
        """Build the case as intake.register_case would, and start its clocks."""
        previous = previous or {}
        legal = track in ("reconsideration", "litigation")
        actor = self.cast.counsel if legal else self.cast.clerk
        code, route = self._department(track, matter)
        case = SimCase(self.engine, self._row(
            case_id=case_id, track=track, channel=channel, matter=matter, actor=actor,
            received_on=received_on, visitors=visitors, attributes=attributes,
            department_id=self.cast.departments[code],
            description=description or self.rng.choice(vocab.DESCRIPTIONS)))
        if matter.get("row") and matter["row"]["created_at"] is None:
            matter["row"]["created_at"] = now
        case.set(created_at=now, updated_at=now)
        case.department_code, case.matter, case.party_ids = code, matter, party_ids
        case.held = [code]
        case.record("registered", now=now, actor_id=actor, on=received_on, data={
            "channel": channel, "department": code,
            "routed_by": route.name if route else ("intake" if legal else "default"),
            "routing_rule": route.id if route else None,
            "diversion_proposal": case.diversion_proposal, "visitors": case.visitors})
        self._intake_clocks(case, now)
        if previous.get("rereview_case_id") and track == "petition":
            self._not_again(case, now, previous["rereview_case_id"])
        return case

    def _row(self, *, case_id: int | None, track: str, channel: str, matter: dict, actor: int,
             received_on: date, visitors: int, attributes: dict, department_id: int,
             description: str) -> dict:
        """Return the new case row as intake._new_case builds it, with its number."""
        return {
            "id": case_id or self.ids.take("cases"),
            "number": self.ids.number(track, received_on.year), "track": track,
            "channel": channel, "status": "registered", "outcome": None,
            "title": matter["title"], "description": description,
            "category": matter["category"], "area": matter["area"],
            "received_on": received_on, "visitors": visitors or (1 if channel == "visit" else 0),
            "matter_id": matter["id"], "department_id": department_id,
            "answerable_department_id": department_id, "assignee_id": None,
            "created_by_id": actor,
            "attributes": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                           for k, v in attributes.items()},
            "supervised": False, "supervision_reason": None, "designated": False,
            "transfers_count": 0, "bounced": False, "suspended": False,
            "not_to_be_accepted_again": False,
            "diversion_proposal": self.diversion(category=matter["category"], track=track),
            "next_due_on": None, "created_at": None, "updated_at": None, "closed_at": None,
            "closed_on": None, "events_head": "", "event_count": 0, "version": 1}

    def _department(self, track: str, matter: dict):
        if track in ("reconsideration", "litigation"):
            return self.cast.legal, None
        route = choose_route(self.routes, category=matter["category"], area=matter["area"],
                             text=f"{matter['title']} ")
        return (route.department_code, route) if route else (self.cast.intake, None)

    def _intake_clocks(self, case: SimCase, now: datetime) -> None:
        case.fire("received", on=case.received_on, now=now)
        attrs = case.attributes
        if attrs.get("copy_received_on"):
            case.fire("copy_received", on=date.fromisoformat(attrs["copy_received_on"]), now=now)
        if attrs.get("complaint_served_on"):
            case.fire("complaint_served", on=date.fromisoformat(attrs["complaint_served_on"]),
                      now=now)

    def _not_again(self, case: SimCase, now: datetime, concluded: int) -> None:
        """A petition after a concluded re-review (legal/service.py mark_after_rereview)."""
        case.set(not_to_be_accepted_again=True,
                 diversion_proposal=case.diversion_proposal or "litigation")
        case.record("not_to_be_accepted_again", now=now, actor_id=self.cast.clerk,
                    on=case.received_on, data={"basis": ART_36_3, "rereview_case_id": concluded,
                                               "proposal": case.diversion_proposal})

    def take_rows(self) -> tuple[list[dict], list[dict]]:
        """Return and forget the parties and matters created since the last call."""
        parties, matters = self.parties, self.matters
        self.parties, self.matters = [], []
        return parties, matters
