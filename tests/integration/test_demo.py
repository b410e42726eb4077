"""`petitiondesk demo`: the bulk history is what the services would have written."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func

from petitiondesk.accounts.models import User
from petitiondesk.cases import intake
from petitiondesk.cases.chain import GENESIS, event_hash
from petitiondesk.cases.identity import id_number_problem
from petitiondesk.cases.models import Case, Event, NumberSequence, Party
from petitiondesk.cli.demo import demo_command
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.models import Clock, Extension
from petitiondesk.demo import vocab
from petitiondesk.transfers.models import Transfer

CASES = 300


@pytest.fixture
def demo(app, db, clock):
    """The demo loaded with 300 cases on a fixed day."""
    clock.local(2026, 11, 27, 10, 0)
    result = app.test_cli_runner().invoke(demo_command, ["--cases", str(CASES), "--seed", "7",
                                                         "--batch", "120"])
    assert result.exit_code == 0, result.output
    assert "demo-pass-2026" in result.output
    return clock


def _all(db, model, *order):
    return list(db.session.scalars(db.select(model).order_by(*order)))


def test_the_demo_loads_the_cases_asked_for_in_realistic_proportions(demo, db):
    cases = _all(db, Case, Case.id)
    assert len(cases) == CASES
    tracks = Counter(c.track for c in cases)
    assert 0.6 < tracks["petition"] / CASES < 0.85
    assert set(tracks) == {"petition", "mediation", "arbitration", "reconsideration",
                           "litigation"}
    still_open = [c for c in cases if c.status in ("registered", "accepted", "replied",
                                                   "reviewing")]
    assert 0.03 < len(still_open) / CASES < 0.3
    assert any(c.visitors >= 5 for c in cases), "some group visits"
    assert max(Counter(c.matter_id for c in cases).values()) > 1, "some matters go on"
    assert all(date(2024, 11, 27) <= c.received_on < date(2026, 11, 27) for c in cases)


def test_the_same_seed_tells_the_same_history_again(demo, app, db):
    def story(cases):
        return [(c.number[-6:], c.track, c.channel, c.title, c.received_on, c.status,
                 c.outcome, c.next_due_on, c.event_count) for c in cases]

    first = story(_all(db, Case, Case.id))
    result = app.test_cli_runner().invoke(demo_command, ["--cases", str(CASES), "--seed", "7"])
    assert result.exit_code == 0, result.output
    again = _all(db, Case, Case.id)[CASES:]
    assert [row[1:] for row in story(again)] == [row[1:] for row in first]


def test_parties_have_valid_id_numbers_and_some_come_back(demo, db):
    parties = _all(db, Party, Party.id)
    assert all(id_number_problem(p.id_number) is None for p in parties if p.id_number)
    cases_per_party = Counter(
        pid for (pid,) in db.session.execute(db.text("SELECT party_id FROM case_parties")))
    assert max(cases_per_party.values()) > 1


def test_numbers_have_no_gaps_and_intake_continues_them(demo, db):
    by_prefix = defaultdict(list)
    for case in _all(db, Case, Case.created_at):
        prefix, _, n = case.number.rpartition("-")
        by_prefix[prefix].append(int(n))
    stored = {s.prefix: s.last for s in _all(db, NumberSequence, NumberSequence.prefix)}
    for prefix, numbers in by_prefix.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix
        assert numbers == sorted(numbers), f"{prefix} numbers rise with registration time"
        assert stored[prefix] == len(numbers)
    clerk = db.session.scalar(db.select(User).where(User.email == "clerk@bureau.example"))
    case = intake.register_case(actor=clerk, now=demo.now, data={
        "track": "petition", "channel": "letter", "title": "关于安置房的信访",
        "description": "", "category": "resettlement", "area": "东城区",
        "received_on": date(2026, 11, 27), "parties": [{"name": "王五"}]})
    db.session.commit()
    assert case.number == f"XF-2026-{stored['XF-2026'] + 1:06d}"
    assert case.id == max(c.id for c in _all(db, Case, Case.id))


def test_every_timeline_verifies_and_ends_at_the_case_head(demo, db):
    events = defaultdict(list)
    for event in _all(db, Event, Event.case_id, Event.seq):
        events[event.case_id].append(event)
    for case in _all(db, Case, Case.id):
        prev = GENESIS
        chain = events[case.id]
        assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0].type == "registered"
        for event in chain:
            assert event.prev_hash == prev
            assert event.hash == event_hash(
                prev_hash=prev, case_id=case.id, seq=event.seq, type=event.type,
                occurred_on=event.occurred_on, created_at=event.created_at,
                actor_id=event.actor_id, data=event.data), (case.number, event.seq)
            assert event.created_at <= demo.now
            prev = event.hash
        assert [e.created_at for e in chain] == sorted(e.created_at for e in chain)
        assert (case.events_head, case.event_count) == (prev, len(chain))


def test_clocks_are_due_when_the_engine_says_and_cases_sort_on_the_earliest(demo, db):
    by_case = defaultdict(list)
    for clock in _all(db, Clock, Clock.id):
        due = clocks.due_for(clock, clocks.rules()[clock.key])
        assert (clock.due_on, clock.provisional) == (due.on, due.provisional), clock.key
        by_case[clock.case_id].append(clock)
    overdue = 0
    for case in _all(db, Case, Case.id):
        running = [c.due_on for c in by_case[case.id]
                   if c.is_open and c.kind == "obligation" and c.suspended_since is None]
        assert case.next_due_on == (min(running) if running else None), case.number
        overdue += bool(running) and min(running) < date(2026, 11, 27)
    assert overdue, "some open cases are overdue now"
    met = [c for cs in by_case.values() for c in cs if c.met_on]
    assert any(c.met_on > c.due_on for c in met), "some were late"
    assert sum(c.met_on <= c.due_on for c in met) > 0.8 * len(met)


# --- parity: a simulated case against the same story told through the services -------

SH = ZoneInfo("Asia/Shanghai")
# ids: the simulation numbers its rows apart from the services' rows
IGNORED_DATA = ("transfer_id", "extension", "hearing_id", "case_id", "superseded_transfers")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SH).astimezone(UTC)


def _events(rows) -> list[tuple]:
    return [(e["seq"], e["type"], e["occurred_on"], e["created_at"], e["actor_id"],
             {k: v for k, v in e["data"].items() if k not in IGNORED_DATA}) for e in rows]


def _clocks(rows) -> list[tuple]:
    keys = ("key", "kind", "variant", "started_on", "due_on", "provisional", "extended_days",
            "met_on", "cancelled", "next_alert_at", "alert_level", "suspended_since")
    return [tuple(r[k] for k in keys) + (r["transfer_id"] is not None,) for r in rows]


CASE_FIELDS = ("track", "channel", "status", "outcome", "department_id",
               "answerable_department_id", "assignee_id", "created_by_id", "transfers_count",
               "bounced", "supervised", "designated", "suspended", "next_due_on", "closed_on",
               "closed_at", "created_at", "updated_at", "event_count", "attributes",
               "diversion_proposal", "visitors", "received_on")


def test_a_simulated_petition_writes_what_the_services_write(app, db, clock):
    from petitiondesk.cases import actions
    from petitiondesk.deadlines.extensions import approve_extension, request_extension
    from petitiondesk.transfers import service as transfers

    clock.local(2026, 11, 27, 10, 0)
    sim, walker, user = _simulator(db, clock)
    d = {"in": date(2026, 9, 1), "send": date(2026, 9, 2), "take": date(2026, 9, 3),
         "accept": date(2026, 9, 4), "ask": date(2026, 10, 20), "grant": date(2026, 10, 21),
         "reply": date(2026, 11, 20), "close": date(2026, 11, 23)}
    reason, text = "属于贵科职责范围，请依法办理", "已向信访人解释政策依据"

    case = intake.register_case(actor=user["clerk"], now=_at(d["in"], 9), data={
        "track": "petition", "channel": "letter", "title": "反映东城区解放路拆迁施工噪音扰民",
        "description": "", "category": "other", "area": "东城区", "received_on": d["in"],
        "parties": [{"name": "王五"}]})
    sent = transfers.request_transfer(case=case, to_code="expropriation", reason=reason,
                                      actor=user["clerk"], now=_at(d["send"]))
    transfers.accept_transfer(transfer_id=sent.id, actor=user["handler"], now=_at(d["take"]))
    actions.accept(case, actor=user["handler"], now=_at(d["accept"]))
    extension = request_extension(case, clock="petition.handle", days=30,
                                  reason="案情复杂，需进一步调查核实", actor=user["handler"],
                                  now=_at(d["ask"]))
    approve_extension(extension, actor=user["head"], now=_at(d["grant"]))
    actions.reply(case, text=text, outcome="explained", actor=user["handler"],
                  now=_at(d["reply"]))
    actions.close(case, outcome="explained", actor=user["handler"], now=_at(d["close"]))
    db.session.commit()

    sim = sim(received_on=d["in"], track="petition", channel="letter", case=case,
              attributes={})
    walker.answer_transfer(sim, walker.transfer(sim, d["send"], "expropriation",
                                                actor=user["clerk"].id, reason=reason),
                           d["take"], accept=True)
    walker.accept(sim, d["accept"])
    assert walker.extend(sim, "petition.handle", d["ask"], 30, approve=True)
    walker.reply(sim, d["reply"], "explained", text)
    walker.close(sim, d["close"], "explained")

    assert [e["type"] for e in sim.events] == [
        "registered", "transfer_requested", "transfer_accepted", "accepted",
        "extension_requested", "extension_approved", "replied", "closed"]
    _assert_same(db, sim, case.id)
    moved = db.session.scalars(db.select(Transfer).where(Transfer.case_id == case.id)).one()
    for field in ("status", "received_on", "respond_by", "requested_by_id", "answered_by_id",
                  "answered_at", "by_supervisor", "from_department_id", "to_department_id"):
        assert walker.transfers[0][field] == getattr(moved, field), field
    granted = db.session.get(Extension, extension.id)
    for field in ("days", "status", "requested_by_id", "requested_at", "decided_by_id",
                  "decided_at", "decision_reason", "reason"):
        assert walker.extensions[0][field] == getattr(granted, field), field


def test_a_simulated_lawsuit_writes_what_the_services_write(app, db, clock):
    from petitiondesk.cases import actions
    from petitiondesk.legal.litigation import next_instance
    from petitiondesk.legal.models import Hearing

    clock.local(2026, 11, 27, 10, 0)
    sim, walker, user = _simulator(db, clock)
    d = {"in": date(2026, 6, 1), "accept": date(2026, 6, 2), "answer": date(2026, 6, 10),
         "schedule": date(2026, 6, 22), "hearing": date(2026, 7, 15),
         "judgment": date(2026, 8, 20), "appeal": date(2026, 8, 28),
         "next": date(2026, 9, 10), "close": date(2026, 9, 11)}
    attrs = {"court": "南湖区人民法院", "instance": "first", "our_role": "defendant",
             "court_case_number": "(2026)浙0102行初12号", "complaint_served_on": d["in"]}
    hearing = {"at": "2026-07-15T09:00:00+08:00", "place": "南湖区人民法院第一法庭"}
    appeared = {"appeared": ["郑局长", "刘律师"]}
    judgment = {"kind": "judgment", "outcome": "lost"}

    case = intake.register_case(actor=user["counsel"], now=_at(d["in"], 9), data={
        "track": "litigation", "channel": "court", "title": "对东城区房屋征收决定不服",
        "description": "", "category": "administrative_act", "area": "东城区",
        "received_on": d["in"], "parties": [{"name": "王五"}], "department": "legal",
        "attributes": attrs})
    sim = sim(received_on=d["in"], track="litigation", channel="court", case=case,
              attributes=attrs)
    for who in (walker, None):
        if who:
            who.accept(sim, d["accept"])
        else:
            actions.accept(case, actor=user["counsel"], now=_at(d["accept"]))
    steps = [("answer_submitted", "answer", {}), ("hearing_scheduled", "schedule", hearing),
             ("head_appeared", "hearing", appeared), ("judgment_served", "judgment", judgment),
             ("appeal_filed", "appeal", {})]
    for type, day, data in steps:
        walker.event(sim, type, d[day], data)
        actions.record_event(case, type=type, on=d[day], data=dict(data),
                             actor=user["counsel"], now=_at(d[day]))
    walker._next_instance(sim, d["next"])
    follow = walker.follow_ups[0]
    next_instance(case=case, actor=user["counsel"], now=sim.events[-1]["created_at"], data={
        "received_on": d["next"], "instance": "second", "court": follow.attributes["court"],
        "court_case_number": follow.attributes["court_case_number"]})
    walker.close(sim, d["close"], "lost")
    actions.close(case, outcome="lost", actor=user["counsel"], now=_at(d["close"]))
    db.session.commit()

    _assert_same(db, sim, case.id)
    stored = db.session.scalars(db.select(Hearing).where(Hearing.case_id == case.id)).one()
    for field in ("at", "place", "head_appeared", "appeared", "created_at"):
        assert walker.hearings[0][field] == getattr(stored, field), field


def _simulator(db, clock):
    """Return a factory of simulated cases with fixed instants, its walker, and the users."""
    from petitiondesk.demo.base import create_bureau
    from petitiondesk.demo.bulk import _diversion, alert_rescheduler, load_cast
    from petitiondesk.demo.register import Ids, Registrar
    from petitiondesk.demo.sim import Engine
    from petitiondesk.demo.walk import Walker
    from petitiondesk.demo.writer import number_sequences, start_ids
    from petitiondesk.transfers.routing_service import stored_routes

    create_bureau(now=clock.now)
    db.session.commit()
    user = {u.email.split("@")[0]: u for u in _all(db, User, User.id)}
    ids = Ids(start_ids(), number_sequences())
    ids.next["cases"] += 100  # clear of the cases the services register meanwhile
    engine = Engine(rules=clocks.rules(), calendar=clocks.load_calendar(), take_id=ids.take,
                    reschedule=alert_rescheduler())
    cast = load_cast()
    cast.handlers["expropriation"] = [user["handler"].id]
    walker = Walker(engine=engine, cast=cast, rng=random.Random(1), today=date(2026, 11, 27),
                    zone=SH, reserve_case_id=lambda: ids.take("cases"), can_follow=lambda: True)
    walker.at = lambda day, sim=None: _at(day)
    walker.later = lambda day, lo, hi: day + timedelta(days=lo)
    registrar = Registrar(engine=engine, walker=walker, cast=cast, ids=ids,
                          routes=stored_routes(), diversion=_diversion(), rng=walker.rng, salt=1)
    walker.registrar = registrar

    def simulated(*, received_on, track, channel, case, attributes):
        sim = registrar.register(
            received_on=received_on, track=track, channel=channel, now=case.created_at,
            matter={"id": case.matter_id, "title": case.title, "category": case.category,
                    "area": case.area}, party_ids=[1], visitors=0, attributes=attributes)
        sim.stall_at = 0
        return sim

    return simulated, walker, user


def _assert_same(db, sim, case_id: int) -> None:
    """The simulated case's row, events and clocks equal the stored ones."""
    row = sim.finish()
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    stored = [{c.name: getattr(e, c.name) for c in Event.__table__.columns}
              for e in _all(db, Event, Event.seq) if e.case_id == case_id]
    assert _events(sim.events) == _events(stored)
    assert _clocks([c.row() for c in sim.clocks]) == _clocks(
        [{c.name: getattr(k, c.name) for c in Clock.__table__.columns}
         for k in _all(db, Clock, Clock.id) if k.case_id == case_id])
    fields = [f for f in CASE_FIELDS if f != "attributes"]
    assert {f: row[f] for f in fields} == {f: getattr(case, f) for f in fields}
    same = {k: v for k, v in row["attributes"].items() if k != "next_case_id"}
    assert same == {k: v for k, v in case.attributes.items() if k != "next_case_id"}


