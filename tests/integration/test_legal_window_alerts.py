"""The petitioner's windows opened at escalation warn counsel before they lapse."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

from datetime import date, datetime
from zoneinfo import ZoneInfo

from petitiondesk.alerts.jobs import run_sweep
from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.legal.service import escalate
from tests import factories
from tests.integration.mailbox import bureau, register  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _mail_to(db, address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage)
                                   .where(OutboxMessage.recipient == address)))


def test_counsel_is_warned_a_week_before_the_reconsideration_window_lapses(db, clock, bureau):
    factories.department("legal")
    counsel = factories.user("counsel", dept="legal", email="counsel@bureau.test")
    case = register(bureau, clock.now)
    escalate(matter=case.matter, reason="引导诉讼", knew_of_act_on=date(2026, 10, 15),
             actor=counsel, now=clock.now)
    db.session.commit()
    # window.reconsideration runs out on 2026-12-14; the ladder warns 7 days before
    run_sweep(now=datetime(2026, 12, 6, 23, 0, tzinfo=SHANGHAI))
    assert _mail_to(db, "counsel@bureau.test") == []
    run_sweep(now=datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI))
    assert len(_mail_to(db, "counsel@bureau.test")) == 1
