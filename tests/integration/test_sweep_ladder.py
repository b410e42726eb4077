"""Overdue cases produce exactly the mails the ladder says, through a real SMTP server."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

from datetime import datetime
from zoneinfo import ZoneInfo

from petitiondesk.alerts.jobs import run_sender, run_sweep
from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.cases import actions
from petitiondesk.cases.models import Case, Event
from petitiondesk.deadlines.models import Clock
from tests import factories
from tests.integration.mailbox import bureau, register, smtp  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDLERS = ["handler@bureau.test", "other@bureau.test"]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def sweep_and_send(now):
    summary = run_sweep(now=now)
    run_sender(now=now)
    return summary


def notify_clock(db, case) -> Clock:
    return db.session.scalar(db.select(Clock).where(Clock.case_id == case.id,
                                                    Clock.key == "petition.notify"))


def test_each_level_reaches_its_people_once_as_the_days_pass(app, db, clock, bureau, smtp,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "LEADERSHIP_EMAILS", ["leader@city.test"])
    case = register(bureau, clock.now)  # unassigned; petition.notify due 2026-12-07
    assert notify_clock(db, case).due_on.isoformat() == "2026-12-07"

    sweep_and_send(at(2026, 12, 3, 23, 0))
    assert smtp.inbox.received == []
    sweep_and_send(at(2026, 12, 4, 9, 0))
    assert smtp.inbox.recipients() == HANDLERS
    sweep_and_send(at(2026, 12, 8, 9, 0))
    sweep_and_send(at(2026, 12, 8, 9, 1))
    assert smtp.inbox.recipients() == sorted(HANDLERS * 2 + ["head@bureau.test"])
    sweep_and_send(at(2026, 12, 13, 9, 0))
    assert sorted(smtp.inbox.recipients()) == sorted(
        HANDLERS * 2 + ["head@bureau.test"] * 2 + ["supervisor@bureau.test"])
    sweep_and_send(at(2026, 12, 23, 9, 0))
    assert smtp.inbox.to("leader@city.test") and len(smtp.inbox.received) == 8
    assert len(set(smtp.inbox.keys())) == 8

    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.supervised and "petition.notify" in case.supervision_reason
    levels = [e.data["level"] for e in db.session.scalars(
        db.select(Event).where(Event.case_id == case.id, Event.type == "escalated")
        .order_by(Event.seq))]
    assert levels == ["reminder", "overdue", "supervision", "leadership"]
    assert notify_clock(db, case).next_alert_at is None


def test_after_days_without_a_sweep_each_person_gets_one_mail_at_the_highest_level(
        db, clock, bureau, smtp):
    case = register(bureau, clock.now)
    sweep_and_send(at(2026, 12, 20, 9, 0))
    assert smtp.inbox.recipients() == sorted(
        HANDLERS + ["head@bureau.test", "supervisor@bureau.test"])
    subjects = {m["Subject"] for _, m in smtp.inbox.received}
    assert all("supervision" in s or "督办" in s for s in subjects), subjects
    events = db.session.scalars(db.select(Event).where(
        Event.case_id == case.id, Event.type == "escalated").order_by(Event.seq)).all()
    assert [e.data["level"] for e in events] == ["reminder", "overdue", "supervision"]
    assert sorted(events[-1].data["notified"]) == sorted(
        HANDLERS + ["head@bureau.test", "supervisor@bureau.test"])


def test_a_mail_names_the_case_and_deadline_in_the_readers_language_with_a_link(
        db, clock, bureau, smtp):
    case = register(bureau, clock.now)
    sweep_and_send(at(2026, 12, 8, 9, 0))
    chinese, english = smtp.inbox.to("handler@bureau.test")[0], smtp.inbox.to(
        "other@bureau.test")[0]
    for message in (chinese, english):
        assert case.number in message["Subject"] and "2026-12-07" in message["Subject"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"http://desk.test/cases/{case.id}" in text
        assert f'href="http://desk.test/cases/{case.id}"' in html
    assert "告知" in chinese["Subject"] or "受理" in chinese["Subject"]
    assert "Notify" in english["Subject"] or "notify" in english["Subject"]


def test_a_met_deadline_sends_nothing_more(db, clock, bureau, smtp):
    register(bureau, clock.now, accept=True)  # accepting meets petition.notify
    sweep_and_send(at(2026, 12, 20, 9, 0))
    assert smtp.inbox.received == []
    assert db.session.scalar(db.select(OutboxMessage.id)) is None


def test_a_window_alerts_department_and_counsel_before_it_lapses_and_never_as_overdue(
        db, clock, bureau, smtp):
    factories.user("counsel", dept="legal", email="counsel@bureau.test")
    case = register(bureau, clock.now, accept=True)
    actions.reply(case, text="已答复", outcome="explained", actor=bureau["handler"],
                  now=clock.now)
    db.session.commit()
    window = db.session.scalar(db.select(Clock).where(
        Clock.case_id == case.id, Clock.key == "window.review_request"))
    sweep_and_send(at(2027, 6, 1, 9, 0))
    assert smtp.inbox.recipients() == ["counsel@bureau.test", "handler@bureau.test"]
    db.session.expire_all()
    assert not db.session.get(Case, case.id).supervised
    assert db.session.get(Clock, window.id).next_alert_at is None


def test_a_suspended_clock_waits_and_alerts_once_it_runs_again(db, clock, bureau, smtp):
    case = register(bureau, clock.now)
    stopped = notify_clock(db, case)
    stopped.suspended_since = stopped.started_on
    db.session.commit()
    sweep_and_send(at(2026, 12, 20, 9, 0))
    assert smtp.inbox.received == []
    assert notify_clock(db, case).next_alert_at == at(2026, 12, 21, 9, 0)


def test_a_clock_is_scheduled_for_its_first_level_when_it_starts_and_unscheduled_when_met(
        db, clock, bureau):
    case = register(bureau, clock.now)
    assert notify_clock(db, case).next_alert_at == at(2026, 12, 4)  # the reminder
    actions.accept(case, actor=bureau["handler"], now=clock.now)
    db.session.commit()
    assert notify_clock(db, case).next_alert_at is None


def test_one_clock_that_fails_does_not_stop_the_others_and_is_retried(db, clock, bureau, smtp,
                                                                      monkeypatch):
    from petitiondesk.alerts import sweep as sweeping

    broken, fine = register(bureau, clock.now), register(bureau, clock.now)
    real = sweeping.alert_mail

    def fail_for_one(*, case, **kwargs):
        if case.id == broken.id:
            raise RuntimeError("template broke")
        return real(case=case, **kwargs)

    monkeypatch.setattr(sweeping, "alert_mail", fail_for_one)
    summary = sweep_and_send(at(2026, 12, 8, 9, 0))
    assert summary["failed"] == [notify_clock(db, broken).id]
    assert {m["X-Petitiondesk-Key"].split(":")[1] for _, m in smtp.inbox.received} == {
        str(notify_clock(db, fine).id)}
    monkeypatch.setattr(sweeping, "alert_mail", real)
    assert sweep_and_send(at(2026, 12, 8, 9, 1))["escalated"] == 1
    assert len(smtp.inbox.received) == 6