def test_a_simulated_bounce_writes_what_the_services_write(app, db, clock):
    from petitiondesk.transfers import service as transfers
    from petitiondesk.transfers.designation import designate

    clock.local(2026, 11, 27, 10, 0)
    sim, walker, user = _simulator(db, clock)
    walker.cast.handlers["reserve"] = [user["handler2"].id]
    d = {"in": date(2026, 3, 2), "send": date(2026, 3, 3), "take": date(2026, 3, 4),
         "back": date(2026, 3, 5), "designate": date(2026, 3, 9)}
    there, back = "涉及土地收储，请核处", "属于征收补偿范围，退回"

    case = intake.register_case(actor=user["clerk"], now=_at(d["in"], 9), data={
        "track": "petition", "channel": "visit", "description": "",
        "title": "关于东城区解放路地块房屋征收补偿标准的异议", "category": "compensation",
        "area": "东城区", "received_on": d["in"],
        "parties": [{"name": "王五"}], "visitors": 1})
    sent = transfers.request_transfer(case=case, to_code="reserve", reason=there,
                                      actor=user["handler"], now=_at(d["send"]))
    transfers.accept_transfer(transfer_id=sent.id, actor=user["handler2"], now=_at(d["take"]))
    transfers.request_transfer(case=case, to_code="expropriation", reason=back,
                               actor=user["handler2"], now=_at(d["back"]))
    designate(case=case, department_code="expropriation", reason="指定主办",
              actor=user["supervisor"], now=_at(d["designate"]))
    db.session.commit()

    sim = sim(received_on=d["in"], track="petition", channel="visit", case=case, attributes={})
    walker.answer_transfer(sim, walker.transfer(sim, d["send"], "reserve",
                                                actor=user["handler"].id, reason=there),
                           d["take"], accept=True)
    walker.transfer(sim, d["back"], "expropriation", actor=user["handler2"].id, reason=back)
    walker.designate(sim, d["designate"], "expropriation")

    assert [e["type"] for e in sim.events] == [
        "registered", "transfer_requested", "transfer_accepted", "transfer_requested",
        "supervision_started", "designated"]
    _assert_same(db, sim, case.id)
    stored = _all(db, Transfer, Transfer.id)
    assert [(t["status"], t["answered_by_id"]) for t in walker.transfers] == [
        (t.status, t.answered_by_id) for t in stored]


