"""Run the scheduled jobs in exactly one process: standbys wait for the lock.

Jobs: the escalation sweep (with deemed-accepted transfers) every minute, the mail
sender every 15 s, the daily digest at 08:30 local, the monthly report on the 1st at
08:00. Each job opens its own app context and commits itself (alerts/jobs.py).
"""

from __future__ import annotations

import logging
import threading
import time as systime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from petitiondesk.core.timeutil import now_utc
from petitiondesk.extensions import db
from petitiondesk.scheduler.lock import scheduler_lock

log = logging.getLogger(__name__)


def app_job(app: Flask, func):
    """Wrap a job function: its own app context and session, `now` passed in."""

    def run():
        with app.app_context():
            try:
                func(now=now_utc())
            finally:
                db.session.remove()

    run.__name__ = func.__name__
    return run


def build_scheduler(app: Flask, cls: type[BaseScheduler] = BackgroundScheduler) -> BaseScheduler:
    """Return a scheduler with every job added, not yet started."""
    from petitiondesk.alerts import jobs

    cfg = app.config
    zone = cfg["TIMEZONE"]
    hour, minute = (int(part) for part in str(cfg["DIGEST_TIME"]).split(":"))
    scheduler = cls(timezone=zone, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 60})
    scheduler.add_job(app_job(app, jobs.run_sweep), "interval", id="sweep",
                      seconds=cfg["SCHEDULER_SWEEP_SECONDS"], next_run_time=now_utc())
    scheduler.add_job(app_job(app, jobs.run_sender), "interval", id="mail",
                      seconds=cfg["SCHEDULER_MAIL_SECONDS"])
    # a digest or report missed while no scheduler ran still goes out later that
    # morning; their outbox keys keep them to one a day and one a month
    scheduler.add_job(app_job(app, jobs.run_digest), CronTrigger(
        hour=hour, minute=minute, timezone=zone), id="digest", misfire_grace_time=4 * 3600)
    scheduler.add_job(app_job(app, jobs.run_monthly_report), CronTrigger(
        day=1, hour=8, minute=0, timezone=zone), id="monthly_report",
        misfire_grace_time=12 * 3600)
    # the routing suggestions learn from last month's closed cases too
    scheduler.add_job(app_job(app, jobs.run_model_training), CronTrigger(
        day=1, hour=3, minute=0, timezone=zone), id="model_training",
        misfire_grace_time=12 * 3600)
    # a closed month's statistics are frozen once, just after it ends (stats/snapshots.py)
    scheduler.add_job(app_job(app, jobs.run_month_freeze), CronTrigger(
        day=1, hour=0, minute=5, timezone=zone), id="month_freeze",
        misfire_grace_time=24 * 3600)
    return scheduler


def wait_for_lock(app: Flask, *, stop: threading.Event | None = None):
    """Block until this process holds the single-active lock; return it (None if stopped)."""
    lock, announced = scheduler_lock(app), False
    poll = float(app.config["SCHEDULER_LOCK_POLL_SECONDS"])
    while stop is None or not stop.is_set():
        try:
            if lock.try_acquire():
                log.warning("scheduler active (%s held)", lock)
                return lock
        except Exception as exc:  # noqa: BLE001 - the database may be restarting
            log.warning("scheduler lock not reachable: %s", exc)
            lock.release()
        if not announced:
            log.warning("scheduler standing by: %s is held by another process", lock)
            announced = True
        if stop is not None:
            stop.wait(poll)
        else:
            systime.sleep(poll)
    return None


def _watch(scheduler: BaseScheduler, lock, app: Flask) -> None:
    """Stop the jobs if the lock's connection dies, so a standby can take over cleanly."""

    def check():
        if not lock.alive():
            log.error("scheduler lost %s; stopping its jobs", lock)
            scheduler.shutdown(wait=False)

    scheduler.add_job(check, "interval", id="lock_watch",
                      seconds=max(1.0, float(app.config["SCHEDULER_LOCK_POLL_SECONDS"])))


def run_blocking(app: Flask) -> None:
    """Run the scheduler in this process until killed, standing by while another runs."""
    while True:
        lock = wait_for_lock(app)
        scheduler = build_scheduler(app, BlockingScheduler)
        _watch(scheduler, lock, app)
        try:
            scheduler.start()
        finally:
            lock.release()


def start_background(app: Flask) -> threading.Thread:
    """Run the scheduler inside the web process, in a daemon thread that waits its turn."""
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            lock = wait_for_lock(app, stop=stop)
            if lock is None:
                return
            scheduler = build_scheduler(app, BackgroundScheduler)
            _watch(scheduler, lock, app)
            scheduler.start()
            while scheduler.running and not stop.wait(1.0):
                pass
            if scheduler.running:
                scheduler.shutdown(wait=False)
            lock.release()

    thread = threading.Thread(target=serve, name="petitiondesk-scheduler", daemon=True)
    thread.stop = stop  # lets tests and shutdown hooks end it
    thread.start()
    return thread
