"""`scenariohub import` beside running server processes: the CLI writes the database and the
outbox only, the process that holds the index's writer lock applies them, and every API process
finds the imported rows within seconds, with no restart.

Real processes throughout: `scenariohub serve` (one process with its index thread, as `make run`;
or two API processes beside `scenariohub worker`, the production profile) and the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, cast

import httpx
from fastapi.testclient import TestClient

from backend.config import Settings
from backend.db.session import make_engine, make_session_factory
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff
from tests.fixtures.server import ROOT, SCENARIOHUB, free_port, health, process, process_env
from tests.integration.indexing.conftest import wait_until

# how long the imported rows may take to show through the server (the bound of "within seconds",
# generous for a busy 2-core machine: the model encodes some dozens of texts a second)
VISIBLE_WITHIN = 90.0


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=data_dir,
        SCENARIOHUB_FRONTEND_DIST=data_dir / "no-dist",
    )
    return process_env(settings, matcher=True)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def storage_solutions(n: int) -> list[dict[str, object]]:
    return [
        {
            "external_id": f"IMP-S-{k}",
            "organization": "常州储能安全技术研究院",
            "title": f"储能电站电池热失控多参量预警系统（第{k}代）",
            "description": "电池簇内布设氢气、一氧化碳与声发射传感器，结合电化学模型提前识别"
            f"热失控前的异常产气与温升，已在 {k + 3} 座工商业储能电站运行。",
            "fields": "新型储能",
            "industries": "能源",
            "trl": 7,
            "regions_served": "江苏省",
            "keywords": "热失控；储能安全",
        }
        for k in range(n)
    ]


def imported(env: dict[str, str], path: Path, *args: str) -> str:
    done = subprocess.run(
        [SCENARIOHUB, "import", str(path), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def actor(base: str, make: Any) -> Actor:
    return cast(Actor, make(cast(TestClient, httpx.Client(base_url=base, timeout=60))))


@BOTH_DATABASES
def test_an_import_beside_the_one_process_server_is_matched_by_that_server(
    database_url: str, tmp_path: Path
) -> None:
    env = _env(database_url, tmp_path / "data")
    base = f"http://127.0.0.1:{(port := free_port())}"
    serve = ["serve", "--port", str(port)]
    with process(serve, env, tmp_path / "serve.log") as server:
        wait_until(
            lambda: server.poll() is None and health(base).get("search_index") == "writes",
            timeout=180,
            what="the server to open the index as its writer",
        )
        out = imported(env, write_jsonl(tmp_path / "s.jsonl", storage_solutions(25)), "--kind",
                       "solutions")  # fmt: skip
        assert "由正在运行的服务处理" in out, out  # the CLI left the index to the server

        factory = make_session_factory(make_engine(database_url))
        publisher = actor(base, lambda c: register(c, ["publisher"]))
        official = actor(base, lambda c: staff(c, factory, "official"))
        demand = publisher.post("/api/v1/demands", demand_body()).json()
        assert publisher.post(f"/api/v1/demands/{demand['id']}/submit").status_code == 200
        assert official.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200

        def candidates() -> list[dict[str, Any]]:
            r = publisher.get(f"/api/v1/demands/{demand['id']}/matches")
            assert r.status_code == 200, r.text
            return cast(list[dict[str, Any]], r.json())

        wait_until(lambda: len(candidates()) >= 10, timeout=VISIBLE_WITHIN, what="candidates")
        titles = {m["solution"]["title"] for m in candidates()}
        assert all(t.startswith("储能电站电池热失控多参量预警系统") for t in titles), titles
        assert server.poll() is None  # still serving: nothing needed a restart


def storage_demands(n: int) -> list[dict[str, object]]:
    body = demand_body()
    return [
        {
            **{k: v for k, v in body.items() if k != "deadline"},
            "external_id": f"IMP-D-{k}",
            "organization": "苏州工业园区储能运营有限公司",
            "title": f"园区储能电站热失控早期预警改造（{k + 1}号站）",
            "keywords": "储能；热失控；预警",
        }
        for k in range(n)
    ]


@BOTH_DATABASES
def test_two_api_processes_beside_a_worker_both_find_what_was_imported(
    database_url: str, tmp_path: Path
) -> None:
    env = _env(database_url, tmp_path / "data")
    base = f"http://127.0.0.1:{(port := free_port())}"
    serve = ["serve", "--port", str(port), "--workers", "2"]
    worker = ["worker", "--poll", "0.5"]
    with (
        process(worker, env, tmp_path / "worker.log") as index_worker,
        process(serve, env, tmp_path / "serve.log") as server,
    ):
        wait_until(lambda: health(base).get("status") == "ok", timeout=180, what="the API")
        wait_until(
            lambda: (tmp_path / "data" / "index").exists() and index_worker.poll() is None,
            timeout=180,
            what="the worker to open the index",
        )
        out = imported(
            env, write_jsonl(tmp_path / "d.jsonl", storage_demands(8)), "--kind", "demands",
            "--publish",
        )  # fmt: skip
        assert "由正在运行的服务处理" in out, out
        publisher = actor(base, lambda c: register(c, ["publisher"]))

        def found_everywhere() -> bool:
            # fresh connections: the two API processes take turns accepting them
            for _ in range(6):
                with httpx.Client(base_url=base, timeout=30, headers=publisher.headers) as c:
                    r = c.get("/api/v1/demands/similar", params={"text": "储能电站热失控预警"})
                assert r.status_code == 200, r.text
                titles = [d["title"] for d in r.json()]
                if not any("号站）" in t for t in titles):
                    return False
            return True

        wait_until(found_everywhere, timeout=VISIBLE_WITHIN, what="both API processes")
        roles = {health(base).get("search_index") for _ in range(10)}
        assert roles == {"follows"}  # loaded at start-up; no API process writes the index
        assert server.poll() is None and index_worker.poll() is None
