"""`scenariohub outbox`, `worker` and `serve --workers`: the index queue seen and run from the
command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from typer.testing import CliRunner

from backend.cli import APP_FACTORY, app
from backend.db.base import utcnow
from backend.db.session import transaction
from backend.indexing import repository
from backend.indexing.models import OutboxEntry
from backend.indexing.outbox import enqueue
from tests.conftest import BOTH_DATABASES
from tests.fixtures.server import free_port
from tests.integration.cli.conftest import cli_database
from tests.integration.indexing.conftest import wait_until

runner = CliRunner()


def _queue(factory: Any) -> dict[str, int]:
    """One due row, one waiting out its back-off, one set aside; returns their ids by state."""
    now = utcnow()
    with transaction(factory) as session:
        for object_id in (1, 2, 3):
            enqueue(session, object_type="solution", object_id=object_id)
        session.flush()
        rows = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))
        repository.record_failure(
            session, [rows[1]], "RuntimeError: 暂时失败", now=now, max_attempts=8
        )
        repository.record_failure(
            session, [rows[2]], "ValueError: 文档无法写入索引", now=now, max_attempts=1
        )
        return {"due": rows[0].id, "waiting": rows[1].id, "failed": rows[2].id}


@BOTH_DATABASES
def test_outbox_shows_pending_due_and_failed_counts_and_the_failed_rows(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    ids = _queue(factory)
    result = runner.invoke(app, ["outbox"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == ["待处理：2", "已到期：1", "等待重试：1", "已搁置（失败）：1"]
    (failed_line,) = [line for line in lines if line.startswith(f"{ids['failed']}  ")]
    assert "solution#3  1  " in failed_line
    assert failed_line.endswith("ValueError: 文档无法写入索引")
    assert "暂时失败" not in result.output  # a row still being retried is not listed as failed


@BOTH_DATABASES
def test_retry_failed_puts_set_aside_rows_back_in_the_queue(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    ids = _queue(factory)
    assert runner.invoke(app, ["outbox", "--retry-failed", "--id", str(ids["due"])]).output == (
        "已重新排队 0 项失败变更\n"
    )
    result = runner.invoke(app, ["outbox", "--retry-failed"])
    assert result.exit_code == 0 and "已重新排队 1 项失败变更" in result.output
    with transaction(factory) as session:
        row = session.get(OutboxEntry, ids["failed"])
        assert row is not None
        assert (row.failed_at, row.next_attempt_at, row.attempts) == (None, None, 0)
        assert row.last_error == "ValueError: 文档无法写入索引"  # kept as a record
        counts = repository.counts(session, now=utcnow())
        assert (counts.pending, counts.due, counts.failed) == (3, 2, 0)
        # the waiting row becomes due once its back-off has passed
        assert repository.counts(session, now=utcnow() + timedelta(seconds=3)).due == 3
    shown = runner.invoke(app, ["outbox"]).output
    assert "已搁置（失败）：0" in shown and "失败变更" not in shown


def test_worker_refuses_to_run_with_the_matcher_off(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 2 and "SCENARIOHUB_MATCHER" in result.output


def _capture_uvicorn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    # the command sets this for the processes it starts; the test's environment gets it back
    monkeypatch.setenv("SCENARIOHUB_INDEX_WORKER", "true")
    return calls


def test_serve_with_several_workers_starts_them_from_the_factory_without_index_threads(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    cli_database(monkeypatch, database_url, tmp_path, matcher=True)
    calls = _capture_uvicorn(monkeypatch)
    result = runner.invoke(app, ["serve", "--workers", "3", "--port", "8123"])
    assert result.exit_code == 0, result.output
    ((target, options),) = calls
    assert target == APP_FACTORY == "backend.main:create_app"
    assert options["factory"] is True and options["workers"] == 3 and options["port"] == 8123
    assert os.environ["SCENARIOHUB_INDEX_WORKER"] == "false"  # inherited by every API process
    assert "scenariohub worker" in result.output
    refused = runner.invoke(app, ["serve", "--workers", "2", "--index-worker"])
    assert refused.exit_code == 2 and "scenariohub worker" in refused.output


def test_serve_in_one_process_keeps_its_own_index_thread(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    cli_database(monkeypatch, database_url, tmp_path, matcher=True)
    calls = _capture_uvicorn(monkeypatch)
    assert runner.invoke(app, ["serve"]).exit_code == 0
    ((target, _),) = calls
    assert isinstance(target, FastAPI) and target.state.settings.index_worker is True
    calls.clear()
    assert runner.invoke(app, ["serve", "--no-index-worker"]).exit_code == 0
    ((target, _),) = calls
    assert target.state.settings.index_worker is False


def test_serve_with_two_workers_answers_and_stops_on_sigterm(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SCENARIOHUB_DATA_DIR": str(tmp_path / "data"),
        "SCENARIOHUB_MATCHER": "false",
        "SCENARIOHUB_FRONTEND_DIST": str(tmp_path / "no-dist"),
    }
    scenariohub = str(Path(sys.executable).with_name("scenariohub"))
    server = subprocess.Popen(
        [scenariohub, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def answers() -> bool:
        assert server.poll() is None, server.communicate()[1].decode()
        try:
            return httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(answers, timeout=120, what="the API processes to answer")
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
        assert server.returncode == 0, stderr.decode()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
