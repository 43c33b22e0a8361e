"""Run a labelled set through the library directly: `python -m matching.evaluation.dev_eval DIR`.

`--engine postgres` runs it on the postgres engine (`--pg-url URL`, a PostgreSQL with pgvector;
without one a throw-away server is started), `--engine both` on both engines, with nDCG@10 side
by side. The platform's `make eval` goes through the real import and match commands instead;
this is the quick loop for working on the matcher itself.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from matching.embedding import Embedder, load_embedder
from matching.evaluation.metrics import Metrics, evaluate_rankings, read_qrels
from matching.matcher import MODES, Matcher
from matching.types import DemandDoc, SolutionDoc


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def demand_doc(rec: dict[str, Any]) -> DemandDoc:
    return DemandDoc(
        id=rec["external_id"],
        title=rec["title"],
        description=rec["description"],
        field=rec.get("field"),
        industry=rec.get("industry"),
        region=rec.get("region"),
        scenario_tier=rec.get("scenario_tier"),
        budget_min_wan=rec.get("budget_min_wan"),
        budget_max_wan=rec.get("budget_max_wan"),
        trl_required=rec.get("trl_required"),
        cooperation_mode=rec.get("cooperation_mode"),
        keywords=_tuple(rec.get("keywords")),
        deadline=date.fromisoformat(rec["deadline"]) if rec.get("deadline") else None,
    )


def solution_doc(rec: dict[str, Any]) -> SolutionDoc:
    return SolutionDoc(
        id=rec["external_id"],
        title=rec["title"],
        description=rec["description"],
        fields=_tuple(rec.get("fields")),
        industries=_tuple(rec.get("industries")),
        trl=rec.get("trl"),
        regions_served=_tuple(rec.get("regions_served")),
        price_min_wan=rec.get("price_min_wan"),
        price_max_wan=rec.get("price_max_wan"),
        keywords=_tuple(rec.get("keywords")),
    )


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def load_set(
    folder: Path,
) -> tuple[list[DemandDoc], list[SolutionDoc], dict[str, dict[str, int]]]:
    """A labelled set's demands, solutions and graded judgements, as library documents."""
    demands = [demand_doc(r) for r in _jsonl(folder / "demands.jsonl")]
    solutions = [solution_doc(r) for r in _jsonl(folder / "solutions.jsonl")]
    qrels = read_qrels((folder / "qrels.tsv").read_text(encoding="utf-8"))
    return demands, solutions, qrels


def run(folder: Path, matcher: Matcher | None = None) -> dict[str, Metrics]:
    """Metrics of every mode over the set; builds an in-memory matcher unless one is given."""
    demands, solutions, qrels = load_set(folder)
    if matcher is None:
        matcher = Matcher(load_embedder(None), None)
        matcher.upsert_solutions(solutions)
        matcher.upsert_demands(demands)
    return {
        mode: evaluate_rankings(
            {d.id: [r.id for r in matcher.rank_solutions(d, limit=10, mode=mode)] for d in demands},
            qrels,
        )
        for mode in MODES
    }


def table(results: dict[str, Metrics]) -> str:
    lines = [f"{'mode':<8} {'nDCG@10':>8} {'R@10':>7} {'MRR':>7}"]
    for mode, m in results.items():
        lines.append(f"{mode:<8} {m.ndcg10:>8.3f} {m.recall10:>7.3f} {m.mrr:>7.3f}")
    return "\n".join(lines)


ENGINES = ("embedded", "postgres")
EVAL_SCHEMA = "scenariohub_eval"  # never the platform's own search tables


@contextmanager
def filled_matcher(
    folder: Path, embedder: Embedder, engine: str, pg_url: str | None
) -> Iterator[Matcher]:
    """A matcher on `engine` holding the set's documents; a postgres one is emptied after."""
    with ExitStack() as stack:
        if engine == "postgres" and not pg_url:
            from matching.evaluation.pgvector_server import running

            pg_url = stack.enter_context(running()).url()
        matcher = Matcher(embedder, None, engine=engine, pg_url=pg_url, pg_schema=EVAL_SCHEMA)
        stack.callback(matcher.close)
        if engine == "postgres":
            stack.callback(matcher.clear)
            matcher.clear()  # what an earlier run left
        demands, solutions, _ = load_set(folder)
        matcher.upsert_solutions(solutions)
        matcher.upsert_demands(demands)
        yield matcher


def comparison(results: dict[str, dict[str, Metrics]]) -> str:
    """nDCG@10 of every mode on each engine, and each engine's difference from the first."""
    engines = list(results)
    lines = [f"{'mode':<8} " + " ".join(f"{e:>9}" for e in engines) + "    delta"]
    for mode in MODES:
        scores = [results[e][mode].ndcg10 for e in engines]
        deltas = " ".join(f"{s - scores[0]:+.3f}" for s in scores[1:])
        lines.append(f"{mode:<8} " + " ".join(f"{s:>9.3f}" for s in scores) + f"   {deltas}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m matching.evaluation.dev_eval")
    parser.add_argument("folder", nargs="?", default="../shared/eval/dev", type=Path)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="embedded")
    parser.add_argument(
        "--pg-url", help="PostgreSQL with pgvector (default: start a throw-away server)"
    )
    args = parser.parse_args(argv)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    embedder = load_embedder(None)
    results: dict[str, dict[str, Metrics]] = {}
    for engine in engines:
        with filled_matcher(args.folder, embedder, engine, args.pg_url) as matcher:
            results[engine] = run(args.folder, matcher)
        print(f"[{engine}]\n{table(results[engine])}\n")
    if len(results) > 1:
        print(f"nDCG@10\n{comparison(results)}")


if __name__ == "__main__":
    main()
