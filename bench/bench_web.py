"""Time the pages and API over HTTP through gunicorn on a database filled by the demo.

Usage (from the repository root, on a database that `petitiondesk demo --cases N` filled):
    PYTHONPATH=. .venv/bin/python bench/bench_web.py --database-url URL --label pg-100k
    PYTHONPATH=. .venv/bin/python bench/bench_web.py --database-url URL --reads-only

Reads: one gunicorn worker; the queue's first page (GET / and GET /api/v1/cases) as the
demo's handler (one department) and as the clerk (all cases), with and without a
clock_state filter, and one case (GET /cases/{id}, GET /api/v1/cases/{id}); requests one
after another (latency, not throughput), after a few unmeasured warm-up requests.
Intake: POST /api/v1/cases as the clerk with 1, 2 and 4 workers, a bounded number of
requests from a fixed number of client threads, then the same against bench/baseline_app.py
(one INSERT per request) on the same database and workers; the ratio is the figure.
Memory: the resident set (RSS) of the web worker after the reads and its intake run.
Every figure carries the 1-minute load average when it was taken. Only 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DOMAIN = "bureau.example"
PASSWORD = "demo-pass-2026"  # petitiondesk.demo.base.DEMO_PASSWORD


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(app_spec: str, *, workers: int, env: dict, chdir: Path = ROOT):
    """Start gunicorn on a free local port; return (process, base URL) once it answers."""
    port = free_port()
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"{HOST}:{port}",
           "--timeout", "120", "--chdir", str(chdir), app_spec]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            if len(worker_pids(proc.pid)) == workers:
                time.sleep(0.5)
                return proc, f"http://{HOST}:{port}"
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"gunicorn did not start: {' '.join(cmd)}")


def stop_server(proc) -> None:
    """Stop the gunicorn this script started (its master; workers follow)."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def worker_pids(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def rss_mib(pid: int) -> float:
    """Return a process's resident set size in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load1() -> float:
    """Return the 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def pct(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]
                 * 1000, 1)


