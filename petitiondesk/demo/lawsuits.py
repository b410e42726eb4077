"""Lawsuits, reconsiderations and escalation to the legal track in the demo's stories.

Mixed into the Walker like moves.py. A lawsuit is accepted by counsel, answered,
heard (the head of the bureau appears at some hearings), judged and perhaps
appealed as a linked next instance (legal/litigation.py); a matter whose re-review
concluded may be escalated to a legal-guidance case (legal/service.py escalate).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from petitiondesk.deadlines.compute import rule_due
from petitiondesk.demo import vocab
from petitiondesk.demo.sim import SimCase

RECONSIDERATION_OUTCOMES = {"upheld": 55, "claim_dismissed": 12, "application_dismissed": 5,
                            "revoked": 8, "confirmed_illegal": 5, "ordered_to_perform": 4,
                            "varied": 2, "mediated": 4, "withdrawn": 5}
JUDGMENT_OUTCOMES = {"won": 60, "lost": 18, "partly_lost": 10, "settled": 5}
GUIDANCE_KIND = "legal_guidance"
WINDOWS = ("window.reconsideration", "window.lawsuit")
ESCALATION_REASON = "经复核仍反复信访的历史遗留问题，引导通过法律途径解决"


class Lawsuits:
    """Mixed into the Walker: needs engine, cast, rng, zone, at(), later(), go(), event()."""

    def _reconsideration(self, sim: SimCase) -> None:
        rng, organ = self.rng, sim.attributes.get("our_role") == "organ"
        day = self.later(sim.received_on, 0, 3)
        if not self.go(sim, day):
            return
        self.accept(sim, day)
        if not organ:
            day = self.later(day, 14, 20) if rng.random() < 0.05 else self.later(day, 2, 11)
            if not self.go(sim, day):
                return
            self.reply(sim, day, "explained", "已提交书面答复和证据")
        simplified = sim.attributes.get("procedure") == "simplified"
        span = (10, 28) if simplified else (20, 58)
        day = self.later(day, 62, 80) if rng.random() < 0.04 else self.later(day, *span)
        if not self.go(sim, day):
            return
        outcome = vocab.pick(rng, RECONSIDERATION_OUTCOMES)
        if outcome == "withdrawn":
            return self.end(sim, day, "withdraw", "withdrawn", "申请人撤回复议申请")
        self.close(sim, day, outcome)
        if not organ and outcome in ("upheld", "claim_dismissed") and rng.random() < 0.35:
            court = rng.choice(vocab.COURTS_FIRST)
            self.follow(self.later(day, 3, 14), "litigation", sim, attributes={
                "court": court, "instance": "first", "our_role": "defendant"})

    def _litigation(self, sim: SimCase) -> None:
        rng, attrs = self.rng, sim.attributes
        served = date.fromisoformat(attrs["complaint_served_on"])
        day = self.later(served, 0, 3)
        if not self.go(sim, day):
            return
        self.accept(sim, day)
        answer = self.later(served, 16, 22) if rng.random() < 0.04 else self.later(served, 5, 13)
        day = max(day, answer)
        if not self.go(sim, day):
            return
        self.event(sim, "answer_submitted", day)
        day = self.later(day, 5, 30)
        hearing_day = self.later(day, 10, 40)
        if not self.go(sim, day):
            return
        at = datetime.combine(hearing_day, rng.choice([time(9, 0), time(14, 30)]),
                              tzinfo=self.zone)
        place = f"{attrs.get('court', '')}{rng.choice(vocab.HEARING_PLACES)}"
        self.event(sim, "hearing_scheduled", day, {"at": at.isoformat(), "place": place})
        if not self.go(sim, hearing_day):
            return
        if rng.random() < 0.45:  # the event means the head appeared (行政诉讼法 Art. 3(3))
            self.event(sim, "head_appeared", hearing_day,
                       {"appeared": [self.cast.head_name, self.cast.counsel_name]})
        self._judgment(sim, self.later(hearing_day, 20, 70))

    def _judgment(self, sim: SimCase, day: date) -> None:
        rng = self.rng
        if not self.go(sim, day):
            return
        kind = "ruling" if rng.random() < 0.1 else "judgment"
        outcome = "withdrawn" if kind == "ruling" else vocab.pick(rng, JUDGMENT_OUTCOMES)
        self.event(sim, "judgment_served", day, {"kind": kind, "outcome": outcome})
        appeal = sim.attributes.get("instance", "first") == "first" and (
            (outcome in ("lost", "partly_lost") and rng.random() < 0.6)
            or (outcome == "won" and rng.random() < 0.2))
        if appeal and outcome != "won":
            day = self.later(day, 3, 12)
            if not self.go(sim, day):
                return
            self.event(sim, "appeal_filed", day)
        if appeal:
            day = self.later(day, 15, 40)
            if not self.go(sim, day):
                return
            self._next_instance(sim, day)
        day = self.later(day, 0 if appeal else 1, 12)
        if self.go(sim, day):
            self.close(sim, day, outcome)

    def _next_instance(self, sim: SimCase, received_on: date) -> None:
        """Open the appeal as a linked case (legal/litigation.py next_instance)."""
        court = vocab.COURT_SECOND
        attrs = {"instance": "second", "court": court,
                 "court_case_number": vocab.court_case_number(self.rng, received_on.year,
                                                              court, "second"),
                 "previous_case_id": sim.id, "our_role": sim.attributes.get("our_role")}
        follow = self.follow(received_on, "litigation", sim, link=True, attributes=attrs)
        if follow is None:
            return
        # registered first thing that morning, before the day's other intake
        now = datetime.combine(received_on, time(8, 30 + self.rng.randrange(15)),
                               tzinfo=self.zone).astimezone(UTC)
        sim.set(attributes={**sim.attributes, "next_case_id": follow.case_id}, updated_at=now)
        sim.record("next_instance", now=now, actor_id=self.handler(sim), on=received_on,
                   data={"case_id": follow.case_id, "instance": "second"})
        follow.previous = {"registered_at": now}

    def escalate_later(self, sim: SimCase, day: date) -> None:
        """Schedule the matter's escalation to the legal track (a legacy dispute)."""
        knew = sim.matter.get("knew_of_act_on") or sim.received_on
        self.follow(self.later(day, 5, 30), "litigation", sim,
                    attributes={"kind": GUIDANCE_KIND},
                    previous={"escalate": {"reason": ESCALATION_REASON, "knew": knew}})

    def escalated(self, sim: SimCase, now: datetime, *, reason: str, knew: date) -> None:
        """Start the petitioner's windows and the guidance clock (legal/service.py escalate)."""
        today = now.astimezone(self.zone).date()
        found, lapsed = [], []
        for key in WINDOWS:
            due = rule_due(self.engine.rules[key], start=knew, calendar=self.engine.calendar)
            if due.on >= today:
                sim.start(key, on=knew, now=now)
            else:  # a window that already ran out gets no clock
                lapsed.append({"key": key, "due_on": due.on.isoformat()})
            found.append({"key": key, "due_on": due.on.isoformat(), "open": due.on >= today})
        if lapsed:
            sim.set(attributes={**sim.attributes, "lapsed_windows": lapsed})
        sim.record("escalated", now=now, actor_id=self.cast.counsel, on=today,
                   data={"reason": reason, "knew_of_act_on": knew, "windows": found})
        sim.fire("escalated", on=today, now=now)
        self.matter_updates.append({"b_id": sim.matter_id, "legacy": True,
                                    "escalated_at": now, "knew_of_act_on": knew})

    def _guidance(self, sim: SimCase) -> None:
        day = self.later(sim.received_on, 0, 3)
        if not self.go(sim, day):
            return
        self.accept(sim, day)
        day = self.later(day, 5, 28)
        if self.go(sim, day):
            self.close(sim, day, "guided")
