"""Several workers on one PostgreSQL database: each row is applied by exactly one of them, and a
worker that dies in the middle of a batch leaves its rows for the next one once its lease ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from backend.config import Settings
from backend.db.session import make_engine
from backend.indexing.runtime import MatcherRuntime
from tests.integration.indexing.conftest import (
    IndexSpy,
    factory_of,
    outbox_rows,
    provider_with_solutions,
    runtime_of,
    wait_until,
)

POSTGRES = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
SCENARIOHUB = str(Path(sys.executable).with_name("scenariohub"))


@POSTGRES
def test_two_workers_draining_at_once_never_apply_the_same_row(
    wclient: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime, factory = runtime_of(wclient), factory_of(wclient)
    ids = provider_with_solutions(wclient, 10)
    spy = IndexSpy(runtime.matcher(), monkeypatch)
    # both workers must be inside a claimed batch before either writes: if claims blocked each
    # other (no SKIP LOCKED) the barrier would time out; if they overlapped, counts would show it
    spy.barrier = threading.Barrier(2)
    applied: dict[str, int] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            applied[name] = runtime.drain(factory, max_rows=5, batch_size=5)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(n,), name=n) for n in ("w1", "w2")]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in workers)
    assert applied == {"w1": 5, "w2": 5}
    assert sorted(spy.written) == sorted(str(i) for i in ids)
    assert set(spy.written.values()) == {1}
    assert set(spy.by_thread["w1"]).isdisjoint(spy.by_thread["w2"])
    assert all(r.processed_at is not None and r.attempts == 0 for r in outbox_rows(factory))


def _worker_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.resolved_database_url,
        "SCENARIOHUB_DATA_DIR": str(settings.data_dir),
        "SCENARIOHUB_MATCHER": "true",
        # a dead worker's lease runs out quickly here (the default is two minutes)
        "SCENARIOHUB_OUTBOX_LEASE_SECONDS": "3",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


@POSTGRES
def test_a_worker_killed_mid_batch_loses_nothing_and_the_next_one_applies_every_row_once(
    wclient: TestClient, worker_settings: Settings, database_url: str
) -> None:
    ids = provider_with_solutions(wclient, 4)
    factory = factory_of(wclient)
    env = _worker_env(worker_settings)
    database = database_url.rsplit("/", 1)[1]
    admin = make_engine(database_url)
    holder = admin.connect()
    # hold the solutions table: a worker that has claimed its batch stops right there, on the
    # first read of a solution, and the test knows it is mid-batch
    holder.begin()
    holder.execute(text("LOCK TABLE solutions IN ACCESS EXCLUSIVE MODE"))
    doomed = subprocess.Popen(
        [SCENARIOHUB, "worker", "--poll", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with admin.connect() as probe:

            def blocked_backend() -> int | None:
                if doomed.poll() is not None:
                    _, err = doomed.communicate()
                    pytest.fail(f"the worker exited early: {err.decode()}")
                pid = probe.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = :db "
                        "AND wait_event_type = 'Lock' AND query LIKE 'SELECT solutions.%'"
                    ),
                    {"db": database},
                ).scalar()
                probe.rollback()  # pg_stat_activity is read once per transaction
                return pid

            wait_until(lambda: blocked_backend() is not None, timeout=180, what="a claimed batch")
            pid = blocked_backend()
            with probe.begin():  # the whole batch is leased to that worker, none applied
                leases = probe.execute(
                    text("SELECT claimed_by, claimed_until > now() FROM outbox")
                ).all()
            assert len(leases) == len(ids) and len({owner for owner, _ in leases}) == 1
            assert all(owner and live for owner, live in leases)
            doomed.send_signal(signal.SIGKILL)
            assert doomed.wait(timeout=30) == -signal.SIGKILL
            # the server ends the dead worker's session (it would notice on its next write)
            probe.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            probe.commit()
    finally:
        holder.rollback()
        holder.close()
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait()
    assert [(r.processed_at, r.attempts) for r in outbox_rows(factory)] == [(None, 0)] * len(ids)

    successor = subprocess.Popen(
        [SCENARIOHUB, "worker", "--poll", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(
            lambda: all(r.processed_at is not None for r in outbox_rows(factory)),
            timeout=180,
            what="the next worker to drain the outbox",
        )
        successor.send_signal(signal.SIGTERM)
        _, stderr = successor.communicate(timeout=60)
        assert successor.returncode == 0, stderr.decode()
        assert "索引工作进程已停止" in stderr.decode()
    finally:
        if successor.poll() is None:
            successor.kill()
            successor.wait()
    admin.dispose()

    index = MatcherRuntime(worker_settings).matcher()  # reopened from disk
    assert len(index.solutions) == len(ids)
    assert all(index.solutions.vector(str(i)) is not None for i in ids)
    assert all(r.attempts == 0 for r in outbox_rows(factory))
