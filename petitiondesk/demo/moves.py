"""Transfers, supervision, extensions and suspensions in the demo's stories.

Each method does to the simulated case what the service of the same name does
(transfers/service.py, supervision.py, designation.py, deadlines/extensions.py,
deadlines/suspension.py); the events carry the same data, so the statistics read
the demo's timeline like a real one.
"""

from __future__ import annotations

from datetime import date, datetime

from petitiondesk.deadlines.compute import rule_due
from petitiondesk.demo.sim import SimCase, SimClock

OBJECT_CLOCK = "transfer.object"
TRANSFER_REASONS = ["属于贵科职责范围，请依法办理", "涉及安置补偿，转请征收补偿科办理",
                    "涉及储备地块管理，请核处"]


class Moves:
    """Mixed into the Walker: needs engine, cast, rng, at(), later(), go(), handler()."""

    # --- transfers --------------------------------------------------------------------
    def transfer(self, sim: SimCase, day: date, to: str, *, actor: int | None = None,
                 reason: str | None = None) -> dict:
        """Send the case to another department (request_transfer); return the transfer."""
        now = self.at(day, sim)
        actor = actor or self.handler(sim)
        frm = sim.department_code
        bounce = to in sim.held
        reason = reason or self.rng.choice(TRANSFER_REASONS)
        transfer = {"id": self.engine.take_id("transfers"), "case_id": sim.id,
                    "from_department_id": self.cast.departments[frm],
                    "to_department_id": self.cast.departments[to], "reason": reason,
                    "status": "pending", "received_on": day, "respond_by": day,
                    "requested_by_id": actor, "created_at": now, "answered_by_id": None,
                    "answered_at": None, "answer_reason": None, "by_supervisor": False,
                    "version": 1, "from": frm, "to": to}
        clock = sim.start(OBJECT_CLOCK, on=day, now=now, transfer_id=transfer["id"])
        transfer["respond_by"] = clock.due_on
        count = sim.transfers_count + 1
        sim.set(transfers_count=count, bounced=sim.bounced or bounce, updated_at=now)
        self._notify(sim, transfer, "transfer_requested", now, actor, {
            "reason": reason, "bounce": bounce, "transfers_count": count,
            "respond_by": transfer["respond_by"]})
        self.transfers.append(transfer)
        if bounce:
            self.supervise(sim, now, actor, f"bounced: sent back to {to}, which already held "
                           "the case", {"cause": "bounce", "transfer_id": transfer["id"]})
        return transfer

    def answer_transfer(self, sim: SimCase, transfer: dict, day: date, *, accept: bool) -> None:
        """Accept (the case moves) or refuse a pending transfer, by the receiver."""
        to = transfer["to"]
        actor = self.rng.choice(self.cast.handlers.get(to) or [self.cast.supervisor])
        now = self.at(day, sim)
        status = "accepted" if accept else "rejected"
        reason = None if accept else "不属于本科职责范围"
        self._close_transfer(sim, transfer, status, now, day, actor, reason)
        pending = {"requested_on": transfer["received_on"], "answered_on": day,
                   "pending_days": (day - transfer["received_on"]).days,
                   "pending_seconds": int((now - transfer["created_at"]).total_seconds())}
        if accept:
            self._move(sim, to, now)
            self._notify(sim, transfer, "transfer_accepted", now, actor, pending)
        else:
            sim.set(updated_at=now)
            self._notify(sim, transfer, "transfer_rejected", now, actor,
                         {"reason": reason, **pending})

    def designate(self, sim: SimCase, day: date, to: str) -> None:
        """A supervisor makes a department responsible for good (designation.py)."""
        now, actor = self.at(day, sim), self.cast.supervisor
        previous = sim.department_code
        lapsed = [t for t in self.transfers if t["case_id"] == sim.id and t["status"] == "pending"]
        for transfer in lapsed:
            self._close_transfer(sim, transfer, "superseded", now, day, None,
                                 "a supervisor designated the responsible department",
                                 cancel=True)
        moved = None
        if to != previous:
            moved = {"id": self.engine.take_id("transfers"), "case_id": sim.id,
                     "from_department_id": self.cast.departments[previous],
                     "to_department_id": self.cast.departments[to], "reason": "指定主办",
                     "status": "designated", "received_on": day, "respond_by": day,
                     "requested_by_id": actor, "created_at": now, "answered_by_id": actor,
                     "answered_at": now, "answer_reason": None, "by_supervisor": True,
                     "version": 1, "from": previous, "to": to}
            self.transfers.append(moved)
            sim.set(department_id=self.cast.departments[to],
                    answerable_department_id=self.cast.departments[to], assignee_id=None)
            sim.department_code = to
        sim.set(designated=True, updated_at=now)
        sim.record("designated", now=now, actor_id=actor, on=day, data={
            "from": previous, "to": to, "reason": "指定主办",
            "transfer_id": moved["id"] if moved else None,
            "superseded_transfers": [t["id"] for t in lapsed]})

    def supervise(self, sim: SimCase, now: datetime, actor: int, reason: str,
                  data: dict) -> None:
        """Put the case under supervision (supervision.start_supervision)."""
        payload = {"reason": reason, "department": sim.department_code, **data}
        if sim.supervised:
            return
        sim.set(supervised=True, supervision_reason=reason[:400], updated_at=now)
        sim.record("supervision_started", now=now, actor_id=actor,
                   on=self._local_day(now), data=payload)

    def _close_transfer(self, sim: SimCase, transfer: dict, status: str, now: datetime,
                        day: date, actor: int | None, reason: str | None,
                        cancel: bool = False) -> None:
        transfer.update(status=status, answered_at=now, answered_by_id=actor,
                        answer_reason=reason, version=2)
        for clock in sim.clocks:
            if clock.transfer_id == transfer["id"] and clock.is_open:
                clock.next_alert_at = None
                if cancel:
                    clock.cancelled = True
                else:
                    clock.met_on = day

    def _move(self, sim: SimCase, to: str, now: datetime) -> None:
        sim.set(department_id=self.cast.departments[to],
                answerable_department_id=self.cast.departments[to], assignee_id=None,
                updated_at=now)
        sim.department_code = to
        sim.held.append(to)

    def _notify(self, sim: SimCase, transfer: dict, event: str, now: datetime,
                actor: int | None, data: dict) -> None:
        payload = {"transfer_id": transfer["id"], "from": transfer["from"],
                   "to": transfer["to"], "by_supervisor": transfer["by_supervisor"], **data}
        sim.record(event, now=now, actor_id=actor, on=self._local_day(now), data=payload)

    def _local_day(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    # --- extensions and suspensions ------------------------------------------------------
    def extend(self, sim: SimCase, key: str, day: date, days: int, *, approve: bool) -> bool:
        """Request an extension of a running clock and have the head decide it next day."""
        clock = sim.open_clock(key)
        head = self.cast.heads.get(sim.department_code)
        if clock is None or head is None:
            return False
        now = self.at(day, sim)
        extension = {"id": self.engine.take_id("extensions"), "case_id": sim.id,
                     "clock_id": clock.id, "days": days, "reason": "案情复杂，需进一步调查核实",
                     "status": "pending", "requested_by_id": self.handler(sim),
                     "requested_at": now, "decided_by_id": None, "decided_at": None,
                     "decision_reason": None}
        self.extensions.append(extension)
        sim.set(updated_at=now)
        sim.record("extension_requested", now=now, actor_id=extension["requested_by_id"],
                   on=day, data={"clock": key, "days": days, "extension": extension["id"],
                                 "reason": extension["reason"]})
        day = self.later(day, 1, 3)
        return self.go(sim, day) and self._decide(sim, clock, extension, day, head, approve)

    def _decide(self, sim: SimCase, clock: SimClock, extension: dict, day: date, head: int,
                approve: bool) -> bool:
        """The department head grants or refuses the extension (approve/reject_extension)."""
        key, days = clock.key, extension["days"]
        now = self.at(day, sim)
        reason = None if approve else "理由不充分"
        extension.update(status="approved" if approve else "rejected", decided_by_id=head,
                         decided_at=now, decision_reason=reason)
        sim.set(updated_at=now)
        data = {"clock": key, "days": days, "extension": extension["id"]}
        if approve:
            clock.extended_days += days
            self._redue(clock, day)
            sim.record("extension_approved", now=now, actor_id=head, on=day,
                       data={**data, "due_on": clock.due_on})
        else:
            sim.record("extension_rejected", now=now, actor_id=head, on=day,
                       data={**data, "reason": reason})
        return True

    def suspend(self, sim: SimCase, day: date) -> None:
        """Stop every running clock of the case (suspension.suspend_case)."""
        now, stopped = self.at(day, sim), []
        for clock in sim.clocks:
            if clock.is_open and clock.suspended_since is None:
                clock.suspended_since, clock.next_alert_at = day, None
                stopped.append(clock.key)
        sim.set(suspended=True, updated_at=now)
        sim.record("suspended", now=now, actor_id=self.handler(sim), on=day,
                   data={"reason": "等待司法鉴定结论", "clocks": stopped})

    def resume(self, sim: SimCase, day: date) -> None:
        """Run the stopped clocks on with the time they had left (suspension.resume_case)."""
        now, moved = self.at(day, sim), {}
        for clock in sim.clocks:
            if not clock.is_open or clock.suspended_since is None:
                continue
            since = clock.suspended_since
            clock.suspensions = [*clock.suspensions, [since.isoformat(),
                                                      max(day, since).isoformat()]]
            clock.suspended_since = None
            self._redue(clock, day)
            moved[clock.key] = clock.due_on.isoformat()
        sim.set(suspended=False, updated_at=now)
        sim.record("resumed", now=now, actor_id=self.handler(sim), on=day,
                   data={"reason": "鉴定结论已作出", "clocks": moved})

    def _redue(self, clock: SimClock, today: date) -> None:
        """Recompute a clock's due date (deadlines/upkeep.py redue)."""
        rule = self.engine.rules[clock.key]
        spans = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in clock.suspensions]
        if clock.suspended_since is not None:
            spans.append((clock.suspended_since, None))
        due = rule_due(rule, start=clock.started_on, calendar=self.engine.calendar,
                       variant=clock.variant if clock.variant in rule.variants else None,
                       extension=clock.extended_days, suspensions=spans, as_of=today)
        clock.due_on, clock.provisional = due.on, due.provisional
        if clock.suspended_since is not None:
            clock.next_alert_at = None
        elif self.engine.reschedule:
            self.engine.reschedule(clock)
