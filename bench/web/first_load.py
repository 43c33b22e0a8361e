"""`make web-bench`: what the public home page and the public demand list cost a first visitor.

    python -m bench.web.first_load [--checkout PATH] [--runs 3]

A throw-away server (fresh SQLite file, migrated and loaded with `scenariohub seed-demo`) runs on
127.0.0.1 with the code and the built pages (frontend/dist) of --checkout, the current one by
default: `git worktree add /tmp/before <commit>` and a `vite build` there measure an older commit.
Chromium loads each page with a cold cache under emulated networks (CDP
Network.emulateNetworkConditions), then once more in the same browser context (a repeat visit).
Printed: the median over --runs of the bytes transferred (compressed, headers included, as
Chromium counts them), the requests that went over the network (not answered by the browser's
cache), DOMContentLoaded, load, first contentful paint, and when the
page's heading first appeared; and whether the ECharts chunk was fetched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright

# the load test's set-up: a free loopback port, waiting for /health, its set-up error
from bench.load.run import SetupError, _free_port, _wait_ready

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only
SCENARIOHUB = str(Path(sys.executable).parent / "scenariohub")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = (("home", "/"), ("demand list", "/demands"))
# the page heading (PageTitle renders an antd level-2 title); recorded by a MutationObserver
HEADING = "h2.ant-typography"
WATCH_HEADING = (
    f"(() => {{ const heading = {HEADING!r};"
    """
new MutationObserver((_, observer) => {
  if (document.querySelector(heading)) {
    window.__headingAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true }); })();
"""
)
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    fcp: fcp ? fcp.startTime : null,
    heading: window.__headingAt ?? null,
  };
}"""


@dataclass(frozen=True)
class Network:
    name: str
    latency_ms: float
    down_kbps: float
    up_kbps: float

    def conditions(self) -> dict[str, Any]:
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_kbps * 1000 / 8,
            "uploadThroughput": self.up_kbps * 1000 / 8,
        }


NETWORKS = (Network("Fast 3G", 150, 1600, 750), Network("4G", 20, 9000, 9000))


@dataclass
class Transfers:
    """Bytes Chromium received per request id, the URLs asked for, and which the cache answered."""

    urls: dict[str, str] = field(default_factory=dict)
    encoded: dict[str, int] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)

    def listen(self, cdp: CDPSession) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)

    def _from_cache(self, event: dict[str, Any]) -> None:
        self.cached.add(event["requestId"])

    def _received(self, event: dict[str, Any]) -> None:
        if event["response"].get("fromDiskCache"):
            self.cached.add(event["requestId"])

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        self.encoded[event["requestId"]] = int(event["encodedDataLength"])

    def reset(self) -> None:
        self.urls.clear()
        self.encoded.clear()
        self.cached.clear()

    def over_the_network(self) -> int:
        return len(self.urls.keys() - self.cached)

    def fetched_echarts(self) -> bool:
        return any("/assets/echarts" in url for url in self.urls.values())


@dataclass(frozen=True)
class Visit:
    kilobytes: float
    requests: int
    dcl_ms: float
    load_ms: float
    fcp_ms: float
    heading_ms: float
    echarts: bool


