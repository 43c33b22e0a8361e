"""Outbox rows that keep failing: retried with growing delays, set aside after the last attempt
with their error, never holding back the rest of their batch or the rows behind them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backend.cli import app
from backend.indexing.outbox import MAX_BACKOFF, backoff, gives_up
from matching.index.meilisearch import MeilisearchUnavailable
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import register
from tests.integration.cli.conftest import cli_database
from tests.integration.indexing.conftest import (
    Clock,
    IndexSpy,
    add_solutions,
    factory_of,
    outbox_rows,
    row_for,
    runtime_of,
)

runner = CliRunner()


def test_back_off_doubles_from_two_seconds_up_to_five_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 10)] == [
        2, 4, 8, 16, 32, 64, 128, 256, 300,
    ]  # fmt: skip
    assert backoff(1_000) == MAX_BACKOFF
    assert not gives_up(7, 8) and gives_up(8, 8)


@BOTH_DATABASES
def test_a_row_that_always_fails_waits_longer_each_time_then_is_set_aside_while_the_rest_is_applied(
    wclient: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    tmp_path: Path,
) -> None:
    runtime, factory, clock = runtime_of(wclient), factory_of(wclient), Clock()
    provider = register(wclient, ["provider"])
    first, bad, last = add_solutions(provider, 3)
    spy = IndexSpy(runtime.matcher(), monkeypatch)
    spy.poisoned = {bad}

    # one batch: the good rows are applied, the bad one is isolated and retried later
    assert runtime.drain(factory, clock=clock) == 2
    assert set(spy.written) == {str(first), str(last)}
    row = row_for(factory, bad)
    assert row.processed_at is None and row.failed_at is None and row.attempts == 1
    assert row.last_error == "RuntimeError: 搜索引擎拒绝了这份方案"
    assert all(r.processed_at is not None for r in outbox_rows(factory) if r.object_id != bad)

    delays = []
    while (row := row_for(factory, bad)).failed_at is None:
        assert row.next_attempt_at is not None
        delays.append(row.next_attempt_at - clock.now)
        clock.now = row.next_attempt_at - timedelta(microseconds=1)
        assert runtime.drain(factory, clock=clock) == 0  # not due yet: not even tried
        assert row_for(factory, bad).attempts == row.attempts
        # rows written meanwhile are not held back by the waiting one
        (newer,) = add_solutions(provider, 1)
        assert runtime.drain(factory, clock=clock) == 1 and str(newer) in spy.written
        clock.now = row.next_attempt_at
        assert runtime.drain(factory, clock=clock) == 0
    assert delays == [timedelta(seconds=2**n) for n in range(1, runtime.max_attempts)]
    assert row.attempts == runtime.max_attempts == 8
    assert row.failed_at == clock.now and row.next_attempt_at is None
    assert row.last_error == "RuntimeError: 搜索引擎拒绝了这份方案"

    clock.advance(timedelta(days=30))  # set aside: no drain picks it up again by itself
    assert runtime.drain(factory, clock=clock) == 0
    assert row_for(factory, bad).attempts == runtime.max_attempts

    # the operator sees it, fixes the cause and puts it back in the queue
    cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    shown = runner.invoke(app, ["outbox"])
    assert shown.exit_code == 0, shown.output
    assert "已搁置（失败）：1" in shown.output
    assert f"{row.id}  solution#{bad}  8  " in shown.output
    assert "RuntimeError: 搜索引擎拒绝了这份方案" in shown.output
    retried = runner.invoke(app, ["outbox", "--retry-failed"])
    assert retried.exit_code == 0 and "已重新排队 1 项" in retried.output
    spy.poisoned = set()
    assert runtime.drain(factory, clock=clock) == 1
    assert row_for(factory, bad).processed_at is not None
    assert all(r.processed_at is not None for r in outbox_rows(factory))
    assert set(spy.written) == {str(r.object_id) for r in outbox_rows(factory)}
    assert all(n == 1 for n in spy.written.values())  # every document written exactly once


@BOTH_DATABASES
def test_several_bad_rows_in_one_batch_are_each_isolated(
    wclient: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime, factory, clock = runtime_of(wclient), factory_of(wclient), Clock()
    ids = add_solutions(register(wclient, ["provider"]), 7)
    spy = IndexSpy(runtime.matcher(), monkeypatch)
    spy.poisoned = {ids[0], ids[5]}  # one in each half of the batch
    assert runtime.drain(factory, clock=clock) == 5
    by_object = {r.object_id: r for r in outbox_rows(factory)}
    assert {i for i, r in by_object.items() if r.attempts == 1 and r.processed_at is None} == {
        ids[0],
        ids[5],
    }
    assert {i for i, r in by_object.items() if r.processed_at is not None} == set(ids) - {
        ids[0],
        ids[5],
    }
    assert all(n == 1 for n in spy.written.values())


@BOTH_DATABASES
def test_an_unreachable_search_server_is_no_fault_of_the_rows(
    wclient: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime, factory, clock = runtime_of(wclient), factory_of(wclient), Clock()
    ids = add_solutions(register(wclient, ["provider"]), 2)
    spy = IndexSpy(runtime.matcher(), monkeypatch)
    spy.poisoned = set(ids)
    spy.error = lambda: MeilisearchUnavailable("connection refused")
    with pytest.raises(MeilisearchUnavailable):
        runtime.drain(factory, clock=clock)
    rows = outbox_rows(factory)
    assert [(r.attempts, r.processed_at, r.next_attempt_at) for r in rows] == [(0, None, None)] * 2
    spy.poisoned = set()  # the server is back: the next drain applies everything at once
    assert runtime.drain(factory, clock=clock) == 2
