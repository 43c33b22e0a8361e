"""The app with SCENARIOHUB_ATTACHMENTS_STORE=s3, against a FAKE S3 — moto's standalone server in
this process (tests/fixtures/fake_s3.py) — since no real S3 or MinIO can run here: the HTTP round
trip, a missing object, shared bytes, and removal that is safe across machines (the database's
lock, not a per-process one, decides when shared bytes may go)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from backend.attachments import cleanup, service
from backend.attachments.s3 import S3Store
from backend.auth.models import User
from backend.config import Settings
from backend.main import create_app
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, register
from tests.fixtures.fake_s3 import FAKE_ACCESS_KEY, FAKE_REGION, FAKE_SECRET_KEY, FakeS3
from tests.integration.api.test_attachments import NAME, PDF, draft, upload

PREFIX = "scenariohub/attachments/"
# one key for every machine, as in production: a token one machine signs, another accepts
SHARED_SECRET = "test-only-shared-secret-for-two-machines-0123456789"


@pytest.fixture
def fake_bucket(fake_s3_server: FakeS3) -> str:
    return fake_s3_server.new_bucket()


def s3_settings(database_url: str, data_dir: Path, fake: FakeS3, bucket: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=data_dir,
        SCENARIOHUB_SECRET_KEY=SHARED_SECRET,
        SCENARIOHUB_MATCHER=False,
        SCENARIOHUB_FRONTEND_DIST=data_dir / "no-dist",
        SCENARIOHUB_ATTACHMENTS_STORE="s3",
        SCENARIOHUB_S3_ENDPOINT_URL=fake.endpoint_url,
        SCENARIOHUB_S3_BUCKET=bucket,
        SCENARIOHUB_S3_ACCESS_KEY=FAKE_ACCESS_KEY,
        SCENARIOHUB_S3_SECRET_KEY=FAKE_SECRET_KEY,
        SCENARIOHUB_S3_REGION=FAKE_REGION,
        SCENARIOHUB_S3_PREFIX=PREFIX,
    )


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, fake_s3_server: FakeS3, fake_bucket: str
) -> Settings:
    return s3_settings(database_url, tmp_path / "data", fake_s3_server, fake_bucket)


def key(sha256: str) -> str:
    return f"{PREFIX}{sha256[:2]}/{sha256[2:4]}/{sha256}"


def delete(actor: Actor, attachment_id: int) -> int:
    url = f"/api/v1/attachments/{attachment_id}"
    return int(actor.client.delete(url, headers=actor.headers).status_code)


@BOTH_DATABASES
def test_a_chinese_named_file_goes_to_the_fake_bucket_comes_back_byte_for_byte_and_goes(
    client: TestClient, fake_s3_server: FakeS3, fake_bucket: str, settings: Settings
) -> None:
    assert isinstance(client.app.state.session_factory.kw["info"]["attachment_store"], S3Store)  # type: ignore[attr-defined]
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    r = upload(publisher, f"/api/v1/demands/{demand_id}/attachments")
    assert r.status_code == 201, r.text
    body = r.json()
    assert fake_s3_server.keys(fake_bucket) == [key(body["sha256"])]
    assert not list((settings.attachments_dir / "tmp").iterdir())  # staged locally, then sent

    got = publisher.get(f"/api/v1/attachments/{body['id']}")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote(NAME, safe='')}" in got.headers["content-disposition"]

    assert delete(publisher, body["id"]) == 204
    assert fake_s3_server.keys(fake_bucket) == []
    assert publisher.get(f"/api/v1/attachments/{body['id']}").status_code == 404


@BOTH_DATABASES
def test_an_object_gone_from_the_bucket_is_a_clean_404(
    client: TestClient, fake_s3_server: FakeS3, fake_bucket: str
) -> None:
    publisher = register(client, ["publisher"])
    body = upload(publisher, f"/api/v1/demands/{draft(publisher)}/attachments").json()
    fake_s3_server.client().delete_object(Bucket=fake_bucket, Key=key(body["sha256"]))
    r = publisher.get(f"/api/v1/attachments/{body['id']}")
    assert r.status_code == 404
    assert r.json()["code"] == "attachment.missing" and "丢失" in r.json()["message"]


@BOTH_DATABASES
def test_shared_bytes_stay_while_named_and_go_with_the_last_parent(
    client: TestClient, fake_s3_server: FakeS3, fake_bucket: str
) -> None:
    publisher = register(client, ["publisher"])
    first_demand, second_demand = draft(publisher), draft(publisher)
    first = upload(publisher, f"/api/v1/demands/{first_demand}/attachments").json()
    second = upload(publisher, f"/api/v1/demands/{second_demand}/attachments").json()
    assert first["sha256"] == second["sha256"]
    assert fake_s3_server.keys(fake_bucket) == [key(first["sha256"])]  # one object for both

    assert delete(publisher, first["id"]) == 204
    assert fake_s3_server.keys(fake_bucket) == [key(first["sha256"])]  # still named
    assert publisher.get(f"/api/v1/attachments/{second['id']}").content == PDF
    removed = client.delete(f"/api/v1/demands/{second_demand}", headers=publisher.headers)
    assert removed.status_code == 204
    assert fake_s3_server.keys(fake_bucket) == []


# ---- several machines: one PostgreSQL, one bucket, each machine its own app process ----


@pytest.fixture
def other_machine(
    settings: Settings, tmp_path: Path, fake_s3_server: FakeS3, fake_bucket: str
) -> Iterator[TestClient]:
    """A second app on the same database and bucket, with a data directory of its own."""
    elsewhere = s3_settings(
        settings.resolved_database_url, tmp_path / "elsewhere", fake_s3_server, fake_bucket
    )
    with TestClient(create_app(elsewhere)) as machine:
        yield machine


def waiting_for_the_lock(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    " AND classid = CAST(:namespace AS oid)"
                ),
                {"namespace": cleanup.LOCK_NAMESPACE},
            )
        )


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_bytes_another_machine_is_uploading_are_not_removed_from_under_it(
    client: TestClient,
    other_machine: TestClient,
    session_factory: sessionmaker[Session],
    settings: Settings,
    fake_s3_server: FakeS3,
    fake_bucket: str,
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    old = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    other = Actor(other_machine, publisher.token, publisher.user)

    # machine A keeps the same bytes for a new attachment; its transaction has not committed
    uploading = session_factory()
    user = uploading.get(User, publisher.id)
    assert user is not None
    new = service.upload(
        uploading,
        parent_type="demand",
        parent_id=demand_id,
        user=user,
        source=io.BytesIO(PDF),
        filename="复本.pdf",
        settings=settings,
    )
    try:
        # machine B removes the only committed attachment naming them: no committed row names
        # the bytes, yet B must not remove them — it waits on the database's lock, then gives up
        started = threading.Event()
        decided: list[set[str]] = []
        engine = other_machine.app.state.engine  # type: ignore[attr-defined]
        b_store = other_machine.app.state.session_factory.kw["info"]["attachment_store"]  # type: ignore[attr-defined]
        with session_factory() as s, s.begin():
            s.execute(text("DELETE FROM attachments WHERE id = :id"), {"id": old["id"]})

        def remove_on_b() -> None:
            started.set()
            decided.append(
                cleanup.discard_unused(engine, b_store, {old["sha256"]}, wait_seconds=60)
            )

        remover = threading.Thread(target=remove_on_b)
        remover.start()
        started.wait()
        while not waiting_for_the_lock(engine):  # until B has reached the lock and waits
            assert remover.is_alive()
            remover.join(0.01)
        uploading.commit()  # A's row is committed: B's query now finds the bytes named
        remover.join()
    finally:
        uploading.close()
    assert decided == [set()]
    assert fake_s3_server.keys(fake_bucket) == [key(old["sha256"])]
    assert other.get(f"/api/v1/attachments/{new.id}").content == PDF

    # and once the last row naming them goes, on either machine, the object goes
    assert delete(other, new.id) == 204
    assert fake_s3_server.keys(fake_bucket) == []


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_removal_that_cannot_have_the_lock_in_time_leaves_the_bytes(
    client: TestClient,
    session_factory: sessionmaker[Session],
    settings: Settings,
    fake_s3_server: FakeS3,
    fake_bucket: str,
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    uploading = session_factory()
    user = uploading.get(User, publisher.id)
    assert user is not None
    new = service.upload(
        uploading,
        parent_type="demand",
        parent_id=demand_id,
        user=user,
        source=io.BytesIO(PDF),
        filename=NAME,
        settings=settings,
    )
    store = client.app.state.session_factory.kw["info"]["attachment_store"]  # type: ignore[attr-defined]
    engine = client.app.state.engine  # type: ignore[attr-defined]
    try:
        # nothing committed names the bytes, but an upload holds them: they stay
        assert cleanup.discard_unused(engine, store, {new.sha256}, wait_seconds=0.1) == set()
        assert fake_s3_server.keys(fake_bucket) == [key(new.sha256)]
    finally:
        uploading.rollback()  # the upload gives up: its bytes go with it
        uploading.close()
    assert fake_s3_server.keys(fake_bucket) == []
