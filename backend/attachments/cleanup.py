"""Which store a session's attachments use, and removing bytes no row names any more.

The app gives its session factory the store (`bind_store`), so every unit of work — a request,
a CLI command — finds it with `store_of`. Bytes are removed only after the commit that removed
their last row: before it, a rollback would leave a row whose file is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from backend.attachments import repository
from backend.attachments.storage import AttachmentStore
from backend.db.session import READ_ONLY

log = logging.getLogger(__name__)
STORE_KEY = "attachment_store"


def bind_store(factory: sessionmaker[Session], store: AttachmentStore) -> None:
    factory.configure(info={STORE_KEY: store})


def store_of(session: Session) -> AttachmentStore | None:
    store: AttachmentStore | None = session.info.get(STORE_KEY)
    return store


def _discard_unused(session: Session, store: AttachmentStore, hashes: set[str]) -> None:
    """Removes the bytes of `hashes` that no committed attachment names, read afresh."""
    try:
        reader = session.get_bind().engine.execution_options(**READ_ONLY)
        # no upload of the same bytes is between keeping them and its commit meanwhile
        with store.guard(exclusive=True) as held, Session(reader) as check:
            for sha256 in sorted(hashes) if held else ():
                if not repository.still_used(check, sha256):
                    store.discard(sha256)
    except Exception:  # the transaction's outcome stands; an unused file harms no one
        log.warning("could not remove unused attachment files", exc_info=True)


def discard_after_commit(session: Session, hashes: Iterable[str]) -> None:
    """Once this transaction commits, removes the bytes of `hashes` no attachment names now.
    Without a store (a session made outside the app) the bytes stay: no row reaches them."""
    store, pending = store_of(session), set(hashes)
    if store is None or not pending:
        return
    event.listen(session, "after_commit", lambda s: _discard_unused(s, store, pending), once=True)


def hold_until_transaction_end(session: Session, store: AttachmentStore, sha256: str) -> None:
    """Takes the store's shared guard for the rest of this transaction (see `guard`); should
    the transaction not commit, the bytes of `sha256` go again unless another row names them."""
    guard = store.guard(exclusive=False)
    guard.__enter__()
    held: list[bool] = [True]
    committed: list[bool] = []

    def release(_: Session, transaction: SessionTransaction) -> None:
        # the outermost transaction (a flush ends inner ones); the listeners stay, spent
        if transaction.parent is None and held:
            held.clear()
            guard.__exit__(None, None, None)
            if not committed:
                _discard_unused(session, store, {sha256})

    event.listen(session, "after_commit", lambda _: committed.append(True), once=True)
    event.listen(session, "after_transaction_end", release)
