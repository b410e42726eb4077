"""What goes wrong during the load: the active scheduler dies, a web host dies, sweeps run.

The controller watches how many operations were acknowledged and, at set fractions of
the planned load, SIGKILLs the scheduler holding the advisory lock (timing how long
until the standby holds it), SIGKILLs one web host's gunicorn (master and workers), and
starts `petitiondesk sweep` on the web hosts still up, beside the scheduler's own sweeps.
"""

from __future__ import annotations

import signal
import threading
import time

import psycopg

from petitiondesk.config import DEFAULTS

LOCK_ID = int(DEFAULTS["SCHEDULER_LOCK_ID"])
HOLDER = ("SELECT host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
          " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s")


def lock_holder(dsn: str, *, host_of) -> str | None:
    """Return the host holding the scheduler lock, or None."""
    with psycopg.connect(dsn, connect_timeout=5) as conn:
        row = conn.execute(HOLDER, (LOCK_ID >> 32, LOCK_ID & 0xFFFFFFFF)).fetchone()
    return host_of(row[0]) if row else None


class Faults:
    """Inject the faults at fractions of the planned load, from a thread of its own."""

    def __init__(self, *, load, hosts, dsn: str, schedulers: dict, webs: dict,
                 petitiondesk: str, kill_scheduler_at: float = 0.3, kill_web_at: float = 0.55,
                 sweeps_at: tuple[float, ...] = (0.15, 0.45, 0.75)):
        self.load, self.hosts, self.dsn = load, hosts, dsn
        self.schedulers, self.webs, self.cli = schedulers, webs, petitiondesk
        self.plan = sorted([(kill_scheduler_at, self.kill_scheduler),
                            (kill_web_at, self.kill_web)]
                           + [(at, self.sweep) for at in sweeps_at], key=lambda p: p[0])
        self.seen: dict = {"sweeps": []}
        self.sweeps: list = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _host_of(self, address):
        return self.hosts.topo.host_of(address)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; inject whatever the load ended before (a short run)."""
        self._stop.set()
        self._thread.join()
        for _, action in self.plan:
            action()
        self.plan = []

    def _watch(self) -> None:
        planned = max(1, self.load.planned_ops())
        while self.plan and not self._stop.wait(0.05):
            if self.load.ledger.acked() >= self.plan[0][0] * planned:
                self.plan.pop(0)[1]()

    def kill_scheduler(self) -> None:
        """SIGKILL the scheduler holding the lock; time the standby's takeover."""
        holder = lock_holder(self.dsn, host_of=self._host_of)
        self.seen.update(killed=holder, acked_at_kill=self.load.ledger.acked())
        if holder not in self.schedulers:
            return
        self.schedulers[holder].kill(signal.SIGKILL)
        killed_at = time.monotonic()
        deadline = killed_at + 30
        while time.monotonic() < deadline:
            now_holder = lock_holder(self.dsn, host_of=self._host_of)
            if now_holder is not None and now_holder != holder:
                self.seen.update(new_holder=now_holder,
                                 takeover_seconds=round(time.monotonic() - killed_at, 2))
                return
            time.sleep(0.05)

    def kill_web(self) -> None:
        """SIGKILL the second web host's gunicorn, master and workers."""
        name = sorted(self.webs)[-1]
        self.webs[name].kill(signal.SIGKILL)
        self.seen.update(web_killed=name, acked_at_web_kill=self.load.ledger.acked())

    def sweep(self) -> None:
        """Start `petitiondesk sweep` on every web host still up."""
        for name, web in sorted(self.webs.items()):
            if web.alive():
                n = len(self.sweeps) + 1
                self.sweeps.append(self.hosts.start(f"sweep-{n}-{name}", name,
                                                    [self.cli, "sweep"]))
                self.seen["sweeps"].append(name)

    def sweep_results(self, timeout: float = 120) -> list[tuple[str, int | None, str]]:
        """Wait for the sweeps and return (name, exit status, last line printed) of each."""
        results = []
        for proc in self.sweeps:
            try:
                code = proc.popen.wait(timeout=timeout)
            except Exception:  # noqa: BLE001 - a hung sweep is reported, not fatal here
                code = None
            results.append((proc.name, code, proc.tail(1)))
        return results
