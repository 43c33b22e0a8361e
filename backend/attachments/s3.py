"""Attachment bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode), for
several machines that share one PostgreSQL.

Keys are content addresses, `<prefix><aa>/<bb>/<sha256>`. An upload is staged in a local file
while its hash and size are counted (as in the local store), and is sent to the bucket only once
its content has been accepted and its hash is known; one PUT is atomic, so a reader sees the
whole object or none. Bytes already in the bucket are not sent again.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from backend.attachments.storage import (
    CHUNK_BYTES,
    BlobMissing,
    Staged,
    is_sha256,
    stage_into,
)

if TYPE_CHECKING:
    from backend.config import Settings

# what S3 and its imitations answer for an object (or a HEAD of one) that is not there
_MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


def _is_missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING_CODES


def normalize_prefix(prefix: str) -> str:
    """`attachments`, `/attachments/` → `attachments/`; empty stays empty (the bucket's root)."""
    cleaned = prefix.strip().strip("/")
    return f"{cleaned}/" if cleaned else ""


def make_client(
    *,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
) -> Any:
    """A thread-safe S3 client. Empty keys: boto3's own chain (environment, instance role).
    With an endpoint (MinIO and the like) the bucket goes in the path, not the host name."""
    config = Config(
        connect_timeout=5,
        read_timeout=60,
        retries={"max_attempts": 3, "mode": "standard"},
        s3={"addressing_style": "path" if endpoint_url else "auto"},
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=region or None,
        aws_access_key_id=access_key or None,
        aws_secret_access_key=secret_key or None,
        config=config,
    )


class _ObjectReader(io.RawIOBase):
    """An object's streaming body as a file, so the API reads it as it reads a local one."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data: bytes = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


class S3Store:
    """Attachments in `bucket` under `prefix`; uploads staged in the local folder `staging`."""

    def __init__(self, client: Any, *, bucket: str, prefix: str, staging: Path) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = normalize_prefix(prefix)
        self.staging = staging

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Store:
        client = make_client(
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
        )
        return cls(
            client,
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            staging=settings.attachments_dir / "tmp",
        )

    def key(self, sha256: str) -> str:
        if not is_sha256(sha256):
            raise BlobMissing(sha256)
        return f"{self.prefix}{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def stage(self, source: BinaryIO, *, max_bytes: int) -> Staged:
        return stage_into(self.staging, source, max_bytes=max_bytes)

    def keep(self, staged: Staged) -> None:
        key = self.key(staged.sha256)
        try:
            # the same address holds the same bytes; no removal runs meanwhile (cleanup.py)
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if not _is_missing(exc):
                raise
            self.client.upload_file(
                str(staged.path),
                self.bucket,
                key,
                ExtraArgs={"ContentType": "application/octet-stream"},
            )

    def drop(self, staged: Staged) -> None:
        staged.path.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if _is_missing(exc):
                raise BlobMissing(sha256) from exc
            raise
        return io.BufferedReader(_ObjectReader(found["Body"]), CHUNK_BYTES)

    def discard(self, sha256: str) -> None:
        if is_sha256(sha256):
            self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))
