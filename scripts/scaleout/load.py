"""The bounded load: case stories over both web hosts, every operation recorded.

A story is what happens to one petition (see plan()): the clerk registers it (it goes
to the intake office), the intake office leaves it waiting, accepts it, or transfers it
to a handling department whose handler accepts the transfer and then the case; every
second accepted case gets a 受理告知书 (acceptance notice). Received dates lie up to five
weeks back, so many clocks are already due and the sweeps have mail to send. Bounded by
a count (stories) and a time limit (no story starts after it).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

from petitiondesk.cases.identity import check_digit
from scaleout.client import Answer, Api

CATEGORIES = ["compensation", "land_reserve", "relocation", "funding", "other"]


@dataclass
class Op:
    """One operation the client made and what it was told."""

    kind: str
    story: int
    key: str
    status: int | None
    body: dict | None
    attempts: list[tuple[str, str]]


@dataclass
class Ledger:
    """Every operation of the run, safe to append to from the client threads."""

    ops: list[Op] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: Op) -> None:
        with self._lock:
            self.ops.append(op)

    def acked(self) -> int:
        """Return how many operations got a success answer so far."""
        with self._lock:
            return sum(1 for o in self.ops if o.status and 200 <= o.status < 300)


def id_number(seq: int) -> str:
    """Return a valid resident ID number, different for each seq."""
    first17 = f"330102{1950 + seq % 50}{1 + seq % 12:02d}{1 + seq % 28:02d}{seq % 1000:03d}"
    return first17 + check_digit(first17)


def plan(n: int) -> list[str]:
    """Return the operations story n makes.

    Every fourth petition waits at the intake office (long overdue: the ladder mails the
    office, its head, the supervisors and leadership); of the others a third is accepted
    by the intake office and two thirds are transferred to D1 or D2 and accepted there.
    """
    if n % 4 == 3:
        return ["intake"]
    steps = ["intake"] + (["transfer", "transfer_accept"] if n % 3 else []) + ["case_accept"]
    return steps + (["document"] if n % 2 == 0 else [])


def intake_body(story: int, *, run_id: str, today: date, rng: random.Random,
                waiting: bool = False) -> dict:
    """Return the petition a story registers: unique title, received up to 35 days ago."""
    back = rng.randint(18, 35) if waiting else rng.randint(0, 35)
    return {
        "track": "petition", "channel": rng.choice(["letter", "visit", "online", "phone"]),
        "title": f"scaleout {run_id} #{story}: 关于房屋征收补偿的信访",
        "description": "要求提高征收补偿标准并说明评估依据", "category": rng.choice(CATEGORIES),
        "area": "东城区", "received_on": (today - timedelta(days=back)).isoformat(),
        "parties": [{"name": f"王{story}", "id_number": id_number(story),
                     "phone": f"1380000{story:04d}"}],
    }


class Load:
    """Run the stories from a few client threads against both web hosts."""

    def __init__(self, api: Api, tokens: dict[str, str], *, run_id: str, today: date,
                 stories: int, seconds: float, threads: int = 6, seed: int = 17):
        self.api, self.tokens, self.run_id, self.today = api, tokens, run_id, today
        self.stories, self.seconds, self.threads = stories, seconds, threads
        self.ledger, self.seed = Ledger(), seed
        self.deadline = 0.0
        self.started = 0

    def planned_ops(self) -> int:
        """Return how many operations the stories make when every one succeeds."""
        return sum(len(plan(n)) for n in range(1, self.stories + 1))

    def op(self, kind: str, story: int, user: str, path: str, body: dict) -> Answer:
        """Do one POST as a user on the story's preferred host and record it."""
        key = uuid.uuid4().hex
        answer = self.api.call("POST", path, body, token=self.tokens[user], prefer=story % 2,
                               key=key)
        kept = answer.body if isinstance(answer.body, dict) else None
        self.ledger.add(Op(kind, story, key, answer.status, _slim(kept), answer.attempts))
        return answer

    def story(self, n: int) -> None:
        """Take one petition through the steps plan(n) names, stopping at a refusal."""
        if time.monotonic() > self.deadline:
            return
        self.started += 1
        rng = random.Random(self.seed * 100_003 + n)
        steps = plan(n)
        case = self.op("intake", n, "clerk", "/api/v1/cases",
                       intake_body(n, run_id=self.run_id, today=self.today, rng=rng,
                                   waiting="case_accept" not in steps))
        if not case.ok:
            return
        cid, handler = case.body["id"], "po"
        if "transfer" in steps:
            dept, handler = ("D1", "h1") if n % 3 == 1 else ("D2", "h2")
            sent = self.op("transfer", n, "po", f"/api/v1/cases/{cid}/transfers",
                           {"to_department": dept, "reason": "属于本科室职责范围，请予办理"})
            if not sent.ok or not self.op("transfer_accept", n, handler,
                                          f"/api/v1/transfers/{sent.body['id']}/accept",
                                          {}).ok:
                return
        if "case_accept" in steps and self.op(
                "case_accept", n, handler, f"/api/v1/cases/{cid}/accept", {}).ok and \
                "document" in steps:
            self.op("document", n, "clerk", f"/api/v1/cases/{cid}/documents",
                    {"kind": "acceptance_notice"})

    def run(self) -> None:
        """Run every story (until the time limit) and wait for the last to finish."""
        self.deadline = time.monotonic() + self.seconds
        with ThreadPoolExecutor(self.threads) as pool:
            list(pool.map(self.story, range(1, self.stories + 1)))


def _slim(body: dict | None) -> dict | None:
    """Keep the fields of an answer the checks compare with the database."""
    if body is None:
        return None
    keep = ("id", "number", "status", "case_id", "kind", "seq", "code", "message")
    slim = {k: body[k] for k in keep if k in body}
    if isinstance(body.get("department"), dict):
        slim["department"] = body["department"].get("code")
    return slim
