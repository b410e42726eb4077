"""The app in its own gunicorn process on the test database, to kill and disturb it."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "petitiondesk-under-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """gunicorn serving wsgi:app in a new process group, so it can be killed whole; or,
    with `serve=True`, `petitiondesk serve` (the embedded default: one process, threads)."""

    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 4,
                 serve: bool = False):
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        if database_url.startswith("postgresql"):  # so a test can find its connections
            sep = "&" if "?" in database_url else "?"
            database_url = f"{database_url}{sep}application_name={APP_NAME}"
        env = {**os.environ, "PETITIONDESK_DATABASE_URL": database_url,
               "PETITIONDESK_SECRET_KEY": "fault-test", "PETITIONDESK_LOGIN_RATE_LIMIT": "0"}
        command = ([str(ROOT / ".venv/bin/petitiondesk"), "serve", "--port", str(self.port),
                    "--threads", str(threads), "--no-scheduler"] if serve else
                   [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "--threads",
                    str(threads), "-b", f"127.0.0.1:{self.port}", "--preload", "wsgi:app"])
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=self.log)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(self.log.read().decode()[-2000:])
            try:
                if self.request("GET", "/api/v1/openapi.json")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def request(self, method: str, path: str, body=None, token: str | None = None):
        """Send one request on a fresh connection; return (status, parsed JSON or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
            answer = conn.getresponse()
            raw = answer.read()
            is_json = answer.getheader("Content-Type", "").startswith("application/json")
            return answer.status, json.loads(raw) if is_json and raw else None
        finally:
            conn.close()

    def token(self, email: str, password: str) -> str:
        """Return a bearer token for the user."""
        status, body = self.request("POST", "/api/v1/auth/tokens",
                                    {"email": email, "password": password})
        assert status == 201, body
        return body["token"]

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server if it still runs."""
        if self.proc.poll() is None:
            self.kill()
        self.log.close()