def _visit(page: Page, url: str, transfers: Transfers) -> Visit:
    transfers.reset()
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_selector(HEADING, timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    t = page.evaluate(TIMINGS)
    return Visit(
        kilobytes=sum(transfers.encoded.values()) / 1024,
        requests=transfers.over_the_network(),
        dcl_ms=t["dcl"],
        load_ms=t["load"],
        fcp_ms=t["fcp"] if t["fcp"] is not None else float("nan"),
        heading_ms=t["heading"] if t["heading"] is not None else float("nan"),
        echarts=transfers.fetched_echarts(),
    )


def _first_and_repeat(browser: Browser, url: str, network: Network) -> tuple[Visit, Visit]:
    """A cold-cache visit, then the same page again in the same context (its cache kept)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.add_init_script(WATCH_HEADING)
        cdp = context.new_cdp_session(page)
        transfers = Transfers()
        transfers.listen(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network.conditions())
        first = _visit(page, url, transfers)
        page.goto("about:blank")
        repeat = _visit(page, url, transfers)
        return first, repeat
    finally:
        context.close()


def _median(visits: list[Visit]) -> Visit:
    def mid(name: str) -> float:
        return float(statistics.median(getattr(v, name) for v in visits))

    return Visit(
        kilobytes=mid("kilobytes"),
        requests=round(mid("requests")),
        dcl_ms=mid("dcl_ms"),
        load_ms=mid("load_ms"),
        fcp_ms=mid("fcp_ms"),
        heading_ms=mid("heading_ms"),
        echarts=any(v.echarts for v in visits),
    )


def _table(rows: list[tuple[str, str, str, Visit]]) -> str:
    head = (
        "| page | network | visit | requests | KB transferred | DOMContentLoaded ms "
        "| load ms | FCP ms | heading ms | echarts |"
    )
    lines = [head, "|" + "---|" * 10]
    for page, network, kind, v in rows:
        lines.append(
            f"| {page} | {network} | {kind} | {v.requests} | {v.kilobytes:,.0f} | "
            f"{v.dcl_ms:,.0f} | {v.load_ms:,.0f} | {v.fcp_ms:,.0f} | {v.heading_ms:,.0f} | "
            f"{'yes' if v.echarts else 'no'} |"
        )
    return "\n".join(lines)


def measure(base: str, runs: int) -> list[tuple[str, str, str, Visit]]:
    rows: list[tuple[str, str, str, Visit]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for network in NETWORKS:
                for name, path in PAGES:
                    visits = [_first_and_repeat(browser, base + path, network) for _ in range(runs)]
                    rows.append((name, network.name, "first", _median([f for f, _ in visits])))
                    rows.append((name, network.name, "repeat", _median([r for _, r in visits])))
                    print(f"  {name} on {network.name}: {runs} runs", flush=True)
        finally:
            browser.close()
    return rows


# --- the throw-away server --------------------------------------------------------------------


def _server_env(checkout: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEILI_", "SCENARIOHUB_"))}
    env.update(
        PYTHONPATH=str(checkout),  # ahead of the editable install: serve that checkout's code
        SCENARIOHUB_DATA_DIR=str(data_dir),
        SCENARIOHUB_FRONTEND_DIST=str(checkout / "frontend" / "dist"),
        DATABASE_URL=f"sqlite:///{data_dir / 'scenariohub.sqlite3'}",
        SEARCH_BACKEND="embedded",
        SCENARIOHUB_ENV="development",
        SCENARIOHUB_MATCHER="false",  # the public pages do not match; start-up stays quick
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> None:
    print(f"· scenariohub {' '.join(cmd)}", flush=True)
    done = subprocess.run(
        [SCENARIOHUB, *cmd], env=env, cwd=cwd, capture_output=True, text=True, timeout=1200
    )
    if done.returncode != 0:
        raise SetupError(f"scenariohub {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web.first_load", description=__doc__)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="code and frontend/dist")
    parser.add_argument("--runs", type=int, default=3, help="cold-cache visits per cell")
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()
    if not (checkout / "frontend" / "dist" / "index.html").is_file():
        print(
            f"no built pages in {checkout}/frontend/dist: run make frontend-build", file=sys.stderr
        )
        return 2
    work = Path(tempfile.mkdtemp(prefix="scenariohub-web-"))
    env = _server_env(checkout, work / "data")
    try:
        _run(["migrate"], env, work)
        _run(["seed-demo"], env, work)
        base = f"http://{HOST}:{_free_port()}"
        port = base.rsplit(":", 1)[1]
        log = (work / "server.log").open("wb")
        server = subprocess.Popen(
            [SCENARIOHUB, "serve", "--host", HOST, "--port", port, "--no-index-worker"],
            env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_ready(base, server, timeout=120)
            print(f"· Chromium against {base} ({args.runs} runs per cell)", flush=True)
            rows = measure(base, args.runs)
        finally:
            _stop(server)
            log.close()
    except SetupError as exc:
        print(f"web bench set-up failed: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    networks = "; ".join(
        f"{n.name} = {n.latency_ms:g} ms latency, {n.down_kbps / 1000:g} Mbit/s down, "
        f"{n.up_kbps / 1000:g} Mbit/s up"
        for n in NETWORKS
    )
    # the machine is shared: a busy neighbour slows the timings, not the bytes
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{checkout} · medians of {args.runs} · {networks} · load average {load}\n")
    print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
