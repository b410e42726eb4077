"""The SMTP catcher: accepts every mail and writes one JSON line per delivery.

Run on the smtp host: `python -m scaleout.catcher --host IP --port 2525 --out FILE`.
Each line: the recipient, the outbox key (X-Petitiondesk-Key), the Message-ID, the
sending host's address and the time, flushed at once so a reader never misses one.
"""

from __future__ import annotations

import argparse
import email
import json
import signal
import threading
import time
from email.policy import default

from aiosmtpd.controller import Controller


class Recorder:
    """An aiosmtpd handler appending each delivery to a file."""

    def __init__(self, path: str):
        self._out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the run
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._lock:
            for rcpt in envelope.rcpt_tos:
                self._out.write(json.dumps({
                    "rcpt": rcpt, "key": message["X-Petitiondesk-Key"],
                    "message_id": message["Message-ID"], "peer": session.peer[0],
                    "at": time.time()}) + "\n")
            self._out.flush()
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(Recorder(args.out), hostname=args.host, port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"catcher listening on {args.host}:{args.port}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
