"""A hand-built case history around October 2026 whose monthly figures are counted by hand.

Every case is walked through the real services at fixed instants; events whose service
the test does not need to drive (supervision, escalation) are written on the timeline.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from petitiondesk.cases import actions, intake, timeline
from petitiondesk.cases.schemas import CaseCreateSchema
from petitiondesk.core.timeutil import local_date
from petitiondesk.deadlines import extensions
from petitiondesk.extensions import db
from petitiondesk.transfers import service as transfers
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10) -> datetime:
    """Return a local instant in 2026."""
    return datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


class History:
    """Builds cases for the test; `cases` maps a letter to its case."""

    def __init__(self):
        for code in ("expropriation", "reserve", "legal"):
            factories.department(code)
        self.actor = factories.user("supervisor", dept="petition")
        self.heads = {code: factories.user("head", "handler", dept=code)
                      for code in ("expropriation", "reserve", "legal")}
        self.cases = {}

    def case(self, name, *, received, dept, track="petition", channel="letter", **extra):
        body = factories.intake_body(track=track, channel=channel, department=dept,
                                     received_on=received.date().isoformat(), **extra)
        data = CaseCreateSchema().load(body)
        self.cases[name] = intake.register_case(data=data, actor=self.actor, now=received)
        db.session.flush()
        return self.cases[name]

    def do(self, name, action, when, **kw):
        getattr(actions, action)(self.cases[name], actor=self.actor, now=when, **kw)
        db.session.flush()

    def event(self, name, type, when, on=None, **data):
        actions.record_event(self.cases[name], type=type, on=on or local_date(when, SHANGHAI),
                             data=data, actor=self.actor, now=when)
        db.session.flush()

    def note(self, name, type, when, **data):
        timeline.record(self.cases[name], type, now=when, actor=self.actor, data=data)
        db.session.flush()

    def extend(self, name, key, days, when):
        head = self.heads[self.cases[name].department.code]
        ext = extensions.request_extension(self.cases[name], clock=key, days=days,
                                           reason="需补充调查", actor=head, now=when)
        extensions.approve_extension(ext, actor=head, now=when)
        db.session.flush()

    def suspend(self, name, when):
        self.do(name, "suspend", when, reason="等待鉴定意见")

    def resume(self, name, when):
        self.do(name, "resume", when, reason="鉴定意见已收到")

    def transfer(self, name, to, when):
        return transfers.request_transfer(case=self.cases[name], to_code=to, reason="职责不符",
                                          actor=self.actor, now=when)

    def answer(self, transfer, when, *, accept):
        head = self.heads[transfer.to_department.code]
        if accept:
            transfers.accept_transfer(transfer_id=transfer.id, actor=head, now=when)
        else:
            transfers.reject_transfer(transfer_id=transfer.id, reason="不属本部门职责",
                                      actor=head, now=when)
        db.session.flush()


def build_until_october(h: History) -> None:
    """Everything that happened up to the end of October 2026."""
    h.case("C", received=at(9, 10), dept="expropriation", channel="online")
    h.case("D", received=at(8, 19), dept="expropriation")
    h.do("D", "accept", at(8, 20))                    # handle due 10-19
    h.case("E", received=at(7, 1), dept="reserve", channel="phone")
    h.do("E", "accept", at(7, 2))                     # handle due 08-31
    h.suspend("E", at(8, 10))
    h.resume("E", at(9, 20))                          # due moves past 10-10
    h.case("F", received=at(8, 1), dept="reserve")
    h.do("F", "accept", at(8, 1))                     # handle due 09-30
    h.suspend("F", at(9, 15))                         # still suspended at October's end
    h.case("J", received=at(8, 10), dept="expropriation")
    h.do("J", "accept", at(8, 12))                    # handle due 10-12, never met in October
    h.case("K", received=at(7, 20), dept="reserve")
    h.do("K", "accept", at(7, 21))                    # handle due 09-21, replied late
    h.case("H", received=at(9, 25), dept="legal", track="reconsideration", channel="referral",
           attributes={"our_role": "respondent", "procedure": "ordinary",
                       "copy_received_on": "2026-09-25"})
    h.do("H", "accept", at(9, 28))
    _october(h)


def _october(h: History) -> None:
    h.case("I", received=at(10, 5), dept="expropriation", channel="phone")
    h.do("I", "withdraw", at(10, 6), reason="已自行协商解决")
    h.do("K", "reply", at(10, 8), text="答复", outcome="explained")
    h.do("K", "close", at(10, 8), outcome="explained")                # late
    h.case("A", received=at(10, 9), dept="expropriation")
    h.do("A", "accept", at(10, 9))
    h.do("H", "reply", at(10, 9), text="答复意见", outcome="revoked")
    h.do("E", "reply", at(10, 10), text="答复", outcome="explained")
    h.do("E", "close", at(10, 10), outcome="explained")               # on time by suspension
    h.case("B", received=at(10, 12), dept="reserve", channel="visit", visitors=3)
    h.do("B", "accept", at(10, 12))
    h.answer(h.transfer("B", "expropriation", at(10, 13)), at(10, 15), accept=False)
    h.case("G", received=at(10, 14), dept="legal", track="litigation", channel="court",
           attributes={"court": "市中级人民法院", "instance": "first", "our_role": "defendant",
                       "complaint_served_on": "2026-10-14"})
    h.do("G", "accept", at(10, 14))
    h.extend("D", "petition.handle", 30, at(10, 15))
    h.event("G", "hearing_scheduled", at(10, 20), at="2026-10-27T09:00:00+08:00", place="一庭")
    h.do("A", "reply", at(10, 20), text="答复", outcome="supported")
    h.do("A", "close", at(10, 21), outcome="supported")
    h.do("H", "close", at(10, 22), outcome="revoked")
    h.event("G", "answer_submitted", at(10, 22))
    h.event("G", "judgment_served", at(10, 26), kind="judgment", outcome="lost")
    h.event("G", "head_appeared", at(10, 27), person="局长")
    h.note("C", "supervision_started", at(10, 28), reason="overdue")
    h.do("D", "reply", at(10, 29), text="答复", outcome="explained")
    h.note("C", "escalated", at(10, 29), reason="legacy dispute")
    h.do("D", "close", at(10, 30), outcome="explained")               # on time by extension
    h.do("G", "close", at(10, 30), outcome="lost")


def build_november(h: History) -> None:
    """Later events that must not change October's figures."""
    h.resume("F", at(11, 2))
    h.answer(h.transfer("B", "expropriation", at(11, 2)), at(11, 3), accept=True)
    h.do("C", "accept", at(11, 3))
    h.extend("J", "petition.handle", 30, at(11, 4))            # overdue in October all the same
    h.do("B", "reply", at(11, 5), text="答复", outcome="explained")
    h.do("B", "close", at(11, 5), outcome="explained")
    h.do("C", "reply", at(11, 10), text="答复", outcome="explained")
    h.do("C", "close", at(11, 10), outcome="explained")
    h.event("D", "review_requested", at(11, 12))                     # reopens October's close


OCTOBER_TOTALS = {
    "received": 4, "visitors": 3, "closed": 7, "closed_on_time": 6, "on_time_rate": 0.8571,
    "open_at_month_end": 4, "overdue_at_month_end": 2, "transfers": 1, "bounces": 1,
    "extensions": 1, "supervised": 1, "escalated_to_legal": 1,
}