def test_a_simulated_escalation_writes_what_the_services_write(app, db, clock):
    from petitiondesk.cases.models import Matter
    from petitiondesk.demo.lawsuits import ESCALATION_REASON
    from petitiondesk.demo.walk import FollowUp
    from petitiondesk.legal.service import escalate

    clock.local(2026, 11, 27, 10, 0)
    sim, walker, user = _simulator(db, clock)
    received, escalated_on, knew = date(2026, 5, 6), date(2026, 10, 12), date(2026, 9, 1)
    petition = intake.register_case(actor=user["clerk"], now=_at(received, 9), data={
        "track": "petition", "channel": "letter", "title": "东城区征收决定合法性争议",
        "description": "", "category": "administrative_act", "area": "东城区",
        "received_on": received, "parties": [{"name": "王五"}]})
    # a window into 2027 is provisional: the notice mail it sends needs a request's locale
    with app.test_request_context():
        guidance = escalate(matter=petition.matter, reason=ESCALATION_REASON,
                            knew_of_act_on=knew, actor=user["counsel"], now=_at(escalated_on))
    db.session.commit()

    matter = {"id": petition.matter_id, "title": petition.title, "area": "东城区",
              "category": "administrative_act"}
    registrar = walker.registrar
    sim = registrar.follow_up(FollowUp(
        escalated_on, 1, 1, "litigation", matter, [1], {"kind": "legal_guidance"},
        previous={"registered_at": _at(escalated_on),
                  "escalate": {"reason": ESCALATION_REASON, "knew": knew}}))
    assert [e["type"] for e in sim.events] == ["registered", "escalated"]
    _assert_same(db, sim, guidance.id)
    stored = db.session.get(Matter, petition.matter_id)
    assert walker.matter_updates == [{"b_id": stored.id, "legacy": stored.legacy,
                                      "escalated_at": stored.escalated_at,
                                      "knew_of_act_on": stored.knew_of_act_on}]


