"""A real SMTP server on loopback for the alert tests, and cases that run late."""

from __future__ import annotations

import email
import socket
import threading
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from petitiondesk.cases import actions, intake
from petitiondesk.cases.schemas import CaseCreateSchema
from tests import factories


class Inbox:
    """What the SMTP server received: (recipient, parsed message) pairs."""

    def __init__(self):
        self.received: list[tuple[str, email.message.EmailMessage]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.received.extend((rcpt, message) for rcpt in envelope.rcpt_tos)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        """Return the messages delivered to one address."""
        return [m for rcpt, m in self.received if rcpt == address]

    def recipients(self) -> list[str]:
        """Return every delivery's recipient, sorted (repeats show duplicates)."""
        return sorted(rcpt for rcpt, _ in self.received)

    def keys(self) -> list[str]:
        """Return every delivery's outbox key (repeats show duplicates)."""
        return [m["X-Petitiondesk-Key"] for _, m in self.received]


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that a test can stop and start again."""

    def __init__(self):
        self.inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(app, monkeypatch):
    """A running SMTP server the app sends to."""
    server = SmtpServer()
    server.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    yield server
    server.stop()


@pytest.fixture
def bureau(db):
    """A handling department with a handler, a head, a supervisor and leadership mail."""
    factories.department("petition")
    factories.department("expropriation")
    people = {
        "clerk": factories.user("clerk"),
        "handler": factories.user("handler", dept="expropriation", email="handler@bureau.test"),
        "other": factories.user("handler", dept="expropriation", email="other@bureau.test",
                                locale="en"),
        "head": factories.user("head", dept="expropriation", email="head@bureau.test"),
        "supervisor": factories.user("supervisor", dept="petition",
                                     email="supervisor@bureau.test"),
    }
    db.session.commit()
    return people


def register(bureau, now, *, received_on="2026-11-20", accept=False):
    """Register a petition for the handling department (accepted by the handler if asked)."""
    body = factories.intake_body(department="expropriation", received_on=received_on)
    case = intake.register_case(data=CaseCreateSchema().load(body), actor=bureau["clerk"],
                                now=now)
    if accept:
        actions.accept(case, actor=bureau["handler"], now=now)
    from petitiondesk.extensions import db

    db.session.commit()
    return case
