"""The platform with its matcher on and no background index thread: tests drive the drains."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.db.session import transaction
from backend.indexing.models import OutboxEntry
from backend.indexing.runtime import MatcherRuntime
from backend.main import create_app
from matching import Matcher, SolutionDoc
from tests.fixtures.api import Actor, register, solution_body


@pytest.fixture
def worker_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=tmp_path / "data",
        SCENARIOHUB_MATCHER=True,
        SCENARIOHUB_INDEX_WORKER=False,
        SCENARIOHUB_FRONTEND_DIST=tmp_path / "no-dist",
    )


@pytest.fixture
def wclient(worker_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(worker_settings)) as c:
        yield c


def runtime_of(client: TestClient) -> MatcherRuntime:
    """The app's matcher, as the index's writer: these tests drain the outbox themselves."""
    runtime: MatcherRuntime = client.app.state.matcher  # type: ignore[attr-defined]
    assert runtime.become_writer()
    return runtime


def factory_of(client: TestClient) -> sessionmaker[Session]:
    return client.app.state.session_factory  # type: ignore[attr-defined,no-any-return]


def add_solutions(provider: Actor, n: int) -> list[int]:
    """`n` solutions, each leaving one outbox row; returns their ids."""
    ids = []
    for i in range(n):
        r = provider.post("/api/v1/solutions", solution_body(title=f"电池安全监测系统 第{i + 1}型"))
        assert r.status_code == 201, r.text
        ids.append(int(r.json()["id"]))
    return ids


def provider_with_solutions(client: TestClient, n: int) -> list[int]:
    return add_solutions(register(client, ["provider"]), n)


def outbox_rows(factory: sessionmaker[Session]) -> list[OutboxEntry]:
    with transaction(factory) as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))


def row_for(factory: sessionmaker[Session], object_id: int) -> OutboxEntry:
    (row,) = [r for r in outbox_rows(factory) if r.object_id == object_id]
    return row


class Clock:
    """The drains' notion of now, moved by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


class IndexSpy:
    """Wraps the matcher's solution upserts: counts each document written, refuses the
    `poisoned` ones (as a search engine rejecting a document would), and can hold every call
    at a barrier so that two workers are provably inside a batch at the same time."""

    def __init__(self, matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
        self.poisoned: set[int] = set()
        self.error: Callable[[], Exception] = lambda: RuntimeError("搜索引擎拒绝了这份方案")
        self.barrier: threading.Barrier | None = None
        self.written: dict[str, int] = {}
        self.by_thread: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        real = matcher.upsert_solutions

        def upsert_solutions(docs: Sequence[SolutionDoc]) -> None:
            if self.barrier is not None:
                self.barrier.wait(timeout=60)
            if any(int(d.id) in self.poisoned for d in docs):
                raise self.error()
            real(docs)
            with self._lock:
                for d in docs:
                    self.written[d.id] = self.written.get(d.id, 0) + 1
                    self.by_thread.setdefault(threading.current_thread().name, []).append(d.id)

        monkeypatch.setattr(matcher, "upsert_solutions", upsert_solutions)


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """A bounded wait on a condition (never a fixed sleep)."""
    deadline = datetime.now(UTC) + timedelta(seconds=timeout)
    pause = threading.Event()
    while not condition():
        assert datetime.now(UTC) < deadline, f"timed out waiting for {what}"
        pause.wait(0.05)
