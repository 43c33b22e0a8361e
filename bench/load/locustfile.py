"""The simulated users. Run by bench/load/run.py; reads LOAD_PLAN, writes LOAD_RECORD.

Readers read like people: after each answer they wait a think time drawn between half and one
and a half times `think` seconds; with `think` 0 they never wait (a closed loop that measures how
many requests the server can answer). Writers pace themselves to about one task a second, as
people filling in forms do. Every
request has a client time-out; a time-out is recorded as such, apart from other errors.
Writers record every id the server acknowledged with a 201, and how many writes they sent,
so the runner can reconcile them with the database afterwards.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, constant_pacing, events, task

from bench.load import workload

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
MIX = workload.user_mix(int(PLAN["users"]))
TIMEOUT = float(PLAN["client_timeout"])
RUN_TAG = str(PLAN["run_tag"])
PUBLIC_IDS: list[int] = PLAN["published_demand_ids"]
THINK = float(PLAN.get("think", 0.0))
READER_WAIT = between(THINK * 0.5, THINK * 1.5) if THINK > 0 else constant(0)
PROPOSABLE_IDS: list[int] = PLAN["proposable_demand_ids"]


class Record:
    """Everything measured, dumped as JSON when locust quits."""

    def __init__(self) -> None:
        self.samples: list[tuple[str, float, float, str]] = []
        self.attempts: Counter[str] = Counter()
        self.answered: Counter[str] = Counter()
        self.demands: list[int] = []
        self.submitted: list[int] = []
        self.solutions: list[int] = []
        self.users: list[int] = []
        self.proposals: list[dict[str, int]] = []
        self.started = 0.0
        self.stopped = 0.0

    def dump(self, path: Path) -> None:
        data = {
            "started": self.started,
            "stopped": self.stopped,
            "samples": self.samples,
            "attempts": dict(self.attempts),
            "answered": dict(self.answered),
            "created": {
                "users": self.users,
                "demands": self.demands,
                "submitted": self.submitted,
                "solutions": self.solutions,
                "proposals": self.proposals,
            },
        }
        path.write_text(json.dumps(data), encoding="utf-8")


RECORD = Record()


def _outcome(response: Any, exception: BaseException | None) -> str:
    if exception is None:
        return "ok"
    status = getattr(response, "status_code", 0) or 0
    if status:
        return f"http_{status}"
    # geventhttpclient wraps the socket's TimeoutError in RetriesExceeded(original=...)
    cause = getattr(exception, "original", None) or exception
    text = f"{type(cause).__name__} {cause}".lower()
    if isinstance(cause, TimeoutError) or "timeout" in text or "timed out" in text:
        return "timeout"
    return "connection"


@events.request.add_listener
def _on_request(
    name: str,
    response_time: float,
    start_time: float,
    response: Any = None,
    exception: BaseException | None = None,
    **_: Any,
) -> None:
    RECORD.samples.append((name, start_time, response_time, _outcome(response, exception)))


@events.test_start.add_listener
def _on_test_start(**_: Any) -> None:
    RECORD.started = time.time()


@events.test_stop.add_listener
def _on_test_stop(**_: Any) -> None:
    RECORD.stopped = time.time()


@events.quitting.add_listener
def _on_quitting(**_: Any) -> None:
    RECORD.dump(Path(os.environ["LOAD_RECORD"]))


class LoadUser(FastHttpUser):
    abstract = True
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT
    max_retries = 0


class HealthReader(LoadUser):
    fixed_count = MIX.per_reader_group
    wait_time = READER_WAIT

    @task
    def health(self) -> None:
        self.client.get("/api/v1/health", name="health")


class ListReader(LoadUser):
    fixed_count = MIX.per_reader_group
    wait_time = READER_WAIT

    @task
    def public_list(self) -> None:
        page = random.randint(1, 3)
        self.client.get(f"/api/v1/public/demands?page={page}", name="public list")


class SearchReader(LoadUser):
    fixed_count = MIX.per_reader_group
    wait_time = READER_WAIT

    @task
    def public_search(self) -> None:
        query = urlencode({"q": random.choice(workload.SEARCH_TERMS)})
        self.client.get(f"/api/v1/public/demands?{query}", name="public search")


class DetailReader(LoadUser):
    fixed_count = MIX.per_reader_group
    wait_time = READER_WAIT

    @task
    def public_detail(self) -> None:
        demand_id = random.choice(PUBLIC_IDS)
        self.client.get(f"/api/v1/public/demands/{demand_id}", name="public detail")


class DashboardReader(LoadUser):
    fixed_count = MIX.per_reader_group
    wait_time = READER_WAIT

    @task
    def public_dashboard(self) -> None:
        self.client.get("/api/v1/public/dashboard", name="public dashboard")


class Writer(LoadUser):
    """A person who registers a new organization, logs in, then works; retries with a new one."""

    abstract = True
    role = ""
    wait_time = constant_pacing(1.0)

    def on_start(self) -> None:
        self.token: str | None = None

    def _write(self, kind: str, method: str, url: str, **kw: Any) -> Any:
        RECORD.attempts[kind] += 1
        response = self.client.request(method, url, name=kind, **kw)
        if response.status_code:
            RECORD.answered[kind] += 1
        return response

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _sign_up(self) -> bool:
        identity = workload.new_identity(self.role, RUN_TAG)
        r = self._write(
            "register",
            "POST",
            "/api/v1/auth/register",
            json=workload.register_body(identity, self.role),
        )
        if r.status_code != 201:
            return False
        RECORD.users.append(int(r.json()["id"]))
        form = urlencode({"username": identity.email, "password": workload.PASSWORD})
        r = self.client.post(
            "/api/v1/auth/token",
            name="login",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if r.status_code != 200:
            return False
        self.token = str(r.json()["access_token"])
        return True


class Publisher(Writer):
    fixed_count = MIX.publishers
    role = "publisher"

    @task
    def create_and_submit(self) -> None:
        if self.token is None and not self._sign_up():
            return
        r = self._write(
            "create demand",
            "POST",
            "/api/v1/demands",
            json=workload.demand_body(len(RECORD.demands) + 1),
            headers=self._auth(),
        )
        if r.status_code != 201:
            return
        demand_id = int(r.json()["id"])
        RECORD.demands.append(demand_id)
        r = self._write(
            "submit demand", "POST", f"/api/v1/demands/{demand_id}/submit", headers=self._auth()
        )
        if r.status_code == 200:
            RECORD.submitted.append(demand_id)


class Provider(Writer):
    """Proposes once on every open published demand, in its own order; then starts over as a new
    organization (one proposal per organization and demand is the rule)."""

    fixed_count = MIX.providers
    role = "provider"

    def on_start(self) -> None:
        super().on_start()
        self.solution_id: int | None = None
        self.todo: list[int] = []

    def _found(self) -> bool:
        self.token = None
        self.solution_id = None
        if not self._sign_up():
            return False
        r = self._write(
            "create solution",
            "POST",
            "/api/v1/solutions",
            json=workload.solution_body(len(RECORD.solutions) + 1),
            headers=self._auth(),
        )
        if r.status_code != 201:
            return False
        self.solution_id = int(r.json()["id"])
        RECORD.solutions.append(self.solution_id)
        self.todo = random.sample(PROPOSABLE_IDS, len(PROPOSABLE_IDS))
        return True

    @task
    def propose(self) -> None:
        if (self.solution_id is None or not self.todo) and not self._found():
            return
        assert self.solution_id is not None
        demand_id = self.todo.pop()
        r = self._write(
            "create proposal",
            "POST",
            f"/api/v1/demands/{demand_id}/proposals",
            json=workload.proposal_body(self.solution_id),
            headers=self._auth(),
        )
        if r.status_code == 201:
            body = r.json()
            RECORD.proposals.append({"id": int(body["id"]), "demand_id": int(body["demand_id"])})
