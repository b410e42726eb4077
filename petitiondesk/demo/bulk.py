"""Load a synthetic case history of any size, in batches, fast.

Cases are generated day by day over the 24 months before today, in the order intake
would have registered them, so numbers rise with the receipt date and continue the
stored sequences. Later cases of the same matter (a reconsideration after a
petition, a lawsuit after the reconsideration, the appeal) wait in a heap until
their day comes. Every `batch_size` cases the rows are written and committed, so
memory stays flat however many cases are asked for.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import partial

from petitiondesk.accounts.models import Department, User
from petitiondesk.accounts.offices import office
from petitiondesk.core.local import local_today, tz
from petitiondesk.deadlines import service as clocks
from petitiondesk.demo import indexes, pipe, writer
from petitiondesk.demo.register import Ids, Registrar
from petitiondesk.demo.sim import Engine, SimCase
from petitiondesk.demo.walk import Cast, Walker
from petitiondesk.extensions import db
from petitiondesk.search.bulk import search_rows
from petitiondesk.transfers.routing_service import stored_routes

DAYS = 730
REBUILD_AT = 20_000  # cases: from here on, building the indexes afterwards is cheaper
WORKER_ROLES = ("handler", "head")


def load_history(*, count: int, seed: int, now: datetime, batch_size: int = 5000,
                 progress: Callable[[int], object] | None = None, copy: bool = True,
                 rebuild_indexes: bool | None = None,
                 on_rebuild: Callable[[int], Callable[[int], object]] | None = None,
                 writer_process: bool | None = None) -> int:
    """Create `count` cases received over the 24 months before `now`; commit per batch.

    With `rebuild_indexes` (by default: a fill of REBUILD_AT cases or more that at least
    doubles the cases stored) the secondary indexes of the filled tables are dropped
    first and built again at the end, also when the fill fails; `on_rebuild(n)` is
    called before the n indexes are built and returns a per-index progress callback.
    With `writer_process` (by default: from REBUILD_AT cases on, where fork is
    available) a second process writes each batch while the next one is generated.
    """
    writer.prepare()
    ids = Ids(writer.start_ids(), writer.number_sequences())
    if rebuild_indexes is None:
        rebuild_indexes = count >= REBUILD_AT and count >= ids.next["cases"] - 1
    if writer_process is None:
        writer_process = count >= REBUILD_AT and pipe.available(str(db.engine.url))
    sink = (partial(pipe.ProcessSink, copy=copy, progress=progress) if writer_process
            else partial(inline_sink, copy=copy, progress=progress))
    saved = indexes.set_aside(db.session.connection()) if rebuild_indexes else []
    db.session.commit()
    try:
        return _fill(count=count, seed=seed, now=now, ids=ids, batch_size=batch_size,
                     sink=sink)
    finally:
        if saved:
            db.session.rollback()  # a failed batch's transaction, if any
            indexes.rebuild(db.session.connection(), saved,
                            on_rebuild(len(saved)) if on_rebuild else None)
            db.session.commit()


def _fill(*, count: int, seed: int, now: datetime, ids: Ids, batch_size: int, sink) -> int:
    """Generate the cases day by day and write them in batches; return how many.

    `sink()` opens the context in which batches are handed over (see inline_sink).
    """
    today = local_today(now)
    rng = random.Random(seed)
    engine = Engine(rules=clocks.rules(), calendar=clocks.load_calendar(), take_id=ids.take,
                    reschedule=alert_rescheduler(now))
    pending: list = []
    walker = Walker(engine=engine, cast=load_cast(), rng=rng, today=today, zone=tz(),
                    reserve_case_id=lambda: ids.take("cases"),
                    can_follow=lambda: emitted + len(pending) < count)
    registrar = Registrar(engine=engine, walker=walker, cast=walker.cast, ids=ids,
                          routes=stored_routes(), diversion=_diversion(), rng=rng,
                          salt=seed % 1_000_003)
    batch: list[SimCase] = []
    emitted = 0
    days = daily_targets(today, count, rng)
    with sink() as write:
        for day, target in days:
            registrar.open_day(day, max(0, target - emitted - len(pending)) + 2)
            while pending and pending[0].received_on <= day:
                batch.append(_walked(walker, registrar.follow_up(heapq.heappop(pending)),
                                     pending))
                emitted += 1
            while emitted + len(pending) < target:
                batch.append(_walked(walker, registrar.fresh(day), pending))
                emitted += 1
            if len(batch) >= batch_size:
                _flush(batch, registrar, walker, ids, write)
        _flush(batch, registrar, walker, ids, write)
    return emitted


def _walked(walker: Walker, case: SimCase, pending: list) -> SimCase:
    """Walk a registered case and queue the later cases its story opened."""
    walker.walk(case)
    for item in walker.follow_ups:
        heapq.heappush(pending, item)
    walker.follow_ups.clear()
    return case


def daily_targets(today: date, count: int, rng: random.Random):
    """Yield (day, cases received up to that day) over the DAYS days before today.

    Working days get about five times the cases of weekends and holidays, and the
    volume grows a little over the two years.
    """
    days = [today - timedelta(days=n) for n in range(DAYS, 0, -1)]
    calendar = clocks.load_calendar()
    weights = [(1.0 if calendar.is_working_day(d) else 0.2) * (0.8 + 0.4 * i / DAYS)
               * rng.uniform(0.8, 1.2) for i, d in enumerate(days)]
    total, running = sum(weights), 0.0
    for day, weight in zip(days, weights, strict=True):
        running += weight
        yield day, count if day == days[-1] else round(count * running / total)


def _flush(batch: list[SimCase], registrar: Registrar, walker: Walker, ids: Ids,
           sink: Callable[[dict, dict], object]) -> None:
    """Hand the batch's rows and the sequences reached to the sink, which writes them."""
    if not batch:
        return
    parties, matters = registrar.take_rows()
    rows = {"parties": parties, "matters": matters, "cases": [], "case_parties": [],
            "clocks": [], "events": [], "hearings": walker.hearings,
            "extensions": walker.extensions,
            "transfers": [{k: v for k, v in t.items() if k not in ("from", "to")}
                          for t in walker.transfers]}
    for case in batch:
        rows["cases"].append(case.finish())
        rows["case_parties"].extend({"case_id": case.id, "party_id": pid, "role": "petitioner"}
                                    for pid in dict.fromkeys(case.party_ids))
        rows["clocks"].extend(c.row() for c in case.clocks)
        rows["events"].extend(case.events)
    rows["cases"].sort(key=lambda r: r["id"])
    state = {"sequences": dict(ids.sequences), "touched": set(ids.touched),
             "next_ids": dict(ids.next), "matter_updates": walker.matter_updates,
             "count": len(batch)}
    ids.touched.clear()
    sink(rows, state)
    batch.clear()
    walker.hearings, walker.transfers, walker.extensions = [], [], []
    walker.matter_updates = []


