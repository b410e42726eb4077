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


class SenderDied(BaseException):
    """The sender process ending between the SMTP server's 250 and the commit."""


def test_a_sender_dying_after_smtp_accepted_resends_with_the_same_message_id(
        db, smtp, monkeypatch):
    from petitiondesk.alerts import sender

    queue(2)
    db.session.commit()
    mark_sent = sender._mark_sent

    def die(row, **kwargs):
        raise SenderDied  # the mail is with the SMTP server; the commit never happens

    monkeypatch.setattr(sender, "_mark_sent", die)
    try:
        run_sender(now=T0)
    except SenderDied:
        db.session.rollback()  # what the database does with a dead process's transaction
    assert [m["X-Petitiondesk-Key"] for _, m in smtp.inbox.received] == ["m:0"]
    assert statuses(db) == ["pending", "pending"]

    monkeypatch.setattr(sender, "_mark_sent", mark_sent)
    assert run_sender(now=T0 + timedelta(minutes=1)).sent == 0  # both still claimed
    assert run_sender(now=T0 + sender.LEASE + timedelta(seconds=1)).sent == 2  # m:0 again
    assert statuses(db) == ["sent", "sent"]

    first = [m for _, m in smtp.inbox.received if m["X-Petitiondesk-Key"] == "m:0"]
    other = [m for _, m in smtp.inbox.received if m["X-Petitiondesk-Key"] == "m:1"]
    assert len(first) == 2, "the mail the dead sender had delivered is sent once more"
    ids = {m["Message-ID"] for m in first}
    assert len(ids) == 1, f"the resend must carry the first copy's Message-ID, not {ids}"
    assert ids != {other[0]["Message-ID"]}
    assert first[0]["Message-ID"].endswith("@localhost>")  # MAIL_DEFAULT_SENDER's domain
