"""The outbox loses nothing across SMTP outages and sends each mail exactly once."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

import logging
from datetime import UTC, datetime, timedelta

from petitiondesk.alerts.jobs import run_sender, run_sweep
from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.alerts.outbox import failed_count, queue_mail
from tests.integration.mailbox import bureau, register, smtp  # noqa: F401

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def queue(n: int, *, now=T0, prefix="m") -> None:
    for i in range(n):
        queue_mail(key=f"{prefix}:{i}", recipient=f"person{i}@bureau.test",
                   subject=f"subject {i}", text=f"text {i}", html=f"<p>html {i}</p>", now=now)


def statuses(db) -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(db.select(OutboxMessage.status)))


def test_mail_queued_in_a_rolled_back_change_is_never_sent(db, smtp):
    queue(2)
    db.session.rollback()
    run_sender(now=T0)
    assert statuses(db) == [] and smtp.inbox.received == []


def test_the_same_key_queues_one_mail_however_often_it_is_queued(db, smtp):
    assert queue_mail(key="k", recipient="a@bureau.test", subject="s", text="t", now=T0)
    assert not queue_mail(key="k", recipient="a@bureau.test", subject="s", text="t", now=T0)
    db.session.commit()
    run_sender(now=T0)
    run_sender(now=T0 + timedelta(hours=1))
    assert smtp.inbox.recipients() == ["a@bureau.test"]


def test_an_smtp_outage_loses_nothing_and_everything_arrives_once_when_it_is_back(db, smtp):
    queue(5)
    db.session.commit()
    smtp.stop()
    tried = run_sender(now=T0)
    assert (tried.sent, tried.retried) == (0, 5)
    assert run_sender(now=T0 + timedelta(seconds=30)).retried == 0  # backing off
    again = run_sender(now=T0 + timedelta(seconds=61))
    assert again.retried == 5  # still down: the next wait is twice as long
    assert run_sender(now=T0 + timedelta(seconds=150)).retried == 0
    smtp.start()
    back = run_sender(now=T0 + timedelta(seconds=190))
    assert back.sent == 5
    run_sender(now=T0 + timedelta(hours=5))
    assert smtp.inbox.recipients() == sorted(f"person{i}@bureau.test" for i in range(5))
    assert statuses(db) == ["sent"] * 5


def test_after_the_give_up_time_a_mail_is_failed_and_counted_for_administrators(
        app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_GIVE_UP_HOURS", 2)
    queue(3)
    db.session.commit()
    smtp.stop()
    run_sender(now=T0)
    assert failed_count() == 0
    result = run_sender(now=T0 + timedelta(hours=2, minutes=1))
    assert result.failed == 3 and failed_count() == 3
    row = db.session.scalar(db.select(OutboxMessage).limit(1))
    assert row.status == "failed" and "Connection" in row.last_error and row.attempts == 2
    smtp.start()
    run_sender(now=T0 + timedelta(hours=3))
    assert smtp.inbox.received == []


def test_without_a_mail_server_mail_is_logged_and_marked_sent(app, db, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    # the migrations' logging.fileConfig disables loggers that existed before it ran
    monkeypatch.setattr(logging.getLogger("petitiondesk.alerts.sender"), "disabled", False)
    queue(1)
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="petitiondesk.alerts.sender"):
        assert run_sender(now=T0).sent == 1
    assert "person0@bureau.test" in caplog.text and "subject 0" in caplog.text
    assert statuses(db) == ["sent"]


def test_attachments_arrive_with_the_mail(db, smtp):
    queue_mail(key="report:2026-11", recipient="leader@city.test", subject="月报",
               text="见附件", attachments=[("report.csv", "text/csv", b"a,b\n1,2\n")],
               now=T0)
    db.session.commit()
    run_sender(now=T0)
    [message] = smtp.inbox.to("leader@city.test")
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "report.csv" and part.get_content() == "a,b\n1,2\n"


def test_a_sweep_run_twice_at_the_same_instant_sends_nothing_twice(db, clock, bureau, smtp):
    register(bureau, clock.now)
    late = datetime(2026, 12, 20, 1, 0, tzinfo=UTC)
    first, second = run_sweep(now=late), run_sweep(now=late)
    run_sender(now=late)
    run_sender(now=late)
    assert first["mails"] == 4 and second["mails"] == 0
    assert len(smtp.inbox.keys()) == len(set(smtp.inbox.keys())) == 4


class SenderKilled(BaseException):
    """Stands for SIGKILL: nothing after it in the sender runs, not even a rollback."""


def _kill_sender_after(monkeypatch, name: str) -> None:
    """Make the sender die when it reaches `name` (a step of delivering one row)."""
    from petitiondesk.alerts import sender

    def die(*args, **kwargs):
        raise SenderKilled

    monkeypatch.setattr(sender, name, die)


def _run_until_killed(db) -> None:
    try:
        run_sender(now=T0)
    except SenderKilled:
        db.session.rollback()


def test_a_mail_claimed_by_a_sender_that_died_is_sent_once_the_lease_runs_out(
        app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_LEASE_SECONDS", 20)
    queue(1)
    db.session.commit()
    with monkeypatch.context() as dying:
        _kill_sender_after(dying, "_deliver")
        _run_until_killed(db)
    assert run_sender(now=T0 + timedelta(seconds=19)).sent == 0  # still the dead sender's
    assert run_sender(now=T0 + timedelta(seconds=21)).sent == 1
    assert smtp.inbox.recipients() == ["person0@bureau.test"]


def test_a_mail_sent_again_after_its_sender_died_carries_the_same_message_id(
        app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_LEASE_SECONDS", 20)
    queue(2)
    db.session.commit()
    with monkeypatch.context() as dying:
        _kill_sender_after(dying, "_mark_sent")  # the server has the mail; no commit
        _run_until_killed(db)
    run_sender(now=T0 + timedelta(seconds=21))
    ids = [(m["X-Petitiondesk-Key"], m["Message-ID"]) for _, m in smtp.inbox.received]
    assert [key for key, _ in ids] == ["m:0", "m:0", "m:1"]
    assert ids[0] == ids[1]  # the resend is recognisable
    assert ids[1][1] != ids[2][1]  # one Message-ID per outbox row
    assert ids[0][1].endswith("@localhost>")
