"""Weight fitting by cross-validation, on candidates whose relevance a feature decides."""

from __future__ import annotations

import numpy as np

from matching import RankerWeights
from matching.evaluation.crossval import Candidates, cross_validate, fit_weights, mean_ndcg


def candidates(n_queries: int = 10) -> tuple[list[Candidates], dict[str, dict[str, int]]]:
    rng = np.random.default_rng(3)
    cands, qrels = [], {}
    for q in range(n_queries):
        x = rng.random((12, 7))
        x[:, 5] = 0.0
        x[:2, 5] = 1.0  # maturity fits for the two relevant ones only; text is noise
        ids = tuple(f"q{q}-s{i}" for i in range(12))
        cands.append(Candidates(f"q{q}", ids, x, tuple(1.0 / (61 + i) for i in range(12))))
        qrels[f"q{q}"] = {ids[0]: 2, ids[1]: 1}
    return cands, qrels


def test_fitting_raises_the_weight_of_the_feature_that_decides_relevance() -> None:
    cands, qrels = candidates()
    start = RankerWeights(maturity=0.0)
    fitted = fit_weights(start, cands, qrels)
    assert fitted.maturity > 0
    assert mean_ndcg(fitted, cands, qrels) > mean_ndcg(start, cands, qrels)


def test_cross_validation_scores_each_fold_with_weights_fitted_without_it() -> None:
    cands, qrels = candidates()
    cv = cross_validate(cands, qrels, RankerWeights(maturity=0.0), folds=5)
    assert len(cv.fitted) == 5
    assert cv.full_cv > cv.full_default
    assert 0.0 <= cv.rrf <= 1.0 and 0.0 <= cv.dense <= 1.0
