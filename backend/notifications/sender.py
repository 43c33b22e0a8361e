"""The loop that sends the mail outbox: a thread of the API process that drains the index
outbox, or of `scenariohub worker`. It wakes after each commit that queued e-mail in its own
process and every `poll_seconds` (mail queued by other processes, back-offs that have passed)."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.notifications import mail
from backend.notifications.models import MailMessage

log = logging.getLogger(__name__)
POLL_SECONDS = 5.0


class MailWorker:
    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: Settings,
        *,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        event.listen(factory, "after_flush", self._note_mail)
        event.listen(factory, "after_commit", self._after_commit)

    def _note_mail(self, session: Session, _ctx: object) -> None:
        if any(isinstance(o, MailMessage) for o in session.new):
            session.info["mail_written"] = True

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("mail_written", False):
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="mail-worker", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.close()

    def close(self) -> None:
        if event.contains(self.factory, "after_flush", self._note_mail):
            event.remove(self.factory, "after_flush", self._note_mail)
            event.remove(self.factory, "after_commit", self._after_commit)

    def run(self) -> None:
        self._wake.set()  # a restart sends whatever waits
        while not self._stop.is_set():
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                mail.drain(self.factory, self.settings)
            except Exception:  # the messages stay queued; the next wake tries again
                log.exception("sending the mail outbox failed")
