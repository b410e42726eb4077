"""`python -m scaleout [--can-run] [--stories N] [--seconds S] [--keep] [--report F]`.

On the machine's own namespace: check that namespaces can be made, create the run's
hosts, run the scenario on the client host (scaleout.run), and always remove the
hosts, their processes and the run's directory (unless --keep) afterwards.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from scaleout import topology
from scaleout.pgcluster import bindir

ROOT = Path(__file__).resolve().parents[2]


def why_not() -> str | None:
    """Return why the test cannot run here, or None when it can."""
    if os.geteuid() != 0:
        return "not root (network namespaces need root)"
    if shutil.which("ip") is None or shutil.which("setpriv") is None:
        return "the ip (iproute2) or setpriv (util-linux) command is missing"
    if bindir() is None:
        return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
    probe = f"pdso-probe-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode:
        return f"ip netns does not work here: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    if not (ROOT / ".venv/bin/gunicorn").exists():
        return "no .venv with gunicorn (run scripts/setup)"
    return None


def cleanup(run_id: str, root: Path | None, keep: bool) -> None:
    """Remove the run's namespaces (killing what runs in them) and its directory."""
    removed = topology.destroy(run_id)
    if removed:
        print(f"-- removed namespaces {', '.join(removed)}", flush=True)
    if root is not None and not keep:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/scaleout-test")
    parser.add_argument("--can-run", action="store_true",
                        help="only say whether the test can run here (exit 0) or why not")
    parser.add_argument("--stories", type=int, default=150, help="petitions the load registers")
    parser.add_argument("--seconds", type=float, default=90, help="time limit of the load")
    parser.add_argument("--keep", action="store_true", help="keep the run's directory (logs)")
    parser.add_argument("--report", help="write the figures as JSON to this file")
    parser.add_argument("--cleanup", metavar="RUN_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cleanup:
        cleanup(args.cleanup, None, True)
        return 0
    reason = why_not()
    if args.can_run or reason:
        print(reason or "the scale-out test can run here")
        return 0 if reason is None else 2
    return run(args)


def run(args) -> int:
    run_id = os.environ.get("SCALEOUT_RUN_ID") or secrets.token_hex(3)
    root = Path(tempfile.mkdtemp(prefix=f"pdso-{run_id}-"))
    root.chmod(0o755)  # the postgres user reads its data directory under it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    topo = topology.Topology(run_id)
    print(f"== scale-out test, run {run_id}, in {root}", flush=True)
    try:
        topology.create(topo)
        report = ["--report", os.path.abspath(args.report)] if args.report else []
        done = subprocess.run(topo.exec_prefix("client") + [
            str(ROOT / ".venv/bin/python"), "-m", "scaleout.run", "--run-id", run_id,
            "--root", str(root), "--stories", str(args.stories),
            "--seconds", str(args.seconds), *report],
            env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")}, cwd=ROOT)
        return done.returncode
    finally:
        cleanup(run_id, root, args.keep)


if __name__ == "__main__":
    sys.exit(main())
