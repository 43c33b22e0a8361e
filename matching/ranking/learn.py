"""Learning the ranker's weights from what people did with pairings (engage, decline, reject,
designate): a small logistic regression, kept only if it beats the current weights on held-out
feedback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.ranking.weights import RankerWeights

INPUTS = ("keyword", "dense", "field", "industry", "region", "maturity", "budget")


@dataclass(frozen=True)
class FeedbackRow:
    parts: dict[str, float]
    label: float  # 1 = people went ahead with the pair, 0 = they turned it down


@dataclass(frozen=True)
class TrainingReport:
    rows: int
    held_out: int
    previous_accuracy: float
    new_accuracy: float
    adopted: bool
    weights: RankerWeights


def _matrix(rows: Sequence[FeedbackRow]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    x = np.array([[r.parts.get(k, 0.5) for k in INPUTS] for r in rows], dtype=np.float64)
    y = np.array([r.label for r in rows], dtype=np.float64)
    return x, y


def score_with(weights: RankerWeights, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The final score the ranker would give each row (same formula as the matcher)."""
    text_total = weights.keyword + weights.dense
    text = (weights.keyword * x[:, 0] + weights.dense * x[:, 1]) / (text_total or 1.0)
    feats = weights.feature_weights()
    total = sum(feats.values()) or 1.0
    out = feats["text"] * text
    for i, name in enumerate(INPUTS[2:], start=2):
        out = out + feats[name] * x[:, i]
    return np.asarray(out / total, dtype=np.float64)


def _pairwise_accuracy(scores: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    """How often a pair people went ahead with scores above one they turned down."""
    pos, neg = scores[y >= 0.5], scores[y < 0.5]
    if len(pos) == 0 or len(neg) == 0:
        return 0.0
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def _fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    w = np.zeros(x.shape[1])
    bias = 0.0
    for _ in range(2000):
        p = 1.0 / (1.0 + np.exp(-(x @ w + bias)))
        grad = x.T @ (p - y) / len(y) + 0.01 * w
        w -= 0.5 * grad
        bias -= 0.5 * float(np.mean(p - y))
    return w


def train(
    rows: Sequence[FeedbackRow], current: RankerWeights, *, seed: int = 7, held_out: float = 0.3
) -> TrainingReport:
    """Fit new weights; adopt them only if they order held-out feedback better."""
    if len(rows) < 10 or len({r.label >= 0.5 for r in rows}) < 2:
        return TrainingReport(len(rows), 0, 0.0, 0.0, False, current)
    x, y = _matrix(rows)
    order = np.random.default_rng(seed).permutation(len(rows))
    cut = max(1, int(len(rows) * held_out))
    test, fit = order[:cut], order[cut:]
    coef = np.clip(_fit_logistic(x[fit], y[fit]), 0.0, None)
    if coef.sum() <= 0:
        return TrainingReport(len(rows), cut, 0.0, 0.0, False, current)
    keyword, dense = float(coef[0]), float(coef[1])
    text = keyword + dense
    candidate = RankerWeights(
        keyword=keyword / text if text else current.keyword,
        dense=dense / text if text else current.dense,
        text=text,
        field=float(coef[2]),
        industry=float(coef[3]),
        region=float(coef[4]),
        maturity=float(coef[5]),
        budget=float(coef[6]),
    )
    previous = _pairwise_accuracy(score_with(current, x[test]), y[test])
    new = _pairwise_accuracy(score_with(candidate, x[test]), y[test])
    adopted = new > previous
    return TrainingReport(len(rows), cut, previous, new, adopted, candidate if adopted else current)
