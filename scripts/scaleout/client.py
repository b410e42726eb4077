"""The REST client of the load: one Idempotency-Key per operation, failover between hosts.

An operation goes to its preferred web host; when that host does not answer (refused,
reset, timed out) or answers 409/5xx, it is retried with the same Idempotency-Key on
the next host, so a retry of something that did commit replays the first answer
instead of doing it twice. Every attempt is kept for the report.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

RETRY_STATUSES = {409, 500, 502, 503, 504}
ATTEMPTS = 8


@dataclass
class Answer:
    """The last answer to an operation and every attempt that led to it."""

    status: int | None = None
    body: dict | list | None = None
    attempts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Api:
    """Call the API on a list of (host name, address, port), failing over in order."""

    def __init__(self, hosts: list[tuple[str, str, int]], *, timeout: float = 60):
        self.hosts, self.timeout = hosts, timeout
        self._local = threading.local()

    def _conn(self, index: int) -> http.client.HTTPConnection:
        conns = self._local.__dict__.setdefault("conns", {})
        if index not in conns:
            _, address, port = self.hosts[index]
            conns[index] = http.client.HTTPConnection(address, port, timeout=self.timeout)
        return conns[index]

    def _drop(self, index: int) -> None:
        conn = self._local.__dict__.get("conns", {}).pop(index, None)
        if conn is not None:
            conn.close()

    def once(self, index: int, method: str, path: str, body, headers: dict):
        """Send one request to one host; return (status, parsed body)."""
        conn = self._conn(index)
        data = None if body is None else json.dumps(body).encode()
        try:
            conn.request(method, path, body=data, headers={
                "Content-Type": "application/json", **headers})
            answer = conn.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException):
            self._drop(index)
            raise
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = {"raw": raw[:200].decode(errors="replace")}
        return answer.status, parsed

    def call(self, method: str, path: str, body=None, *, token: str | None = None,
             prefer: int = 0, key: str | None = None) -> Answer:
        """Do one operation, retried with its key across hosts until it gets an answer."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if method == "POST" and token:
            headers["Idempotency-Key"] = key or uuid.uuid4().hex
        result = Answer()
        for attempt in range(ATTEMPTS):
            index = (prefer + attempt) % len(self.hosts)
            name = self.hosts[index][0]
            try:
                result.status, result.body = self.once(index, method, path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                result.status, result.body = None, None
                result.attempts.append((name, type(exc).__name__))
            else:
                result.attempts.append((name, str(result.status)))
                if result.status not in RETRY_STATUSES:
                    return result
            time.sleep(min(0.1 * 2 ** attempt, 2.0))
        return result

    def token(self, email: str, password: str) -> str:
        """Return an API token for a user."""
        answer = self.call("POST", "/api/v1/auth/tokens", {"email": email, "password": password})
        if answer.status != 201:
            raise RuntimeError(f"no token for {email}: {answer.status} {answer.body}")
        return answer.body["token"]
