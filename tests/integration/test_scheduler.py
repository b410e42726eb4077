"""One scheduler is active at a time; a standby takes over when it dies; jobs commit alone."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from petitiondesk.alerts.jobs import guarded
from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.alerts.outbox import queue_mail
from petitiondesk.scheduler.lock import scheduler_lock
from petitiondesk.scheduler.runner import build_scheduler

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_lock(app, tmp_path, monkeypatch):
    """A lock no other test or process uses."""
    monkeypatch.setitem(app.config, "SCHEDULER_LOCK_FILE", str(tmp_path / "scheduler.lock"))
    monkeypatch.setitem(app.config, "SCHEDULER_LOCK_ID", random.randint(10**6, 10**9))
    return app.config


def test_the_jobs_are_the_sweep_the_sender_the_digest_at_half_past_eight_and_the_report(app):
    scheduler = build_scheduler(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"sweep", "mail", "digest", "monthly_report", "model_training",
                         "month_freeze"}
    friday = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
    digest = jobs["digest"].trigger.get_next_fire_time(None, friday)
    assert digest.isoformat() == "2026-11-28T08:30:00+08:00"
    report = jobs["monthly_report"].trigger.get_next_fire_time(None, friday)
    assert report.isoformat() == "2026-12-01T08:00:00+08:00"
    training = jobs["model_training"].trigger.get_next_fire_time(None, friday)
    assert training.isoformat() == "2026-12-01T03:00:00+08:00"
    freeze = jobs["month_freeze"].trigger.get_next_fire_time(None, friday)
    assert freeze.isoformat() == "2026-12-01T00:05:00+08:00"


def test_a_failing_job_rolls_back_what_it_queued(db):
    def broken(*, now):
        queue_mail(key="half-done", recipient="a@bureau.test", subject="s", text="t", now=now)
        raise RuntimeError("boom")

    assert guarded("broken job", broken, now=datetime(2026, 12, 1, tzinfo=UTC)) is None
    assert db.session.scalar(db.select(OutboxMessage.id)) is None


def test_a_second_lock_waits_until_the_first_is_released(app, db, own_lock):
    first, second = scheduler_lock(app), scheduler_lock(app)
    try:
        assert first.try_acquire()
        assert not second.try_acquire()
        first.release()
        assert second.try_acquire()
    finally:
        first.release()
        second.release()


def _scheduler_process(app, env: dict) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "petitiondesk"), "scheduler"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []  # everything the process printed so far, kept for every wait

    def pump():
        for line in process.stderr:
            lines.append(line)

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


def _first_line_with(streams: list[list[str]], text: str, timeout: float = 30) -> int:
    """Return the index of the first stream that has printed `text` (its whole output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for index, lines in enumerate(streams):
            if any(text in line for line in list(lines)):
                return index
        time.sleep(0.05)
    seen = "".join(line for lines in streams for line in list(lines))
    raise AssertionError(f"{text!r} not seen; got {seen[-2000:]}")


def test_a_standby_scheduler_takes_over_from_a_killed_one(app, db, own_lock):
    env = {**os.environ,
           "PETITIONDESK_DATABASE_URL": app.config["DATABASE_URL"],
           "PETITIONDESK_SECRET_KEY": "test-secret",
           "PETITIONDESK_SCHEDULER_LOCK_FILE": own_lock["SCHEDULER_LOCK_FILE"],
           "PETITIONDESK_SCHEDULER_LOCK_ID": str(own_lock["SCHEDULER_LOCK_ID"]),
           "PETITIONDESK_SCHEDULER_LOCK_POLL_SECONDS": "0.2",
           "PETITIONDESK_SCHEDULER_SWEEP_SECONDS": "3600",
           "PETITIONDESK_SCHEDULER_MAIL_SECONDS": "3600"}
    env.pop("PETITIONDESK_SETTINGS", None)
    started = [_scheduler_process(app, env) for _ in range(2)]
    processes, streams = [p for p, _ in started], [s for _, s in started]
    try:
        winner = _first_line_with(streams, "scheduler active")
        standby = 1 - winner
        assert _first_line_with([streams[standby]], "scheduler standing by") == 0
        processes[winner].send_signal(signal.SIGKILL)
        processes[winner].wait(timeout=10)
        assert _first_line_with([streams[standby]], "scheduler active", timeout=15) == 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def test_the_web_process_runs_the_scheduler_in_the_background_and_stops_it(app, db, own_lock,
                                                                            monkeypatch):
    from petitiondesk.scheduler.runner import start_background

    monkeypatch.setitem(app.config, "SCHEDULER_LOCK_POLL_SECONDS", 0.1)
    thread = start_background(app)
    probe = scheduler_lock(app)
    try:
        deadline = time.monotonic() + 10
        while probe.try_acquire():  # until the background scheduler holds the lock
            probe.release()
            assert time.monotonic() < deadline, "the background scheduler never started"
            time.sleep(0.05)
        thread.stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()
        deadline = time.monotonic() + 10  # PostgreSQL frees it as the connection ends
        while not probe.try_acquire():
            assert time.monotonic() < deadline, "the lock was never released"
            time.sleep(0.05)
    finally:
        thread.stop.set()
        probe.release()


def test_the_monthly_training_job_trains_once_there_is_enough_history(app, db, clock):
    from petitiondesk.alerts.jobs import run_model_training
    from petitiondesk.suggest.models import SuggestionModel
    from tests import factories
    from tests.api.test_suggestions_api import _history

    for code in ("petition", "expropriation", "reserve"):
        factories.department(code)
    db.session.commit()
    assert run_model_training(now=clock.now) is None  # too few closed cases: logged
    assert db.session.scalars(db.select(SuggestionModel)).all() == []
    _history(db, clock)
    assert run_model_training(now=clock.now).version == 1
    assert db.session.scalar(db.select(SuggestionModel.version)) == 1
