"""A synthetic case history through the real services (a few hundred cases)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from petitiondesk.accounts.models import User
from petitiondesk.cases import actions, intake
from petitiondesk.cases.identity import check_digit
from petitiondesk.demo.base import AREAS, CATEGORIES
from petitiondesk.extensions import db

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
TITLES = [
    "关于{area}房屋征收补偿标准的信访",
    "{area}安置房交付延期问题",
    "{area}储备地围挡破损影响出行",
    "要求支付{area}过渡费",
    "{area}土地收储程序异议",
    "{area}征收决定合法性争议",
]
TRACK_WEIGHTS = [("petition", 70), ("mediation", 8), ("arbitration", 4),
                 ("reconsideration", 9), ("litigation", 9)]
CHANNEL_BY_TRACK = {"petition": ["letter", "visit", "online", "phone", "email"],
                    "mediation": ["visit", "referral"], "arbitration": ["referral"],
                    "reconsideration": ["referral", "letter"], "litigation": ["court"]}


def person(rng: random.Random) -> dict:
    """Return a synthetic party with a valid ID number."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"330102{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return {"name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "id_number": first17 + check_digit(first17),
            "phone": f"13{rng.randrange(100000000, 999999999)}",
            "address": f"{rng.choice(AREAS)}{rng.randrange(1, 300)}号"}


def intake_data(rng: random.Random, received: date, people: list[dict]) -> dict:
    """Return the intake form of one synthetic case."""
    track = rng.choices([t for t, _ in TRACK_WEIGHTS], [w for _, w in TRACK_WEIGHTS])[0]
    area = rng.choice(AREAS)
    data = {"track": track, "channel": rng.choice(CHANNEL_BY_TRACK[track]),
            "title": rng.choice(TITLES).format(area=area), "description": "",
            "category": rng.choice(CATEGORIES), "area": area, "received_on": received,
            "parties": [rng.choice(people)], "attributes": {}}
    if data["channel"] == "visit":
        data["visitors"] = rng.choice([1, 1, 1, 2, 3, 6, 12])
    if track == "litigation":
        data["attributes"] = {"court": "市中级人民法院", "instance": "first",
                              "our_role": "defendant", "court_case_number":
                              f"({received.year})浙01行初{rng.randrange(1, 999)}号",
                              "complaint_served_on": received}
        data["department"] = "legal"
    if track == "reconsideration":
        data["attributes"] = {"our_role": "respondent", "procedure": "ordinary",
                              "copy_received_on": received}
        data["department"] = "legal"
    return data


def make_history(*, count: int, seed: int, today: date, progress=None) -> int:
    """Create `count` cases over the 24 months before `today`, walking each through its life."""
    rng = random.Random(seed)
    clerk = db.session.scalar(db.select(User).where(User.email.like("clerk@%")))
    people = [person(rng) for _ in range(max(10, count // 3))]
    for _ in range(count):
        received = today - timedelta(days=rng.randrange(0, 730))
        data = intake_data(rng, received, people)
        at = datetime.combine(received, time(9, rng.randrange(0, 59)), tzinfo=UTC)
        case = intake.register_case(data=data, actor=clerk, now=at)
        _walk(case, rng, at=at, today=today)
        db.session.commit()
        if progress:
            progress(1)
    return count


def _walk(case, rng: random.Random, *, at: datetime, today: date) -> None:
    """Accept, reply and close a case at plausible later dates, some late, some still open."""
    handler = db.session.scalar(db.select(User).where(User.email.like("supervisor@%")))
    steps = [("accept", rng.randrange(1, 12)), ("reply", rng.randrange(10, 80)),
             ("close", rng.randrange(1, 20))]
    when = at
    for action, days in steps:
        when = when + timedelta(days=days)
        if when.date() >= today or rng.random() < 0.08:
            return
        if action == "reply" and case.track not in ("petition", "reconsideration"):
            continue
        if action == "accept":
            actions.accept(case, actor=handler, now=when)
        elif action == "reply":
            actions.reply(case, text="已书面答复", outcome=rng.choice(
                ["supported", "partly_supported", "not_supported", "explained"]),
                actor=handler, now=when)
        else:
            outcome = "won" if case.track == "litigation" else "resolved"
            if case.track == "reconsideration":
                outcome = "upheld"
            actions.close(case, outcome=outcome, actor=handler, now=when)
