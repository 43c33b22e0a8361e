"""Where attachment bytes live: a store behind a small protocol, content-addressed by sha256.

The default store is a folder under the data directory; `S3Store` (backend/attachments/s3.py)
keeps them in an S3-compatible bucket for several machines. An upload is first *staged*: read
in chunks into a local temporary file while its hash and size are counted, stopping as soon as
it passes the limit. Only a staged file whose content was accepted is *kept* under its content
address, atomically, so a reader never sees half a file. Files are never served by their path:
the API opens them by hash and streams them. Which bytes may be removed is decided by the
database, not the store (see cleanup.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

if TYPE_CHECKING:
    from backend.config import Settings

CHUNK_BYTES = 64 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class TooLarge(Exception):
    """The upload passed the size limit; nothing was kept."""


class BlobMissing(Exception):
    """No bytes stored under this hash (deleted, or lost from the disk or the bucket)."""


def is_sha256(text: str) -> bool:
    return _SHA256.fullmatch(text) is not None


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
        """Removes the bytes stored under `sha256`, if any (only once the database has found,
        under its lock on them, that no attachment names them: see cleanup.py)."""
        ...


class LocalStore:
    """`<root>/<aa>/<bb>/<sha256>`, with uploads staged in `<root>/tmp` (the same file system,
    so the final rename is atomic)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise BlobMissing(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def stage(self, source: BinaryIO, *, max_bytes: int) -> Staged:
        return stage_into(self.root / "tmp", source, max_bytes=max_bytes)

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


def stage_into(folder: Path, source: BinaryIO, *, max_bytes: int) -> Staged:
    """Reads `source` in chunks into a new file in `folder`, hashing and counting as it goes;
    TooLarge (and nothing left behind) as soon as it passes `max_bytes`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"upload-{os.getpid()}-{secrets.token_hex(8)}"
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


def store_from_settings(settings: Settings) -> AttachmentStore:
    """The store SCENARIOHUB_ATTACHMENTS_STORE names: `local` (the default) or `s3`."""
    if settings.attachments_store == "s3":
        from backend.attachments.s3 import S3Store  # boto3 only where it is used

        return S3Store.from_settings(settings)
    return LocalStore(settings.attachments_dir)
