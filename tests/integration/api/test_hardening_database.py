"""The database has the last word, and a missing database is an outage, not a crash: unique
violations (also in races, also at commit) answer 409 naming the field; an unreachable database
answers 503 until it is back."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.api.deps import SessionDep
from backend.audit.models import AuditEvent
from backend.auth.models import User
from backend.config import Settings
from backend.db.session import transaction
from backend.main import create_app
from backend.organizations.models import Organization
from backend.proposals.models import Proposal
from tests.conftest import BOTH_DATABASES, PG_ADMIN_URL
from tests.fixtures.api import PASSWORD, demand_body, register, solution_body, staff
from tests.fixtures.server import free_port, running
from tests.fixtures.uscc import make_uscc

PARALLEL = 12


def at_once(calls: list[tuple[str, str, dict[str, Any]]]) -> list[httpx.Response]:
    """Send every (method, url, httpx kwargs) at the same moment from its own thread."""
    barrier = threading.Barrier(len(calls))
    results: list[httpx.Response | BaseException | None] = [None] * len(calls)

    def fire(i: int, method: str, url: str, kwargs: dict[str, Any]) -> None:
        try:
            with httpx.Client(timeout=60) as c:
                barrier.wait()
                results[i] = c.request(method, url, **kwargs)
        except BaseException as exc:  # surfaced below, not swallowed
            results[i] = exc

    threads = [threading.Thread(target=fire, args=(i, *call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    responses = [r for r in results if isinstance(r, httpx.Response)]
    assert len(responses) == len(calls), results
    return responses


def registration(email: str, name: str, uscc: str) -> dict[str, Any]:
    return {
        "email": email,
        "password": PASSWORD,
        "display_name": "并发用户",
        "organization": {"name": name, "uscc": uscc, "kind": "企业", "region": "无锡市"},
        "roles": ["provider"],
    }


def count(factory: sessionmaker[Session], model: type[Any], *where: Any) -> int:
    with transaction(factory) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@BOTH_DATABASES
def test_simultaneous_registrations_with_one_email_make_one_account(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    calls = [
        (
            "POST",
            "/api/v1/auth/register",
            {"json": registration("same@example.cn", f"无锡并发科技有限公司{i}", make_uscc())},
        )
        for i in range(PARALLEL)
    ]
    with running(client.app) as base:  # type: ignore[arg-type]
        responses = at_once([(m, base + url, kw) for m, url, kw in calls])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (PARALLEL - 1), [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert r.json()["code"] == "auth.email_taken"
            assert r.json().get("errors", [{"field": "email"}])[0]["field"] == "email"
    assert count(session_factory, User, func.lower(User.email) == "same@example.cn") == 1
    # the losers left nothing behind: one organization, one registration event
    assert (
        count(session_factory, Organization, Organization.name.like("无锡并发科技有限公司%")) == 1
    )
    assert count(session_factory, AuditEvent, AuditEvent.action == "register") == 1


@BOTH_DATABASES
def test_simultaneous_registrations_of_one_new_organization_never_fail_or_fork_it(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    name = "常州同名新材料有限公司"
    calls = [
        (
            "POST",
            "/api/v1/auth/register",
            {"json": registration(f"founder{i}@example.cn", name, make_uscc())},
        )
        for i in range(PARALLEL)
    ]
    with running(client.app) as base:  # type: ignore[arg-type]
        responses = at_once([(m, base + url, kw) for m, url, kw in calls])
    assert all(r.status_code < 500 for r in responses), [r.text for r in responses]
    assert {r.status_code for r in responses} <= {201, 409, 422}
    assert any(r.status_code == 201 for r in responses)
    for r in responses:
        if r.status_code == 409:
            assert r.json()["code"] == "organization.name_taken"
            assert r.json()["errors"][0]["field"] == "organization.name"
    assert count(session_factory, Organization, Organization.name == name) == 1
    with transaction(session_factory) as session:
        org_id = session.scalar(select(Organization.id).where(Organization.name == name))
        for r in responses:
            if r.status_code == 201:
                assert r.json()["organization"]["id"] == org_id
                user = session.get(User, r.json()["id"])
                assert user is not None and user.organization_id == org_id


def published_demand_and_provider(
    client: TestClient, factory: sessionmaker[Session]
) -> tuple[int, Any, int]:
    publisher = register(client, ["publisher"])
    official = staff(client, factory, "official")
    provider = register(client, ["provider"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    assert official.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    return int(demand["id"]), provider, int(solution["id"])


@BOTH_DATABASES
def test_simultaneous_identical_proposals_make_one(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    demand_id, provider, solution_id = published_demand_and_provider(client, session_factory)
    body = {"solution_id": solution_id, "summary": "分两期实施的热失控预警改造方案。"}
    with running(client.app) as base:  # type: ignore[arg-type]
        url = f"{base}/api/v1/demands/{demand_id}/proposals"
        responses = at_once([("POST", url, {"json": body, "headers": provider.headers})] * PARALLEL)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (PARALLEL - 1), [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"proposal.duplicate"}
    assert count(session_factory, Proposal, Proposal.demand_id == demand_id) == 1


@BOTH_DATABASES
def test_one_proposal_per_provider_per_demand_even_with_another_solution(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    demand_id, provider, solution_id = published_demand_and_provider(client, session_factory)
    first = provider.post(
        f"/api/v1/demands/{demand_id}/proposals",
        {"solution_id": solution_id, "summary": "第一份方案：分期实施。"},
    )
    assert first.status_code == 201, first.text
    without_solution = provider.post(
        f"/api/v1/demands/{demand_id}/proposals", {"summary": "第二份方案：不挂解决方案。"}
    )
    assert without_solution.status_code == 409
    assert without_solution.json()["code"] == "proposal.duplicate"


@pytest.fixture
def app_with_a_late_conflict(settings: Settings) -> Iterator[TestClient]:
    """An endpoint whose unique violation only the COMMIT can see (nothing flushes before)."""
    app = create_app(settings)

    @app.post("/test/late-conflict")
    def late_conflict(session: SessionDep) -> dict[str, str]:
        taken = session.scalars(select(User)).first()
        assert taken is not None
        session.add(Organization(name="迟到冲突之前写入的机构", kind="企业"))
        session.add(
            User(
                email=taken.email,
                password_hash="x",
                display_name="迟到",
                organization_id=taken.organization_id,
                roles=[],
            )
        )
        return {"status": "ok"}

    with TestClient(app) as client:
        yield client


@BOTH_DATABASES
def test_a_violation_at_commit_is_a_409_and_nothing_is_written(
    app_with_a_late_conflict: TestClient,
) -> None:
    client = app_with_a_late_conflict
    register(client, ["publisher"])
    factory: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    r = client.post("/test/late-conflict", headers={"Accept-Language": "en"})
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "auth.email_taken"
    assert r.json()["errors"][0]["field"] == "email"
    assert r.json()["message"] == "This e-mail is already registered"
    assert count(factory, Organization, Organization.name == "迟到冲突之前写入的机构") == 0
    assert count(factory, User) == 1


# --- 9. the database is unreachable ----------------------------------------------------------


class TcpRelay:
    """A TCP relay to PostgreSQL on a fixed port that can be switched off (port closed, live
    connections cut) and on again, so the app sees a real outage and a real recovery."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._server: socket.socket | None = None
        self._links: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            with suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._server.close()
            self._server = None
        with self._lock:
            for s in self._links:
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._links.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                downstream, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._links += [downstream, upstream]
            for a, b in ((downstream, upstream), (upstream, downstream)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


@contextmanager
def relayed_app(settings: Settings, pg_url: str) -> Iterator[tuple[TestClient, TcpRelay]]:
    relay = TcpRelay(("127.0.0.1", 5432))
    url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}")
    assert url != pg_url
    relay.start()
    app: FastAPI = create_app(settings.model_copy(update={"database_url": url}))
    try:
        with TestClient(app) as client:
            yield client, relay
    finally:
        relay.stop()


