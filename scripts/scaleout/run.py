"""The scenario, run on the client host: start the hosts, load, faults, drain, checks.

`python -m scaleout.run --run-id ID --root DIR` inside the client namespace (the
namespaces exist already, see scaleout.__main__). Prints the figures and exits non-zero
when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

from scaleout import checks
from scaleout.client import Api
from scaleout.faults import Faults, lock_holder
from scaleout.load import Load
from scaleout.pgcluster import Cluster
from scaleout.procs import Hosts, children, port_open, wait_for
from scaleout.seed import PASSWORD, USERS, email_of
from scaleout.topology import Topology

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv/bin"
WEB_PORT, SMTP_PORT = 8000, 2525
POLL, SWEEP, MAIL, LEASE = 1, 3, 1, 10  # seconds: the compressed schedule


def host_env(topo: Topology, cluster: Cluster, root: Path) -> dict[str, str]:
    """Return the environment every petitiondesk host runs with."""
    return {
        "PATH": f"{VENV}:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(root), "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT / "scripts"), "PYTHONUNBUFFERED": "1",
        "PETITIONDESK_DATABASE_URL": cluster.url(),
        "PETITIONDESK_SECRET_KEY": secrets.token_hex(32),
        "PETITIONDESK_MAIL_SERVER": topo.ip("smtp"), "PETITIONDESK_MAIL_PORT": str(SMTP_PORT),
        "PETITIONDESK_MAIL_DEFAULT_SENDER": "petitiondesk@bureau.test",
        "PETITIONDESK_LEADERSHIP_EMAILS": json.dumps([email_of("leader")]),
        "PETITIONDESK_BASE_URL": f"http://{topo.ip('web1')}:{WEB_PORT}",
        # attachments (the notices' PDFs) live on storage every web host shares
        "PETITIONDESK_ATTACHMENT_DIR": str(root / "shared/attachments"),
        "PETITIONDESK_SCHEDULER_LOCK_POLL_SECONDS": str(POLL),
        "PETITIONDESK_SCHEDULER_SWEEP_SECONDS": str(SWEEP),
        "PETITIONDESK_SCHEDULER_MAIL_SECONDS": str(MAIL),
        "PETITIONDESK_MAIL_LEASE_SECONDS": str(LEASE),
        "PETITIONDESK_MAIL_RETRY_SECONDS": "1",
    }


class Scenario:
    """The hosts of one run and what happened to them."""

    def __init__(self, args):
        self.args, self.root = args, Path(args.root)
        self.topo = Topology(args.run_id)
        (self.root / "logs").mkdir(exist_ok=True)
        (self.root / "shared/attachments").mkdir(parents=True, exist_ok=True)
        self.hosts = Hosts(self.topo, self.root / "logs", {})
        self.cluster = Cluster(self.hosts, self.root)
        self.hosts.env = host_env(self.topo, self.cluster, self.root)
        self.timings: dict[str, float] = {}
        self.mailfile = self.root / "mail.jsonl"

    def step(self, name: str, func, *args):
        """Run one step, print it and keep its duration."""
        started = time.monotonic()
        print(f"-- {name} ...", flush=True)
        result = func(*args)
        self.timings[name] = round(time.monotonic() - started, 1)
        return result

    def start_catcher(self) -> None:
        proc = self.hosts.start("smtp", "smtp", [str(VENV / "python"), "-m", "scaleout.catcher",
                                                 "--host", self.topo.ip("smtp"),
                                                 "--port", str(SMTP_PORT),
                                                 "--out", str(self.mailfile)])
        wait_for(lambda: port_open(self.topo.ip("smtp"), SMTP_PORT), timeout=60,
                 what="the SMTP catcher", proc=proc)

    def seed(self) -> None:
        done = self.hosts.run("sched1", [str(VENV / "python"), "-m", "scaleout.seed"],
                              timeout=300)
        (self.root / "logs/seed.log").write_text(done.stdout + done.stderr)
        if done.returncode:
            raise RuntimeError(f"seeding failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")

    def holder(self) -> str | None:
        return lock_holder(self.cluster.dsn(), host_of=self.topo.host_of)

    def start_schedulers(self) -> dict:
        first = self.hosts.start("sched1", "sched1", [str(VENV / "petitiondesk"), "scheduler"])
        wait_for(lambda: self.holder() == "sched1", timeout=90,
                 what="sched1 to hold the scheduler lock", proc=first)
        second = self.hosts.start("sched2", "sched2", [str(VENV / "petitiondesk"), "scheduler"])
        wait_for(lambda: "standing by" in second.log.read_text(errors="replace"), timeout=90,
                 what="sched2 to stand by", proc=second)
        return {"sched1": first, "sched2": second}

    def start_webs(self) -> dict:
        webs = {}
        for name in ("web1", "web2"):
            webs[name] = self.hosts.start(name, name, [
                str(VENV / "gunicorn"), "-w", "2", "-b", f"{self.topo.ip(name)}:{WEB_PORT}",
                "--chdir", str(ROOT), "--timeout", "120", "--graceful-timeout", "5",
                "--access-logfile", "-", "wsgi:app"])
        for name, proc in webs.items():
            wait_for(lambda n=name, p=proc: port_open(self.topo.ip(n), WEB_PORT)
                     and len(children(p.pid)) == 2, timeout=120,
                     what=f"{name} (gunicorn, 2 workers)", proc=proc)
        return webs

    def api(self) -> Api:
        return Api([(n, self.topo.ip(n), WEB_PORT) for n in ("web1", "web2")])

    def tokens(self, api: Api) -> dict[str, str]:
        return {local: api.token(email_of(local), PASSWORD) for local, _, _ in USERS}

    def drain(self, timeout: float) -> float:
        """Wait until every mail is sent and no clock is due, twice a sweep apart."""
        started = time.monotonic()

        def settled() -> bool:
            with psycopg.connect(self.cluster.dsn()) as conn:
                unsent = conn.execute("SELECT count(*) FROM outbox WHERE status <> 'sent'")
                due = conn.execute("SELECT count(*) FROM clocks WHERE next_alert_at <= now()")
                return unsent.fetchone()[0] == 0 and due.fetchone()[0] == 0

        def settled_twice() -> bool:
            if not settled():
                return False
            time.sleep(SWEEP + MAIL)  # a sweep that was running may still queue mail
            return settled()

        wait_for(settled_twice, timeout=timeout, what="the outbox to drain", every=0.5)
        return round(time.monotonic() - started, 1)

    def audit_verify(self, host: str, database: str):
        return self.hosts.run(host, [str(VENV / "petitiondesk"), "audit", "verify"], env={
            "PETITIONDESK_DATABASE_URL": self.cluster.url(database)}, timeout=300)


def local_today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def run(args) -> int:
    """Run the whole scenario and return the exit status."""
    sc = Scenario(args)
    found: list[checks.Check] = []
    seen: dict = {}
    try:
        found, seen = scenario(sc, args)
    except Exception as exc:  # noqa: BLE001 - a run that breaks is a failed check, reported
        traceback.print_exc()
        found.append(checks.Check("the scenario ran to the end", False, str(exc)))
    finally:
        sc.hosts.stop_all()
    return report(sc, found, seen, args)


def scenario(sc: Scenario, args) -> tuple[list[checks.Check], dict]:
    """Bring the hosts up, run the load with its faults, and check the outcome."""
    sc.step("PostgreSQL host (private cluster)", sc.cluster.start)
    sc.step("SMTP catcher host", sc.start_catcher)
    sc.step("seed (db upgrade, calendar, departments, users)", sc.seed)
    schedulers = sc.step("scheduler hosts", sc.start_schedulers)
    webs = sc.step("web hosts", sc.start_webs)
    api = sc.api()
    load = Load(api, sc.tokens(api), run_id=args.run_id, today=local_today(),
                stories=args.stories, seconds=args.seconds)
    faults = Faults(load=load, hosts=sc.hosts, dsn=sc.cluster.dsn(), schedulers=schedulers,
                    webs=webs, petitiondesk=str(VENV / "petitiondesk"))
    faults.start()
    sc.step("load with faults", load.run)
    faults.stop()
    seen = dict(faults.seen, stories=load.started, ops=len(load.ledger.ops))
    seen["sweep_exits"] = faults.sweep_results()
    seen["drain_seconds"] = sc.step("drain", sc.drain, LEASE + 120)
    for proc in list(schedulers.values()) + list(webs.values()):
        proc.stop()
    return verify(sc, load, seen), seen


def verify(sc: Scenario, load: Load, seen: dict) -> list[checks.Check]:
    """Run every check against the database, the catcher's log and the restored copy."""
    delivered = checks.deliveries(sc.mailfile)
    with psycopg.connect(sc.cluster.dsn()) as conn:
        found = [
            checks.acknowledged_writes(conn, load.ledger.ops, run_id=sc.args.run_id),
            checks.mails(conn, delivered, host_of=sc.topo.host_of, killed=seen.get("killed")),
            checks.numbering(conn),
            checks.takeover(seen, delivered, poll=POLL, slack=1.5, host_of=sc.topo.host_of),
            checks.sweeps(seen["sweep_exits"]),
            checks.audit("live database", sc.audit_verify("sched2", "petitiondesk")),
        ]
        backup = sc.step("pg_dump / pg_restore", sc.cluster.dump_and_restore)
        seen["dump_bytes"] = backup["dump_bytes"]
        with psycopg.connect(sc.cluster.dsn(backup["database"])) as copy:
            found.append(checks.same_counts(conn, copy))
        found.append(checks.audit("restored copy", sc.audit_verify("sched2",
                                                                   backup["database"])))
    return found


