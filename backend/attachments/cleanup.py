"""Which store a session's attachments use, and removing bytes no row names any more.

The app gives its session factory the store (`bind_store`), so every unit of work — a request,
a CLI command — finds it with `store_of`. Bytes are removed only after the commit that removed
their last row: before it, a rollback would leave a row whose file is gone.

Two attachments with the same content share one stored object, so removing it must not race an
upload of the same bytes that has kept them but not yet committed its row — on this machine or
on another one using the same bucket. The database decides, under its own lock on the bytes
(`lock_bytes`): an upload holds it shared from before it keeps the bytes until its transaction
ends; removal holds it exclusively while a query finds that no committed row names the bytes
and the store removes them. An in-process or a per-machine lock could not see the other machines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from backend.attachments import repository
from backend.attachments.storage import AttachmentStore

log = logging.getLogger(__name__)
STORE_KEY = "attachment_store"
# PostgreSQL advisory locks on attachment bytes: (this namespace, 32 bits of the hash); a shared
# 32-bit prefix of two hashes only makes one wait for the other
LOCK_NAMESPACE = 0x4154_5443
# how long a removal waits for uploads of the same bytes to commit; then it leaves them (an
# unused object harms no one)
DISCARD_WAIT_SECONDS = 5.0


def bind_store(factory: sessionmaker[Session], store: AttachmentStore) -> None:
    factory.configure(info={STORE_KEY: store})


def store_of(session: Session) -> AttachmentStore | None:
    store: AttachmentStore | None = session.info.get(STORE_KEY)
    return store


def lock_bytes(session: Session, sha256: str, *, exclusive: bool) -> None:
    """Holds the database's lock on the bytes of `sha256` until this transaction ends.

    PostgreSQL: an advisory transaction lock, shared or exclusive, seen by every machine on the
    database. SQLite: the database's write lock, which every writing transaction already holds
    from its BEGIN IMMEDIATE (see db/session.py) — one SQLite file serves one machine."""
    connection = session.connection()  # begins the transaction (on SQLite, takes the lock)
    if connection.dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    connection.execute(
        text(f"SELECT {function}(CAST(:namespace AS integer), CAST(:key AS integer))"),
        {"namespace": LOCK_NAMESPACE, "key": int(sha256[:8], 16) - 2**31},
    )


def discard_unused(
    engine: Engine,
    store: AttachmentStore,
    hashes: Iterable[str],
    *,
    wait_seconds: float | None = None,
) -> set[str]:
    """Removes the bytes of `hashes` that no committed attachment names, each decided in its
    own transaction under the exclusive lock on them; the hashes whose bytes were removed."""
    wait = DISCARD_WAIT_SECONDS if wait_seconds is None else wait_seconds
    removed: set[str] = set()
    writer = engine.execution_options(scenariohub_read_only=False)
    for sha256 in sorted(set(hashes)):
        try:
            with Session(writer) as check, check.begin():
                if writer.dialect.name == "postgresql":
                    check.execute(
                        text("SELECT set_config('lock_timeout', :wait, true)"),
                        {"wait": f"{max(int(wait * 1000), 1)}ms"},
                    )
                lock_bytes(check, sha256, exclusive=True)
                if not repository.still_used(check, sha256):
                    store.discard(sha256)
                    removed.add(sha256)
        except Exception:  # the transaction's outcome stands; an unused object harms no one
            log.warning("could not remove unused attachment bytes %s", sha256, exc_info=True)
    return removed


def _engine_of(session: Session) -> Engine:
    return session.get_bind().engine


def discard_after_commit(session: Session, hashes: Iterable[str]) -> None:
    """Once this transaction commits, removes the bytes of `hashes` no attachment names now.
    Without a store (a session made outside the app) the bytes stay: no row reaches them."""
    store, pending = store_of(session), set(hashes)
    if store is None or not pending:
        return
    event.listen(
        session,
        "after_commit",
        lambda s: discard_unused(_engine_of(s), store, pending),
        once=True,
    )


def hold_until_transaction_end(session: Session, store: AttachmentStore, sha256: str) -> None:
    """Takes the shared lock on the bytes of `sha256` for the rest of this transaction (call it
    before keeping them); should the transaction not commit, the bytes go again unless another
    row names them."""
    lock_bytes(session, sha256, exclusive=False)
    pending: list[bool] = [True]
    committed: list[bool] = []

    def release(_: Session, transaction: SessionTransaction) -> None:
        # the outermost transaction (a flush ends inner ones); the listeners stay, spent
        if transaction.parent is None and pending:
            pending.clear()
            if not committed:
                discard_unused(_engine_of(session), store, {sha256})

    event.listen(session, "after_commit", lambda _: committed.append(True), once=True)
    event.listen(session, "after_transaction_end", release)
