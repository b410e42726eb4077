"""`petitiondesk sweep --now`: one sweep at that instant, then the mail that is due."""
# ruff: noqa: F811 - the fixtures imported from tests.integration.mailbox are parameters

from petitiondesk.alerts.cli import sweep_command
from tests.integration.mailbox import bureau, register, smtp  # noqa: F401


def test_the_sweep_command_escalates_and_sends_at_the_given_instant(app, db, clock, bureau,
                                                                    smtp):
    register(bureau, clock.now)
    runner = app.test_cli_runner()
    result = runner.invoke(sweep_command, ["--now", "2026-12-08T09:00:00+08:00"])
    assert result.exit_code == 0, result.output
    assert "1 clock(s) escalated" in result.output and "mail sent 3" in result.output
    again = runner.invoke(sweep_command, ["--now", "2026-12-08T09:05:00+08:00"])
    assert again.exit_code == 0 and "0 clock(s) escalated" in again.output
    assert len(smtp.inbox.received) == 3


def test_an_instant_without_an_offset_is_refused(app, db):
    result = app.test_cli_runner().invoke(sweep_command, ["--now", "2026-12-08T09:00:00"])
    assert result.exit_code == 2 and "offset" in result.output
