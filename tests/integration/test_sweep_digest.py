"""The daily digest: what is overdue and due soon in each user's queue, once a day."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

from datetime import datetime
from zoneinfo import ZoneInfo

from petitiondesk.alerts.jobs import run_digest, run_sender
from tests import factories
from tests.integration.mailbox import bureau, register, smtp  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2026, 12, 8, 8, 30, tzinfo=SHANGHAI)


def test_each_user_gets_one_digest_of_their_queue_per_day(db, clock, bureau, smtp):
    factories.user("handler", dept="reserve", email="elsewhere@bureau.test")
    overdue = register(bureau, clock.now)  # petition.notify due 2026-12-07, unassigned
    soon = register(bureau, clock.now, received_on="2026-11-25")  # due 2026-12-10
    run_digest(now=MORNING)
    run_digest(now=MORNING.replace(hour=9))
    run_sender(now=MORNING)
    assert smtp.inbox.recipients() == ["handler@bureau.test", "head@bureau.test",
                                       "other@bureau.test"]
    [mail] = smtp.inbox.to("head@bureau.test")
    text = mail.get_body(("plain",)).get_content()
    assert overdue.number in text and soon.number in text
    assert text.index(overdue.number) < text.index(soon.number)
    assert f"http://desk.test/cases/{soon.id}" in text
    run_digest(now=MORNING.replace(day=9))
    run_sender(now=MORNING.replace(day=9))
    assert len(smtp.inbox.to("head@bureau.test")) == 2


def test_a_user_who_turned_the_digest_off_gets_none(db, clock, bureau, smtp):
    register(bureau, clock.now)
    for person in ("handler", "other", "head"):
        bureau[person].digest_enabled = False
    db.session.commit()
    run_digest(now=MORNING)
    run_sender(now=MORNING)
    assert smtp.inbox.received == []


def test_nothing_due_means_no_digest(db, clock, bureau, smtp):
    register(bureau, clock.now, accept=True)  # petition.handle runs to 2027-01-26
    run_digest(now=MORNING)
    run_sender(now=MORNING)
    assert smtp.inbox.received == []
