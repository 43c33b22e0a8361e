"""`make eval`, second part: the public demand search through its HTTP endpoint, on a labelled
query set (scripts/search_eval/queries.tsv), with the matcher and with the keyword search the
platform falls back to when the matcher is off.

The dev set's demands are imported and published into a fresh SQLite database with
`scenariohub import`, which also indexes them; the app then answers
`GET /api/v1/public/demands?q=…` in process (ASGI, through httpx). Prints nDCG@10, Recall@10,
MRR, how many queries came back empty and how many only with the nearest demands.

Usage: python scripts/eval_search.py [DIR]   (default ../shared/eval/dev)
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# run as a script, this folder is on the path: the CLI runner is the matching evaluation's
from eval_via_cli import scenariohub
from fastapi.testclient import TestClient

from backend.config import Settings
from backend.main import create_app
from matching.evaluation.metrics import Metrics, evaluate_rankings, read_qrels

QUERIES = Path(__file__).with_name("search_eval") / "queries.tsv"


@dataclass(frozen=True)
class Outcome:
    metrics: Metrics
    empty: int
    nearest: int


def run(settings: Settings, qrels: dict[str, dict[str, int]]) -> Outcome:
    rankings: dict[str, list[str]] = {}
    empty = nearest = 0
    with TestClient(create_app(settings)) as client:
        for query in qrels:
            r = client.get("/api/v1/public/demands", params={"q": query, "page_size": 10})
            r.raise_for_status()
            page = r.json()
            rankings[query] = [str(d["external_id"]) for d in page["items"]]
            empty += not page["items"]
            nearest += bool(page.get("nearest"))
    return Outcome(evaluate_rankings(rankings, qrels), empty, nearest)


def main(folder: Path) -> int:
    qrels = read_qrels(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="scenariohub-search-eval-") as tmp:
        env = {
            **os.environ,
            "SCENARIOHUB_DATA_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/eval.sqlite3",
        }
        scenariohub(env, "migrate")
        scenariohub(env, "import", str(folder / "demands.jsonl"), "--kind", "demands", "--publish")
        common = {
            "DATABASE_URL": env["DATABASE_URL"],
            "SCENARIOHUB_DATA_DIR": Path(tmp),
            "SCENARIOHUB_INDEX_WORKER": False,
            "SCENARIOHUB_FRONTEND_DIST": Path(tmp) / "no-dist",
        }
        results = {
            "matcher (hybrid + glossary)": run(
                Settings(SCENARIOHUB_MATCHER=True, **common),  # type: ignore[arg-type]
                qrels,
            ),
            "keyword (matcher off)": run(
                Settings(SCENARIOHUB_MATCHER=False, **common),  # type: ignore[arg-type]
                qrels,
            ),
        }
    print(f"public demand search: {len(qrels)} queries ({QUERIES.name}) over {folder}")
    print(f"{'search':<28} {'nDCG@10':>8} {'Recall@10':>10} {'MRR':>7} {'empty':>6} {'nearest':>8}")
    for name, o in results.items():
        m = o.metrics
        print(
            f"{name:<28} {m.ndcg10:>8.3f} {m.recall10:>10.3f} {m.mrr:>7.3f} {o.empty:>6} {o.nearest:>8}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev")))