def assert_unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text
    assert r.json() == {"code": "service.unavailable", "message": "服务暂时不可用，请稍后重试"}
    assert int(r.headers["retry-after"]) > 0


@pytest.mark.postgres
def test_an_unreachable_database_is_a_503_with_retry_after(settings: Settings) -> None:
    closed = PG_ADMIN_URL.rsplit("@", 1)[0] + "@127.0.0.1:1/scenariohub"
    app = create_app(settings.model_copy(update={"database_url": closed}))
    with TestClient(app) as client:
        assert_unavailable(client.get("/api/v1/health"))
        assert_unavailable(client.get("/api/v1/public/demands"))
        assert_unavailable(
            client.post("/api/v1/auth/token", data={"username": "a@b.cn", "password": "x"})
        )
        en = client.get("/api/v1/health", headers={"Accept-Language": "en"})
        assert en.status_code == 503 and en.json()["message"].startswith("The service")
        assert client.get("/api/v1/taxonomy").status_code == 200  # needs no database


@pytest.mark.postgres
def test_the_service_recovers_by_itself_when_the_database_is_back(
    settings: Settings, pg_database: str
) -> None:
    with relayed_app(settings, pg_database) as (client, relay):
        healthy = client.get("/api/v1/health")
        assert healthy.status_code == 200, healthy.text
        assert healthy.json() == {"status": "ok", "database": "postgresql", "search_index": "off"}
        assert client.get("/api/v1/public/demands").status_code == 200  # a pooled connection
        relay.stop()
        assert_unavailable(client.get("/api/v1/health"))
        assert_unavailable(client.get("/api/v1/public/demands"))
        relay.start()
        # the pool's stale connections are pinged and replaced: no restart needed
        assert client.get("/api/v1/health").status_code == 200
        assert client.get("/api/v1/public/demands").status_code == 200
