"""Where attachment bytes live: a store behind a small protocol, content-addressed by sha256.

The default store is a folder under the data directory. An upload is first *staged*: read in
chunks into a temporary file beside the store while its hash and size are counted, stopping as
soon as it passes the limit. Only a staged file whose content was accepted is *kept*, by an
atomic rename to its content address, so a reader never sees half a file. Files are never
served by their path: the API opens them by hash and streams them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK_BYTES = 64 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class TooLarge(Exception):
    """The upload passed the size limit; nothing was kept."""


class BlobMissing(Exception):
    """No bytes stored under this hash (deleted or lost from disk)."""


@dataclass(frozen=True)
class Staged:
    """An upload read in full into a local temporary file, not yet part of the store."""

    path: Path
    sha256: str
    size: int


class AttachmentStore(Protocol):
    def stage(self, source: BinaryIO, *, max_bytes: int) -> Staged:
        """Reads `source` in chunks into a temporary file; TooLarge past `max_bytes`."""
        ...

    def keep(self, staged: Staged) -> None:
        """Files the staged bytes under their hash (atomically; the same bytes twice are one)."""
        ...

    def drop(self, staged: Staged) -> None:
        """Forgets a staged upload that was refused."""
        ...

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes for reading; BlobMissing when there are none."""
        ...

    def discard(self, sha256: str) -> None:
        """Removes the bytes stored under `sha256`, if any."""
        ...

    def guard(self, *, exclusive: bool) -> AbstractContextManager[bool]:
        """Held shared by an upload from keeping its bytes until its transaction ends, and
        exclusively while unused bytes are found and removed: bytes an upload not yet committed
        relies on are never removed. Yields False when the exclusive hold could not be had in
        time (then nothing should be removed)."""
        ...


class LocalStore:
    """`<root>/<aa>/<bb>/<sha256>`, with uploads staged in `<root>/tmp` (the same file system,
    so the final rename is atomic)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise BlobMissing(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def stage(self, source: BinaryIO, *, max_bytes: int) -> Staged:
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        path = tmp / f"upload-{os.getpid()}-{secrets.token_hex(8)}"
        digest = hashlib.sha256()
        size = 0
        try:
            with path.open("xb") as out:
                while chunk := source.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Staged(path, digest.hexdigest(), size)

    def keep(self, staged: Staged) -> None:
        target = self._path(staged.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.path, target)

    def drop(self, staged: Staged) -> None:
        staged.path.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self._path(sha256).open("rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            raise BlobMissing(sha256) from exc

    def discard(self, sha256: str) -> None:
        with contextlib.suppress(BlobMissing):
            self._path(sha256).unlink(missing_ok=True)

    @contextlib.contextmanager
    def guard(self, *, exclusive: bool, wait_seconds: float = 5.0) -> Iterator[bool]:
        # flock: shared between processes on this machine, and freed when a process dies
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("ab") as lock:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(lock.fileno(), mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if exclusive and time.monotonic() > deadline:
                        yield False
                        return
                    time.sleep(0.01)
            try:
                yield True
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
