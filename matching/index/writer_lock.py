"""One writer per index folder across processes: an exclusive `flock` on `<folder>/writer.lock`.

The process that holds it applies changes and appends to the journal; every other process opens
the folder read-only and follows the writer (`EmbeddedIndex.refresh`). The lock ends with the
process that holds it, however it ends, so a crashed writer never leaves the folder locked.

Within one process the lock is counted, not re-taken: several index objects over one folder in
the same process (tests, a CLI command run inside a test) share it.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

LOCK_FILE = "writer.lock"


class IndexLocked(RuntimeError):
    """Another process writes this index folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"another process writes the index in {folder}")
        self.folder = folder


_guard = threading.Lock()
_held: dict[str, tuple[int, int]] = {}  # lock path -> (file descriptor, holders in this process)


def acquire(folder: Path) -> bool:
    """Take the folder's writer lock without waiting; False when another process holds it."""
    path = str((folder / LOCK_FILE).resolve())
    with _guard:
        if path in _held:
            fd, holders = _held[path]
            _held[path] = (fd, holders + 1)
            return True
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())  # who holds it, for people reading the folder
        _held[path] = (fd, 1)
        return True


def release(folder: Path) -> None:
    path = str((folder / LOCK_FILE).resolve())
    with _guard:
        if path not in _held:
            return
        fd, holders = _held[path]
        if holders > 1:
            _held[path] = (fd, holders - 1)
            return
        del _held[path]
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
