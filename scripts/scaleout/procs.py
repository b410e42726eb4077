"""Programs on the hosts: started in their namespace, logged to a file, stopped by pid."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from scaleout.topology import Topology


class Proc:
    """One program this run started on one host (its own process group)."""

    def __init__(self, name: str, host: str, popen: subprocess.Popen, log: Path,
                 stop_signal: int = signal.SIGTERM):
        self.name, self.host, self.popen, self.log = name, host, popen, log
        self.stop_signal = stop_signal

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send a signal to the program and everything it started (its process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 15) -> None:
        """Stop the program with its stop signal, then SIGKILL if it lingers."""
        if not self.alive():
            return
        self.kill(self.stop_signal)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def tail(self, lines: int = 15) -> str:
        """Return the end of the program's log."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Hosts:
    """Start programs on the run's hosts and stop them all at the end."""

    def __init__(self, topo: Topology, logs: Path, env: dict[str, str]):
        self.topo, self.logs, self.env = topo, logs, env
        self.procs: list[Proc] = []

    def start(self, name: str, host: str, argv: list[str], *, env: dict | None = None,
              user: str | None = None, stop_signal: int = signal.SIGTERM) -> Proc:
        """Start argv on a host in the background; its output goes to logs/NAME.log."""
        prefix = self.topo.exec_prefix(host)
        if user:
            prefix += ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups"]
        log = self.logs / f"{name}.log"
        with open(log, "ab") as out:
            popen = subprocess.Popen(prefix + argv, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env={**self.env, **(env or {})},
                                     start_new_session=True)
        proc = Proc(name, host, popen, log, stop_signal)
        self.procs.append(proc)
        return proc

    def run(self, host: str, argv: list[str], *, env: dict | None = None,
            user: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run argv on a host to the end; return what it printed."""
        prefix = self.topo.exec_prefix(host)
        if user:
            prefix += ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups"]
        return subprocess.run(prefix + argv, capture_output=True, text=True, timeout=timeout,
                              env={**self.env, **(env or {})})

    def stop_all(self) -> None:
        """Stop every program this run started, newest first."""
        for proc in reversed(self.procs):
            with contextlib.suppress(Exception):
                proc.stop(timeout=10)


def wait_for(check, *, timeout: float, what: str, proc: Proc | None = None,
             every: float = 0.2):
    """Poll check() until it returns something truthy; raise naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited while waiting for {what}:\n{proc.tail()}")
        time.sleep(every)
    tail = f"\n{proc.tail()}" if proc is not None else ""
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}{tail}")


def port_open(address: str, port: int) -> bool:
    """Return whether a TCP port answers (from the calling process's namespace)."""
    try:
        socket.create_connection((address, port), timeout=1).close()
        return True
    except OSError:
        return False


def children(pid: int) -> list[int]:
    """Return the pids of a process's children (a gunicorn master's workers)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
