"""The loop that drains the outbox: in a thread of the API process (`start`/`stop`), or as the
main loop of `scenariohub worker` (`run`, stopped by `request_stop` from a signal handler).

It drains after each commit in its own process that wrote to the outbox, on start-up (a restart
applies whatever is pending) and every `poll_seconds` (rows written by other processes, rows
whose back-off has passed). Several loops may drain one PostgreSQL database at once: each claims
different rows (`FOR UPDATE SKIP LOCKED`).
"""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from backend.indexing.models import OutboxEntry
from backend.indexing.runtime import MatcherRuntime

log = logging.getLogger(__name__)
POLL_SECONDS = 5.0
# rows claimed per wake before the loop looks at the stop flag and the clock again
ROWS_PER_WAKE = 10_000
# the nice value of indexing: encoding and ranking yield the CPU to requests, which wait on it
BACKGROUND_NICE = 10


def lower_priority() -> None:
    """Give the calling thread (and the threads it starts later, e.g. the model's) a background
    CPU priority, so that indexing never lengthens the requests' tail. On Linux a thread has its
    own nice value; elsewhere this does nothing."""
    if not hasattr(os, "setpriority"):
        return
    try:
        thread = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, max(now, BACKGROUND_NICE))
    except OSError:  # not allowed here: indexing keeps the priority it has
        log.info("could not lower the index worker's CPU priority")


class IndexWorker:
    def __init__(
        self,
        runtime: MatcherRuntime,
        factory: sessionmaker[Session],
        *,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.runtime = runtime
        self.factory = factory
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        event.listen(factory, "after_flush", self._note_outbox)
        event.listen(factory, "after_commit", self._after_commit)

    def _note_outbox(self, session: Session, _ctx: object) -> None:
        if any(isinstance(o, OutboxEntry) for o in session.new):
            session.info["outbox_written"] = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("outbox_written", False):
            self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        """Drain in a background thread until `stop`."""
        self._thread = threading.Thread(target=self.run, name="index-worker", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        """Finish the batch in hand, then leave `run` (safe to call from a signal handler)."""
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.close()

    def close(self) -> None:
        if event.contains(self.factory, "after_flush", self._note_outbox):
            event.remove(self.factory, "after_flush", self._note_outbox)
            event.remove(self.factory, "after_commit", self._after_commit)

    def run(self) -> None:
        """Drain until asked to stop; a failed drain leaves the rows pending for the next wake."""
        lower_priority()
        try:
            self.runtime.matcher()  # load the model at start-up, off the request path
        except Exception:
            log.exception("the matcher could not be loaded")
        self._wake.set()  # a restart applies whatever is pending
        while not self._stop.is_set():
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                applied = self.runtime.drain(
                    self.factory, max_rows=ROWS_PER_WAKE, should_stop=self._stop.is_set
                )
            except Exception:  # the rows stay pending; the next wake tries again
                log.exception("outbox drain failed")
                continue
            if applied >= ROWS_PER_WAKE:
                self._wake.set()  # more may be waiting: go on without the poll pause
