"""The FAKE S3 server for the attachment stores' tests (see tests/fixtures/fake_s3.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.fake_s3 import FakeS3, running_fake_s3


@pytest.fixture(scope="session")
def fake_s3_server() -> Iterator[FakeS3]:
    """One fake S3 server per test process; each test makes its own bucket in it."""
    with running_fake_s3() as fake:
        yield fake