def test_a_simulated_review_and_suspension_write_what_the_services_write(app, db, clock):
    from petitiondesk.cases import actions
    from petitiondesk.deadlines.suspension import resume_case, suspend_case

    clock.local(2026, 11, 27, 10, 0)
    sim, walker, user = _simulator(db, clock)
    walker.cast.handlers["petition"] = [user["handler4"].id]
    d = {"in": date(2026, 3, 2), "accept": date(2026, 3, 3), "stop": date(2026, 3, 20),
         "go": date(2026, 4, 10), "reply": date(2026, 5, 6), "close": date(2026, 5, 8),
         "ask": date(2026, 5, 20), "answer": date(2026, 6, 10), "again": date(2026, 6, 12)}
    text = vocab.REPLY_TEXTS["not_supported"]

    case = intake.register_case(actor=user["clerk"], now=_at(d["in"], 9), data={
        "track": "petition", "channel": "online", "title": "对东城区房屋征收决定不服",
        "description": "", "category": "administrative_act", "area": "东城区",
        "received_on": d["in"], "parties": [{"name": "王五"}]})
    h = user["handler4"]  # no rule routes it: the petition office works it
    actions.accept(case, actor=h, now=_at(d["accept"]))
    suspend_case(case, reason="等待司法鉴定结论", actor=h, now=_at(d["stop"]))
    resume_case(case, reason="鉴定结论已作出", actor=h, now=_at(d["go"]))
    actions.reply(case, text=text, outcome="not_supported", actor=h, now=_at(d["reply"]))
    actions.close(case, outcome="not_supported", actor=h, now=_at(d["close"]))
    actions.record_event(case, type="review_requested", on=d["ask"], data={}, actor=h,
                         now=_at(d["ask"]))
    actions.reply(case, text=text, outcome="not_supported", actor=h, now=_at(d["answer"]))
    actions.close(case, outcome="not_supported", actor=h, now=_at(d["again"]))
    db.session.commit()

    sim = sim(received_on=d["in"], track="petition", channel="online", case=case,
              attributes={})
    walker.accept(sim, d["accept"])
    walker.suspend(sim, d["stop"])
    walker.resume(sim, d["go"])
    walker.reply(sim, d["reply"], "not_supported", text)
    walker.close(sim, d["close"], "not_supported")
    walker.event(sim, "review_requested", d["ask"])
    walker.reply(sim, d["answer"], "not_supported", text)
    walker.close(sim, d["again"], "not_supported")

    assert case.diversion_proposal and sim.values["diversion_proposal"]
    _assert_same(db, sim, case.id)


