"""Pure fusion functions: they read hits and return new scores, never changing their inputs."""

from __future__ import annotations

from collections.abc import Sequence

from matching.index.base import Hit

# cosine below this is noise for USE-like models; above it the dense side is evidence
DENSE_FLOOR = 0.15


def keyword_norm(hits: Sequence[Hit]) -> dict[str, float]:
    """BM25 scaled by the best score of this query: 1.0 for the best keyword match."""
    best = max((h.keyword for h in hits), default=0.0)
    return {h.id: (h.keyword / best if best > 0 else 0.0) for h in hits}


def dense_norm(hits: Sequence[Hit]) -> dict[str, float]:
    """Cosine rescaled from [floor, 1] to [0, 1]; the absolute value matters, so no per-query max."""
    return {h.id: max(0.0, (h.dense - DENSE_FLOOR) / (1.0 - DENSE_FLOOR)) for h in hits}


def fuse(hits: Sequence[Hit], *, keyword: float, dense: float) -> dict[str, float]:
    """Calibrated weighted fusion of the normalised keyword and dense scores, in [0, 1]."""
    total = keyword + dense
    if total <= 0:
        return {h.id: 0.0 for h in hits}
    k, d = keyword_norm(hits), dense_norm(hits)
    return {h.id: (keyword * k[h.id] + dense * d[h.id]) / total for h in hits}


def reciprocal_rank_fusion(hits: Sequence[Hit], k: int = 60) -> dict[str, float]:
    """The classic RRF, kept for comparison in the evaluation."""
    out: dict[str, float] = {}
    for h in hits:
        score = 0.0
        if h.keyword_rank is not None:
            score += 1.0 / (k + h.keyword_rank)
        if h.dense_rank is not None:
            score += 1.0 / (k + h.dense_rank)
        out[h.id] = score
    return out