def write_rows(conn, rows: dict, state: dict, *, copy: bool) -> None:
    """Write one batch: its search index rows, its rows, the sequences; caller commits."""
    rows["case_search"] = search_rows(conn, cases=rows["cases"],
                                      case_parties=rows["case_parties"],
                                      parties=rows["parties"], events=rows["events"])
    writer.write_batch(rows, sequences=state["sequences"], touched=state["touched"],
                       next_ids=state["next_ids"], copy=copy,
                       matter_updates=state["matter_updates"], conn=conn)


@contextmanager
def inline_sink(*, copy: bool, progress: Callable[[int], object] | None):
    """Yield a sink writing each batch in this process's session and committing it."""
    def sink(rows: dict, state: dict) -> None:
        write_rows(db.session.connection(), rows, state, copy=copy)
        db.session.commit()
        if progress:
            progress(state["count"])

    yield sink


def load_cast() -> Cast:
    """Return the demo bureau's actors: clerk, counsel, supervisor, handlers by department."""
    users = list(db.session.scalars(db.select(User).where(User.active.is_(True))))
    departments = dict(db.session.execute(db.select(Department.code, Department.id)).all())

    def first(role: str) -> int:
        return min(u.id for u in users if u.has_role(role))

    handlers: dict[str, list[int]] = {}
    for user in sorted(users, key=lambda u: u.id):
        if user.has_role(*WORKER_ROLES):
            handlers.setdefault(user.department.code, []).append(user.id)
    intake, legal = office("intake").code, office("legal").code
    handlers.setdefault(legal, []).append(first("counsel"))
    heads = {}
    for user in sorted(users, key=lambda u: u.id, reverse=True):
        if user.has_role("head"):
            heads[user.department.code] = user.id
    return Cast(clerk=first("clerk"), counsel=first("counsel"), supervisor=first("supervisor"),
                handlers=handlers, heads=heads, departments=departments, intake=intake,
                legal=legal)


def alert_rescheduler(now: datetime | None = None):
    """Return a function that sets a clock's next alert time as the services do.

    With `now` (the load), levels whose time had passed by then count as fired: the
    history is synthetic, and the first sweep after loading must not mail two years of
    alerts at once.
    """
    from petitiondesk.alerts.ladder import escalation, next_alert_at
    from petitiondesk.alerts.schedule import ladder, reschedule

    steps, zone = ladder(), tz()
    settled: dict[tuple, tuple] = {}  # (due_on, level, kind) -> (level, next alert): pure

    def catch_up(clock) -> None:
        if now is None or not clock.is_open:
            reschedule(clock)
            return
        key = (clock.due_on, clock.alert_level, clock.kind)
        found = settled.get(key)
        if found is None:
            level = clock.alert_level
            passed = escalation(clock.due_on, level or 0, steps, zone, kind=clock.kind,
                                now=now)
            if passed is not None:
                level = passed.new_level
            found = settled[key] = (level, next_alert_at(clock.due_on, level or 0, steps,
                                                         zone, kind=clock.kind))
        clock.alert_level, clock.next_alert_at = found

    return catch_up


def _diversion():
    """Return the intake diversion proposal function (category, track) → channels."""
    try:
        from petitiondesk.transfers.diversion_service import diversion_map
    except ImportError:
        return lambda *, category, track: None
    return diversion_map().proposal
