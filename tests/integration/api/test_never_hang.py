"""Under any load the server answers every request within a bound: the answer, or a fast 503
with Retry-After. 100 simultaneous connections against `scenariohub serve` running as a process of
its own (and, for the tight bound, uvicorn in a thread), SQLite and PostgreSQL; every 201 is a
row, nothing more."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.main import create_app
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import demand_body, register, staff
from tests.fixtures.server import free_port, health, process, process_env, running
from tests.integration.indexing.conftest import wait_until

# a request not answered within this is a hang; the client gives up and the test fails
ANSWER_BOUND_SECONDS = 20


def simultaneously(calls: list[tuple[str, str, dict[str, Any]]]) -> list[httpx.Response]:
    """Every (method, url, kwargs) at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[httpx.Response | BaseException | None] = [None] * len(calls)

    def fire(i: int, method: str, url: str, kwargs: dict[str, Any]) -> None:
        try:
            with httpx.Client(timeout=ANSWER_BOUND_SECONDS) as c:
                barrier.wait()
                results[i] = c.request(method, url, **kwargs)
        except BaseException as exc:  # a time-out lands here and fails the test below
            results[i] = exc

    threads = [threading.Thread(target=fire, args=(i, *c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=ANSWER_BOUND_SECONDS * 3)
    unanswered = [r for r in results if not isinstance(r, httpx.Response)]
    assert unanswered == [], unanswered[:3]
    return [r for r in results if isinstance(r, httpx.Response)]


def published_demands(client: TestClient, factory: sessionmaker[Session], n: int) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, factory, "official")
    for k in range(n):
        d = publisher.post(
            "/api/v1/demands", demand_body(title=f"园区储能电站热失控预警第{k}期")
        ).json()
        publisher.post(f"/api/v1/demands/{d['id']}/submit")
        official.post(f"/api/v1/demands/{d['id']}/publish")


def demand_count(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return int(session.scalar(select(func.count()).select_from(Demand)) or 0)


def assert_busy_answers_are_ours(responses: list[httpx.Response]) -> None:
    for r in responses:
        assert r.status_code < 500 or r.status_code == 503, r.text
        if r.status_code == 503:
            assert r.headers["retry-after"]
            assert r.json()["code"] in ("service.busy", "service.unavailable")


@BOTH_DATABASES
def test_a_hundred_simultaneous_readers_and_writers_are_all_answered(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    published_demands(client, session_factory, 5)
    writers = [register(client, ["publisher"]) for _ in range(4)]
    before = demand_count(session_factory)
    # `scenariohub serve` as a process of its own, on this test's database and data folder
    base = f"http://127.0.0.1:{(port := free_port())}"
    env = process_env(settings, matcher=False)
    with process(["serve", "--port", str(port)], env, tmp_path / "serve.log") as server:
        wait_until(lambda: health(base).get("status") == "ok", timeout=120, what="the server")
        calls: list[tuple[str, str, dict[str, Any]]] = []
        for k in range(100):
            if k % 5 == 0:
                w = writers[k % len(writers)]
                body = demand_body(title=f"港口集装箱自动识别改造{k}")
                calls.append(
                    ("POST", base + "/api/v1/demands", {"json": body, "headers": w.headers})
                )
            elif k % 5 == 1:
                calls.append(("GET", base + "/api/v1/health", {}))
            elif k % 5 == 2:
                calls.append(("GET", base + "/api/v1/public/demands", {"params": {"q": "储能"}}))
            else:
                calls.append(("GET", base + "/api/v1/public/demands", {}))
        responses = simultaneously(calls)
        assert server.poll() is None  # still serving
    assert_busy_answers_are_ours(responses)
    created = [r for r in responses if r.status_code == 201]
    assert {r.status_code for r in responses} <= {200, 201, 503}
    assert sum(r.status_code == 200 for r in responses) > 0
    # every 201 is a row, and no refused write left one behind
    assert demand_count(session_factory) == before + len(created)


@BOTH_DATABASES
def test_beyond_the_bound_requests_get_a_fast_503_with_retry_after(
    settings: Settings, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    published_demands(client, session_factory, 3)
    tight = settings.model_copy(update={"max_inflight": 2, "queue_seconds": 0.05})
    app = create_app(tight)
    with running(app) as base:
        responses = simultaneously([("GET", base + "/api/v1/public/demands", {})] * 60)
    assert_busy_answers_are_ours(responses)
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {200, 503}, statuses
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.json()["message"] == "服务繁忙，请稍后重试"