def report(sc: Scenario, found: list[checks.Check], seen: dict, args) -> int:
    """Print the figures; write them as JSON if asked; return 0 only if all passed."""
    print("\n== scale-out test figures")
    print(f"   hosts: db {sc.topo.ip('db')}, web1/web2 (gunicorn -w 2), sched1/sched2, smtp, "
          f"client; {seen.get('stories')} stories, {seen.get('ops')} operations")
    print(f"   steps (s): {json.dumps(sc.timings, ensure_ascii=False)}")
    if seen.get("web_killed"):
        print(f"   {seen['web_killed']} SIGKILLed after {seen['acked_at_web_kill']} acknowledged "
              f"operations; sweeps run on {', '.join(seen['sweeps'])}")
    for check in found:
        print(f"   [{'PASS' if check.ok else 'FAIL'}] {check.name}: {check.figure}")
    passed = bool(found) and all(c.ok for c in found)
    print(f"== scale-out test {'PASSED' if passed else 'FAILED'} "
          f"(logs in {sc.root / 'logs'}, removed at exit unless --keep)")
    if args.report:
        Path(args.report).write_text(json.dumps({
            "passed": passed, "timings": sc.timings, "seen": seen,
            "checks": [c.__dict__ for c in found]}, ensure_ascii=False, indent=2, default=str))
    return 0 if passed else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--stories", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--report")
    args = parser.parse_args()
    os.chdir(ROOT)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
