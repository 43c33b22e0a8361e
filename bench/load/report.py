"""Per endpoint group: requests/s, latency percentiles, errors and time-outs; printed and as JSON."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from bench.load.workload import READER_GROUPS

WRITER_GROUPS = (
    "register",
    "login",
    "create demand",
    "submit demand",
    "create solution",
    "create proposal",
)


@dataclass(frozen=True)
class GroupStats:
    requests: int
    requests_per_s: float  # started within the run time, whatever became of them
    ok_per_s: float  # of those, answered 2xx: the throughput actually served
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    errors: int  # answered with 4xx/5xx, or the connection failed
    timeouts: int  # no answer within the client time-out
    error_kinds: dict[str, int]


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest rank: the smallest value with at least q% of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(record: dict[str, Any], seconds: float) -> dict[str, GroupStats]:
    """Latencies over every request (a time-out counts with the time it waited); requests/s
    over the requests started within the run time, so the drain at the end does not count."""
    window_end = float(record["started"]) + seconds
    by_group: dict[str, list[tuple[float, float, str]]] = {}
    for name, start, ms, outcome in record["samples"]:
        by_group.setdefault(name, []).append((start, ms, outcome))
    stats: dict[str, GroupStats] = {}
    for name in (*READER_GROUPS, *WRITER_GROUPS, *sorted(set(by_group) - set(READER_GROUPS))):
        if name in stats:
            continue
        samples = by_group.get(name, [])
        if not samples and name not in READER_GROUPS:
            continue
        latencies = sorted(ms for _, ms, _ in samples)
        outcomes = Counter(o for _, _, o in samples)
        kinds = {k: v for k, v in sorted(outcomes.items()) if k not in ("ok", "timeout")}
        in_window = [o for start, _, o in samples if start <= window_end]
        stats[name] = GroupStats(
            requests=len(samples),
            requests_per_s=len(in_window) / seconds,
            ok_per_s=in_window.count("ok") / seconds,
            p50_ms=percentile(latencies, 50),
            p95_ms=percentile(latencies, 95),
            p99_ms=percentile(latencies, 99),
            errors=sum(kinds.values()),
            timeouts=outcomes["timeout"],
            error_kinds=kinds,
        )
    return stats


def timeline(record: dict[str, Any]) -> list[dict[str, int]]:
    """Requests by the second they started in, with their outcome: shows stalls and recovery."""
    started = float(record["started"])
    seconds: dict[int, Counter[str]] = {}
    for _, start, _, outcome in record["samples"]:
        kind = outcome if outcome in ("ok", "timeout") else "error"
        seconds.setdefault(int(start - started), Counter())[kind] += 1
    return [
        {"second": t, "ok": c["ok"], "errors": c["error"], "timeouts": c["timeout"]}
        for t, c in sorted(seconds.items())
    ]


def ratios(stats: dict[str, GroupStats]) -> dict[str, float | None]:
    """Served (2xx) requests/s of list and search against /health's; None when health served none."""
    health = stats["health"].ok_per_s

    def ratio(name: str) -> float | None:
        return stats[name].ok_per_s / health if health else None

    return {
        "public list / health": ratio("public list"),
        "public search / health": ratio("public search"),
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def format_table(stats: dict[str, GroupStats]) -> list[str]:
    header = f"{'group':<18}{'requests':>9}{'req/s':>9}{'ok/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'time-outs':>11}"
    lines = [header, "-" * len(header)]
    for name, s in stats.items():
        lines.append(
            f"{name:<18}{s.requests:>9}{s.requests_per_s:>9.1f}{s.ok_per_s:>9.1f}{_ms(s.p50_ms):>9}"
            f"{_ms(s.p95_ms):>9}{_ms(s.p99_ms):>9}{s.errors:>8}{s.timeouts:>11}"
        )
    kinds = [f"  {name}: {s.error_kinds}" for name, s in stats.items() if s.error_kinds]
    if kinds:
        lines += ["errors by kind:", *kinds]
    return lines


def as_json(stats: dict[str, GroupStats]) -> dict[str, Any]:
    return {name: asdict(s) for name, s in stats.items()}
