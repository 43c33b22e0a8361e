"""Cross-validated weight fitting on a labelled set: `python -m matching.evaluation.crossval DIR`.

This is how the default `RankerWeights` are checked: the demands are split into folds, the weights
are fitted (coordinate ascent on nDCG@10) on the other folds only, and each fold is scored with
weights that never saw it. It also measures the fusion choice (weighted vs reciprocal rank) on
the same candidates, so the choice stays a measured one on every new labelled set.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matching.embedding import load_embedder
from matching.evaluation.dev_eval import load_set
from matching.evaluation.metrics import ndcg_at_k
from matching.index.base import Query
from matching.matcher import Matcher, solution_from
from matching.ranking.features import structured_fit
from matching.ranking.fusion import dense_norm, keyword_norm, reciprocal_rank_fusion
from matching.ranking.learn import INPUTS, score_with
from matching.ranking.weights import FEATURES, RankerWeights

Matrix = npt.NDArray[np.float64]
# the values coordinate ascent tries for each weight (weights are relative: the score is a mean)
GRID = (0.0, 0.02, 0.04, 0.08, 0.14, 0.2, 0.3, 0.45, 0.62, 0.8)
KEYWORD_SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class Candidates:
    """One demand's candidate solutions with every score part (columns as `learn.INPUTS`)."""

    demand_id: str
    ids: tuple[str, ...]
    x: Matrix
    rrf: tuple[float, ...]


def collect(matcher: Matcher, folder: Path, depth: int = 50) -> list[Candidates]:
    """Search every demand of the set once and keep the candidates' parts for re-scoring."""
    demands, _, _ = load_set(folder)
    out = []
    for demand in demands:
        terms = tuple(matcher.tokenizer.terms(demand.text))
        vector = matcher.embedder.encode_cached([demand.text], matcher.cache)[0]
        hits = matcher.solutions.search(Query(demand.text, vector, depth, terms=terms))
        keyword, dense, rrf = keyword_norm(hits), dense_norm(hits), reciprocal_rank_fusion(hits)
        rows = []
        for h in hits:
            fit = structured_fit(demand, solution_from(h.payload)).values
            rows.append([keyword[h.id], dense[h.id], *(fit[k] for k in INPUTS[2:])])
        out.append(
            Candidates(
                demand.id,
                tuple(h.id for h in hits),
                np.asarray(rows, dtype=np.float64).reshape(len(hits), len(INPUTS)),
                tuple(rrf[h.id] for h in hits),
            )
        )
    return out


def _ndcg(scores: Sequence[float], cands: Candidates, grades: dict[str, int]) -> float:
    order = sorted(range(len(cands.ids)), key=lambda i: (-scores[i], cands.ids[i]))
    return ndcg_at_k([cands.ids[i] for i in order], grades)


def mean_ndcg(
    weights: RankerWeights, cands: Sequence[Candidates], qrels: dict[str, dict[str, int]]
) -> float:
    """Mean nDCG@10 of the full score (text fusion + structured fit) under `weights`."""
    if not cands:
        return 0.0
    return float(
        np.mean(
            [_ndcg(list(score_with(weights, c.x)), c, qrels.get(c.demand_id, {})) for c in cands]
        )
    )


def fit_weights(
    start: RankerWeights, cands: Sequence[Candidates], qrels: dict[str, dict[str, int]]
) -> RankerWeights:
    """Coordinate ascent over the keyword share and each feature weight; ties keep the old value."""
    best, best_score = start, mean_ndcg(start, cands, qrels)
    for _ in range(3):
        improved = False
        for share in KEYWORD_SHARES:
            trial = replace(best, keyword=share, dense=1.0 - share)
            if (s := mean_ndcg(trial, cands, qrels)) > best_score + 1e-9:
                best, best_score, improved = trial, s, True
        for name in FEATURES:
            for value in GRID:
                trial = replace(best, **{name: value})
                if (s := mean_ndcg(trial, cands, qrels)) > best_score + 1e-9:
                    best, best_score, improved = trial, s, True
        if not improved:
            break
    return best


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    dense: float
    rrf: float
    fused_default: float
    full_default: float
    full_cv: float
    fitted: tuple[RankerWeights, ...]


def cross_validate(
    cands: Sequence[Candidates],
    qrels: dict[str, dict[str, int]],
    start: RankerWeights,
    folds: int = 5,
    seed: int = 13,
) -> CrossValidation:
    """Held-out nDCG@10 of weights fitted on the other folds, beside fixed baselines."""
    order = np.random.default_rng(seed).permutation(len(cands))
    parts = [order[k::folds] for k in range(folds)]
    held: list[float] = []
    fitted = []
    for k in range(folds):
        train = [cands[i] for j, p in enumerate(parts) if j != k for i in p]
        test = [cands[i] for i in parts[k]]
        weights = fit_weights(start, train, qrels)
        fitted.append(weights)
        held += [mean_ndcg(weights, [c], qrels) for c in test]
    text_only = replace(start, **dict.fromkeys(FEATURES[1:], 0.0))
    dense_only = replace(text_only, keyword=0.0, dense=1.0)

    return CrossValidation(
        folds=folds,
        dense=mean_ndcg(dense_only, cands, qrels),
        rrf=float(np.mean([_ndcg(c.rrf, c, qrels.get(c.demand_id, {})) for c in cands])),
        fused_default=mean_ndcg(text_only, cands, qrels),
        full_default=mean_ndcg(start, cands, qrels),
        full_cv=float(np.mean(held)),
        fitted=tuple(fitted),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    demands, solutions, qrels = load_set(args.folder)
    matcher = Matcher(load_embedder(None), None)
    matcher.upsert_solutions(solutions)
    cv = cross_validate(collect(matcher, args.folder), qrels, matcher.weights, args.folds)
    print(f"nDCG@10 on {len(demands)} demands (candidates: top 50 a side)")
    print(f"  dense only                      {cv.dense:.3f}")
    print(f"  reciprocal rank fusion (k=60)   {cv.rrf:.3f}")
    print(f"  weighted fusion, default        {cv.fused_default:.3f}")
    print(f"  full, default weights           {cv.full_default:.3f}")
    print(f"  full, weights fitted per fold   {cv.full_cv:.3f}  ({cv.folds}-fold, held-out)")
    for k, w in enumerate(cv.fitted):
        shown = ", ".join(f"{n}={getattr(w, n):g}" for n in ("keyword", *FEATURES))
        print(f"  fold {k + 1}: {shown}")


if __name__ == "__main__":
    main()
