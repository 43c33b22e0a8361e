"""A background thread that drains the outbox after each commit that wrote to it."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from backend.indexing.models import OutboxEntry
from backend.indexing.runtime import MatcherRuntime

log = logging.getLogger(__name__)
POLL_SECONDS = 5.0


class IndexWorker:
    def __init__(self, runtime: MatcherRuntime, factory: sessionmaker[Session]) -> None:
        self.runtime = runtime
        self.factory = factory
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-worker", daemon=True)
        event.listen(factory, "after_flush", self._note_outbox)
        event.listen(factory, "after_commit", self._after_commit)

    def _note_outbox(self, session: Session, _ctx: object) -> None:
        if any(isinstance(o, OutboxEntry) for o in session.new):
            session.info["outbox_written"] = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("outbox_written", False):
            self._wake.set()

    def start(self) -> None:
        self._wake.set()  # a restart applies whatever is pending
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)
        event.remove(self.factory, "after_flush", self._note_outbox)
        event.remove(self.factory, "after_commit", self._after_commit)

    def _run(self) -> None:
        try:
            self.runtime.matcher()  # load the model at start-up, off the request path
        except Exception:
            log.exception("the matcher could not be loaded")
        while not self._stop.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.runtime.drain(self.factory)
            except Exception:  # the rows stay pending; the next wake tries again
                log.exception("outbox drain failed")