def signed_in(base: str, local: str) -> requests.Session:
    """Return a session signed in to the pages as the demo user `local`."""
    s = requests.Session()
    form = s.get(f"{base}/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', form)
    answer = s.post(f"{base}/login", data={"email": f"{local}@{DOMAIN}", "password": PASSWORD,
                                           "csrf_token": token.group(1)}, allow_redirects=False)
    assert answer.status_code in (302, 303), (answer.status_code, answer.text[:300])
    return s


def api_session(base: str, local: str) -> requests.Session:
    """Return a session carrying an API token for the demo user `local`."""
    s = requests.Session()
    answer = s.post(f"{base}/api/v1/auth/tokens",
                    json={"email": f"{local}@{DOMAIN}", "password": PASSWORD})
    assert answer.status_code == 201, answer.text[:300]
    s.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return s


def time_get(session: requests.Session, url: str, *, n: int, warmup: int = 3) -> dict:
    """GET a URL n times one after another; return p50, p95 and the load average."""
    for _ in range(warmup):
        assert session.get(url).status_code == 200, url
    took = []
    for _ in range(n):
        start = time.perf_counter()
        answer = session.get(url)
        took.append(time.perf_counter() - start)
        assert answer.status_code == 200, (url, answer.status_code)
    return {"n": n, "p50_ms": pct(took, 50), "p95_ms": pct(took, 95), "load1": load1()}


def reads(base: str, *, n: int) -> dict:
    """Time the queue's first page and a case page as a handler and as the clerk."""
    handler, clerk = signed_in(base, "handler"), signed_in(base, "clerk")
    handler_api, clerk_api = api_session(base, "handler"), api_session(base, "clerk")
    first = handler_api.get(f"{base}/api/v1/cases?per_page=1").json()["items"][0]["id"]
    urls = {
        "GET / (handler)": (handler, "/"),
        "GET /?state=overdue (handler)": (handler, "/?state=overdue"),
        "GET / (clerk)": (clerk, "/"),
        "GET /api/v1/cases (handler)": (handler_api, "/api/v1/cases"),
        "GET /api/v1/cases?clock_state=overdue (handler)":
            (handler_api, "/api/v1/cases?clock_state=overdue"),
        "GET /api/v1/cases (clerk)": (clerk_api, "/api/v1/cases"),
        "GET /api/v1/cases?clock_state=due_soon (clerk)":
            (clerk_api, "/api/v1/cases?clock_state=due_soon"),
        f"GET /cases/{{id}} (handler, id {first})": (handler, f"/cases/{first}"),
        f"GET /api/v1/cases/{{id}} (handler, id {first})": (handler_api, f"/api/v1/cases/{first}"),
    }
    results = {}
    for name, (session, path) in urls.items():
        results[name] = time_get(session, base + path, n=n)
        print(f"  {name:<55} p50 {results[name]['p50_ms']:>7} ms  "
              f"p95 {results[name]['p95_ms']:>7} ms  load {results[name]['load1']}", flush=True)
    return results


_ids = iter(range(10**9))
_ids_lock = threading.Lock()


def intake_body(today: date) -> dict:
    """Return a valid POST /api/v1/cases body with a fresh resident ID number."""
    from petitiondesk.cases.identity import check_digit

    with _ids_lock:
        seq = next(_ids)
    first17 = f"330102{1950 + seq % 50}{1 + seq % 12:02d}{1 + seq % 28:02d}{seq % 1000:03d}"
    return {"track": "petition", "channel": "letter", "title": f"关于房屋征收补偿的信访 {seq}",
            "description": "要求提高补偿标准", "category": random.choice(
                ["compensation", "land_reserve", "funding", "other"]), "area": "东城区",
            "received_on": today.isoformat(),
            "parties": [{"name": "王小明", "id_number": first17 + check_digit(first17),
                         "phone": "13800001111"}]}


def post_load(url: str, make_session, *, n: int, threads: int, today: date) -> dict:
    """POST n bodies from `threads` client threads; return rate, p50, p95, load."""
    local = threading.local()

    def one(_):
        if not hasattr(local, "s"):
            local.s = make_session()
        start = time.perf_counter()
        answer = local.s.post(url, json=intake_body(today))
        assert answer.status_code == 201, (answer.status_code, answer.text[:300])
        return time.perf_counter() - start

    for _ in range(threads):  # warm up: imports, caches, connections
        one(None)
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        took = list(pool.map(one, range(n)))
    wall = time.perf_counter() - start
    return {"n": n, "threads": threads, "per_s": round(n / wall, 1),
            "p50_ms": pct(took, 50), "p95_ms": pct(took, 95), "load1": load1()}


def intake(app_env: dict, url: str, *, workers: int, n: int, threads: int, today: date) -> dict:
    """Measure real intake and the one-row baseline with the same workers; return both."""
    proc, base = start_server("wsgi:app", workers=workers, env=app_env)
    try:
        real = post_load(f"{base}/api/v1/cases", lambda: api_session(base, "clerk"),
                         n=n, threads=threads, today=today)
        real["worker_rss_mib"] = [round(rss_mib(p), 1) for p in worker_pids(proc.pid)]
    finally:
        stop_server(proc)
    result = {"intake": real}
    if url.startswith("postgresql"):
        proc, base = start_server("baseline_app:app", workers=workers,
                                  env={"BASELINE_DATABASE_URL": url}, chdir=ROOT / "bench")
        try:
            result["baseline"] = post_load(f"{base}/insert", requests.Session, n=n,
                                           threads=threads, today=today)
        finally:
            stop_server(proc)
        result["ratio"] = round(real["per_s"] / result["baseline"]["per_s"], 3)
    return result


def main() -> None:
    """Run the reads, the memory reading and the intake; print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--reads", type=int, default=60, help="requests per URL")
    parser.add_argument("--intake", type=int, default=300, help="POSTs per worker count")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--reads-only", action="store_true")
    parser.add_argument("--intake-only", action="store_true")
    parser.add_argument("--out", default="bench/results-web.jsonl")
    args = parser.parse_args()
    env = {"PETITIONDESK_DATABASE_URL": args.database_url, "PETITIONDESK_SECRET_KEY": "bench",
           "PETITIONDESK_LOGIN_RATE_LIMIT": "0"}
    record = {"label": args.label, "at": datetime.now().astimezone().isoformat(timespec="seconds"),
              "machine": f"{os.cpu_count()} cores, {sys.platform}", "load_before": load1()}
    if not args.intake_only:
        proc, base = start_server("wsgi:app", workers=1, env=env)
        try:
            print(f"reads ({args.label}), one worker:", flush=True)
            record["reads"] = reads(base, n=args.reads)
            record["worker_rss_after_reads_mib"] = round(rss_mib(worker_pids(proc.pid)[0]), 1)
            print(f"  worker RSS after the reads: {record['worker_rss_after_reads_mib']} MiB")
        finally:
            stop_server(proc)
    if not args.reads_only:
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the demo's time zone
        record["intake"] = {}
        for workers in args.workers:
            got = intake(env, args.database_url, workers=workers, n=args.intake,
                         threads=args.threads, today=today)
            record["intake"][workers] = got
            print(f"intake, {workers} worker(s): {json.dumps(got)}", flush=True)
    with open(ROOT / args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