def test_the_first_sweep_after_loading_sends_no_backlog_of_old_alerts(demo, db):
    from petitiondesk.alerts.models import OutboxMessage
    from petitiondesk.alerts.sweep import sweep

    sweep(now=demo.now)
    db.session.commit()
    assert db.session.scalar(db.select(func.count(OutboxMessage.id))) == 0
    later = demo.now + timedelta(days=3)
    sweep(now=later)
    db.session.commit()
    # days later the levels that came due meanwhile are mailed as usual
    assert db.session.scalar(db.select(func.count(OutboxMessage.id))) > 0


def test_the_demo_fills_the_search_index_as_the_services_would(demo, db):
    from petitiondesk.search.index import TABLE
    from petitiondesk.search.rebuild import rebuild

    def indexed():
        key = "case_id" if db.engine.dialect.name == "postgresql" else "rowid"
        sql = f"SELECT {key}, body, content FROM {TABLE} ORDER BY {key}"
        return [tuple(r) for r in db.session.execute(db.text(sql))]

    filled = indexed()
    assert len(filled) == db.session.scalar(db.select(func.count(Case.id))) == CASES
    rebuild(db.session.connection())
    assert indexed() == filled
    wanted = db.session.scalars(db.select(Case).order_by(Case.id.desc())).first()
    found = intake.similar_to_intake({"title": wanted.title, "parties": []})
    assert wanted.matter_id in {m["id"] for m in found}


def test_a_model_trained_on_the_demo_history_suggests_most_departments_right(demo, db):
    from petitiondesk.suggest.service import train_model

    model = train_model(now=demo.now, minimum=20)
    assert model.held_out >= 5
    assert model.department_accuracy > 0.5 and model.category_accuracy > 0.5
