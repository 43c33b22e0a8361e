"""`make import-bench`: does a bulk `scenariohub import` stall a running server?

A throw-away `make run` server (SQLite, demo data, its own index thread) is probed by a few
readers — `/health`, the public list, and public searches with a fresh query each time (so the
cache cannot answer them) — first on their own, then while `scenariohub import` writes N
synthetic solutions beside it and the server indexes them. It prints p50/p95/max per probe for
both phases and how long the import and the server's indexing took. (That the running server's
matcher then finds the rows is a test: tests/integration/indexing/test_import_beside_server.py.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.corpus import solutions
from bench.load import run as load_run

SCENARIOHUB = load_run.SCENARIOHUB
PROBES = ("health", "public list", "public search")


def _rows(n: int) -> list[dict[str, object]]:
    return [
        {
            "external_id": f"BENCH-S-{i}",
            "organization": f"压测供给方{i % 40}号科技有限公司",
            "title": doc.title,
            "description": doc.description,
            "fields": "、".join(doc.fields),
            "industries": "、".join(doc.industries),
            "trl": doc.trl or 6,
            "regions_served": "江苏省",
            "keywords": "；".join(doc.keywords),
        }
        for i, doc in enumerate(solutions(n))
    ]


class Probe:
    """Readers one after another on their own connections; latencies per phase."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.phase = "before"
        self.samples: dict[tuple[str, str], list[float]] = {}
        self.errors = 0
        self._stop = threading.Event()
        self._n = 0

    def _one(self, client: httpx.Client, name: str) -> None:
        self._n += 1
        url = {
            "health": "/api/v1/health",
            "public list": "/api/v1/public/demands?page=1",
            "public search": f"/api/v1/public/demands?q=储能{self._n}",
        }[name]
        t = time.perf_counter()
        try:
            ok = client.get(url).status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = (time.perf_counter() - t) * 1000
        if not ok:
            self.errors += 1
        self.samples.setdefault((self.phase, name), []).append(elapsed)

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self._stop.is_set():
                for name in PROBES:
                    self._one(client, name)
                self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _outbox_pending(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM outbox WHERE processed_at IS NULL AND failed_at IS NULL")
        ).scalar()
    engine.dispose()
    return int(n or 0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load.import_stall")
    p.add_argument("--solutions", type=int, default=3000)
    p.add_argument("--baseline-seconds", type=float, default=20.0)
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="scenariohub-import-"))
    url = f"sqlite:///{work / 'data' / 'scenariohub.sqlite3'}"
    env = load_run._server_env(work / "data", url)
    load_run._step("scenariohub migrate", [SCENARIOHUB, "migrate"], env=env, cwd=work, timeout=300)
    load_run._step(
        "scenariohub seed-demo", [SCENARIOHUB, "seed-demo"], env=env, cwd=work, timeout=1200
    )
    rows = work / "solutions.jsonl"
    rows.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(args.solutions)),
        encoding="utf-8",
    )
    port = load_run._free_port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "server.log").open("wb")
    server = subprocess.Popen(
        [SCENARIOHUB, "serve", "--port", str(port)],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        load_run._wait_ready(base, server, timeout=300)
        while httpx.get(f"{base}/api/v1/health").json().get("search_index") != "writes":
            time.sleep(0.5)  # a benchmark's own pacing, not a test
        while _outbox_pending(url):
            time.sleep(0.5)  # the demo data indexed first
        probe = Probe(base)
        thread = threading.Thread(target=probe.run, daemon=True)
        thread.start()
        time.sleep(args.baseline_seconds)
        probe.phase = "during"
        started = time.perf_counter()
        done = subprocess.run(
            [SCENARIOHUB, "import", str(rows), "--kind", "solutions"],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        imported_s = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        while _outbox_pending(url):
            time.sleep(0.5)
        indexed_s = time.perf_counter() - started
        probe.stop()
        thread.join(timeout=60)
        result: dict[str, Any] = {
            "solutions": args.solutions,
            "import_and_index_seconds": round(indexed_s, 1),
            "cli_seconds": round(imported_s, 1),
            "probe_errors": probe.errors,
            "loadavg": os.getloadavg(),
            "probes": {
                f"{phase} / {name}": {
                    "n": len(v),
                    "p50_ms": round(statistics.median(v), 1),
                    "p95_ms": round(_pct(v, 0.95), 1),
                    "max_ms": round(max(v), 1),
                }
                for (phase, name), v in sorted(probe.samples.items())
            },
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print(f"import of {args.solutions} solutions beside a running server (SQLite, make run):")
    print(f"  CLI finished after {result['cli_seconds']} s (database and outbox; index by server)")
    print(f"  all indexed by the server after {result['import_and_index_seconds']} s")
    print(f"  probe errors: {result['probe_errors']}")
    print(f"  {'phase / probe':<28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for key, v in result["probes"].items():
        print(f"  {key:<28} {v['n']:>5} {v['p50_ms']:>8} {v['p95_ms']:>8} {v['max_ms']:>8}")
    out = load_run.RESULTS / f"import-stall-{time.strftime('%Y%m%d-%H%M%S')}.json"
    load_run.RESULTS.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"  summary in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
