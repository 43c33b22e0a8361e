"""The attachment store's contract, run against every store: the local folder and the S3 store.

The S3 side talks to a FAKE S3 — moto's standalone server in this process (see
tests/fixtures/fake_s3.py) — because no real S3 or MinIO can run here. boto3 speaks real HTTP to
it; what the fake cannot show (a real service's latency, permissions, outages) is not tested.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from backend.attachments.s3 import S3Store, normalize_prefix
from backend.attachments.storage import AttachmentStore, BlobMissing, LocalStore, TooLarge
from tests.fixtures.fake_s3 import FakeS3

PDF = b"%PDF-1.7\n" + "储能电站热失控预警".encode() + bytes(range(256)) * 16 + b"\n%%EOF\n"
UNKNOWN = hashlib.sha256(b"never stored").hexdigest()


@pytest.fixture(params=["local", "fake_s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> AttachmentStore:
    if request.param == "local":
        return LocalStore(tmp_path / "attachments")
    fake: FakeS3 = request.getfixturevalue("fake_s3_server")
    return S3Store(
        fake.client(), bucket=fake.new_bucket(), prefix="/scenariohub/", staging=tmp_path / "tmp"
    )


def staging_of(store: AttachmentStore) -> Path:
    return store.root / "tmp" if isinstance(store, LocalStore) else store.staging  # type: ignore[attr-defined]


def keep(store: AttachmentStore, content: bytes) -> str:
    staged = store.stage(io.BytesIO(content), max_bytes=len(content) + 1)
    store.keep(staged)
    store.drop(staged)  # as the service does: nothing is left to drop once kept
    return staged.sha256


class Endless(io.RawIOBase):
    """A source that never ends, counting what was read from it."""

    read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.read_bytes += size
        return b"x" * size


def test_kept_bytes_come_back_byte_for_byte_under_their_hash(store: AttachmentStore) -> None:
    staged = store.stage(io.BytesIO(PDF), max_bytes=1 << 20)
    assert staged.sha256 == hashlib.sha256(PDF).hexdigest() and staged.size == len(PDF)
    assert staged.path.read_bytes() == PDF  # staged locally, before anything is kept
    store.keep(staged)
    store.drop(staged)
    assert list(staging_of(store).iterdir()) == []
    with store.open(staged.sha256) as f:
        assert f.read(9) == b"%PDF-1.7\n"  # read in parts, as the download streams it
        assert f.read() == PDF[9:]


def test_the_same_bytes_kept_twice_are_one_object(store: AttachmentStore) -> None:
    first, second = keep(store, PDF), keep(store, PDF)
    assert first == second
    store.discard(first)  # one object: one removal takes it
    with pytest.raises(BlobMissing):
        store.open(first)


def test_reading_stops_at_the_limit_and_nothing_is_staged_or_kept(
    store: AttachmentStore,
) -> None:
    source = Endless()
    with pytest.raises(TooLarge):
        store.stage(source, max_bytes=200_000)  # type: ignore[arg-type]
    assert source.read_bytes < 400_000  # not read whole: there is no whole
    assert list(staging_of(store).iterdir()) == []


def test_a_dropped_upload_leaves_nothing_behind(store: AttachmentStore) -> None:
    staged = store.stage(io.BytesIO(PDF), max_bytes=1 << 20)
    store.drop(staged)
    assert not staged.path.exists()
    with pytest.raises(BlobMissing):
        store.open(staged.sha256)


@pytest.mark.parametrize("address", [UNKNOWN, "../../etc/passwd", "ABC", ""])
def test_bytes_never_stored_are_missing_and_removing_them_is_harmless(
    store: AttachmentStore, address: str
) -> None:
    with pytest.raises(BlobMissing):
        store.open(address)
    store.discard(address)


def test_discarded_bytes_are_missing_and_others_stay(store: AttachmentStore) -> None:
    gone, kept = keep(store, PDF), keep(store, b"%PDF-1.4\n" + "其他".encode())
    store.discard(gone)
    with pytest.raises(BlobMissing):
        store.open(gone)
    with store.open(kept) as f:
        assert f.read().startswith(b"%PDF-1.4")


def test_a_file_larger_than_one_request_part_comes_back_whole(store: AttachmentStore) -> None:
    # past boto3's 8 MB multipart threshold, so the S3 store sends it in parts
    content = hashlib.sha256(b"seed").digest() * (9 * 1024 * 1024 // 32)
    sha256 = keep(store, content)
    with store.open(sha256) as f:
        assert hashlib.sha256(f.read()).digest() == hashlib.sha256(content).digest()


def test_the_s3_store_files_objects_under_the_prefix_by_their_content_address(
    fake_s3_server: FakeS3, tmp_path: Path
) -> None:
    bucket = fake_s3_server.new_bucket()
    store = S3Store(
        fake_s3_server.client(), bucket=bucket, prefix="scenariohub", staging=tmp_path / "tmp"
    )
    sha256 = keep(store, PDF)
    assert fake_s3_server.keys(bucket) == [f"scenariohub/{sha256[:2]}/{sha256[2:4]}/{sha256}"]
    assert normalize_prefix("/a/b/") == "a/b/" and normalize_prefix(" ") == ""
