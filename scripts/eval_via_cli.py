"""`make eval`: a labelled set through the real commands — `scenariohub import` into a fresh
database, then `scenariohub match --mode …` — scored with nDCG@10, Recall@10 and MRR.

Usage: python scripts/eval_via_cli.py [DIR]   (default ../shared/eval/dev)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from matching.evaluation.metrics import Metrics, evaluate_rankings, read_qrels

MODES = ("bm25", "dense", "fused", "full")
TARGET_FULL = 0.80
TARGET_GAIN_OVER_BM25 = 0.10


def scenariohub(env: dict[str, str], *args: str) -> str:
    exe = Path(sys.executable).with_name("scenariohub")
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"scenariohub {' '.join(args[:2])} failed ({done.returncode})")
    return done.stdout


def main(folder: Path) -> int:
    qrels = read_qrels((folder / "qrels.tsv").read_text(encoding="utf-8"))
    demand_ids = [
        json.loads(line)["external_id"]
        for line in (folder / "demands.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory(prefix="scenariohub-eval-") as tmp:
        env = {
            **os.environ,
            "SCENARIOHUB_DATA_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/eval.sqlite3",
        }
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
    print(f"labelled set: {folder} ({len(demand_ids)} demands)")
    print(f"{'mode':<16} {'nDCG@10':>8} {'Recall@10':>10} {'MRR':>7}")
    names = {"bm25": "BM25 only", "dense": "dense only", "fused": "fused", "full": "fused + fit"}
    for mode, m in results.items():
        print(f"{names[mode]:<16} {m.ndcg10:>8.3f} {m.recall10:>10.3f} {m.mrr:>7.3f}")
    full, bm25 = results["full"].ndcg10, results["bm25"].ndcg10
    ok = full >= TARGET_FULL and full - bm25 >= TARGET_GAIN_OVER_BM25
    print(
        f"targets: fused + fit nDCG@10 ≥ {TARGET_FULL} and ≥ BM25 + {TARGET_GAIN_OVER_BM25}:"
        f" {'met' if ok else 'NOT met'} ({full:.3f} vs {bm25:.3f})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev")))
