"""Provisional deadlines noticed outside a web request (CLI, scheduler) still tell admins."""

from datetime import date

from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.deadlines.notices import note_missing_years
from tests import factories


def test_a_missing_year_noticed_by_a_command_queues_the_admins_mail(db, clock):
    admin = factories.user("admin")
    missing = note_missing_years(first=date(2026, 12, 1), last=date(2027, 2, 1), now=clock.now)
    db.session.commit()
    assert missing == [2027]
    mail = db.session.scalar(db.select(OutboxMessage))
    assert mail.recipient == admin.email and "2027" in mail.subject
