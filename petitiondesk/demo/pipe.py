"""A second process that writes the demo's batches while the first generates the next.

Generating a case history is pure Python and strictly sequential (one random stream);
so is turning rows into what the database stores. On two cores the two halves run
side by side: this process (forked, so it shares the app's configuration) receives
each batch's rows over a bounded queue, writes them on its own connection exactly as
the in-process path does (`bulk.write_rows`) and commits, in order. Results come back
on a second queue: the cases committed, or the error that stopped the writer.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable

from petitiondesk.extensions import db

AHEAD = 2  # batches generated but not yet written: memory stays flat
POLL = 1.0  # seconds between checks that the writer is still alive


class WriterFailed(RuntimeError):
    """The writer process stopped on an error; its traceback is the message."""


def available(url: str) -> bool:
    """Return whether a forked writer can share the database (a file or a server)."""
    in_memory = url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") == "sqlite:")
    return "fork" in multiprocessing.get_all_start_methods() and not in_memory


class ProcessSink:
    """Send batches to a forked writer process; a context manager that waits for it."""

    def __init__(self, *, copy: bool, progress: Callable[[int], object] | None):
        ctx = multiprocessing.get_context("fork")
        self.progress = progress
        self.batches = ctx.Queue(maxsize=AHEAD)
        self.results = ctx.Queue()
        db.session.commit()  # nothing of ours open while the writer writes
        db.engine.dispose(close=False)  # the child must not share our connections
        self.process = ctx.Process(target=_write_all, args=(self.batches, self.results, copy),
                                   name="demo-writer", daemon=True)
        self.process.start()

    def __call__(self, rows: dict, state: dict) -> None:
        """Queue one batch; raise if the writer has failed."""
        self._collect(block=False)
        while True:
            try:
                self.batches.put((rows, state), timeout=POLL)
                return
            except queue.Full:
                self._collect(block=False)
                if not self.process.is_alive():
                    raise WriterFailed("the demo writer process died") from None

    def _collect(self, *, block: bool) -> bool:
        """Advance the progress bar by what was committed; return True once done."""
        while True:
            try:
                kind, value = self.results.get(block=block, timeout=POLL if block else None)
            except queue.Empty:
                if block and not self.process.is_alive():
                    raise WriterFailed("the demo writer process died") from None
                if not block:
                    return False
                continue
            if kind == "error":
                raise WriterFailed(value)
            if kind == "done":
                return True
            if self.progress:
                self.progress(value)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        """Let the writer finish what was queued, then wait for it."""
        try:
            self.batches.put(None, timeout=60 if exc_type is None else 5)
            if exc_type is None:
                self._collect(block=True)
        except queue.Full:
            if exc_type is None:
                raise WriterFailed("the demo writer process stopped taking batches") from None
        finally:
            self.process.join(timeout=None if exc_type is None else 30)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join()


def _write_all(batches, results, copy: bool) -> None:
    """The writer process: write and commit each batch until the end marker."""
    from petitiondesk.demo import writer
    from petitiondesk.demo.bulk import write_rows

    try:
        with db.engine.connect() as conn:
            writer.prepare(conn)
            conn.commit()
            while (item := batches.get()) is not None:
                rows, state = item
                write_rows(conn, rows, state, copy=copy)
                conn.commit()
                results.put(("committed", state["count"]))
        results.put(("done", None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        results.put(("error", traceback.format_exc()))
