"""nDCG@k with graded relevance, Recall@k and MRR, averaged over queries."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def mrr(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    for i, doc in enumerate(ranked):
        if grades.get(doc, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


@dataclass(frozen=True)
class Metrics:
    ndcg10: float
    recall10: float
    mrr: float
    queries: int


def evaluate_rankings(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]], k: int = 10
) -> Metrics:
    """Mean metrics over the queries that have judgements (a query with no ranking scores 0)."""
    queries = [q for q in qrels if any(g > 0 for g in qrels[q].values())]
    if not queries:
        return Metrics(0.0, 0.0, 0.0, 0)
    n = len(queries)
    return Metrics(
        ndcg10=sum(ndcg_at_k(rankings.get(q, []), qrels[q], k) for q in queries) / n,
        recall10=sum(recall_at_k(rankings.get(q, []), qrels[q], k) for q in queries) / n,
        mrr=sum(mrr(rankings.get(q, []), qrels[q]) for q in queries) / n,
        queries=n,
    )


def read_qrels(text: str) -> dict[str, dict[str, int]]:
    """`demand_id<TAB>solution_id<TAB>grade` lines; a header line is skipped."""
    out: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        cols = line.strip().split("\t") if "\t" in line else line.split()
        if len(cols) < 3 or not cols[2].strip().isdigit():
            continue
        out.setdefault(cols[0].strip(), {})[cols[1].strip()] = int(cols[2])
    return out
