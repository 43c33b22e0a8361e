"""Fusion of keyword and dense evidence, structured fit, explanations, learning from feedback."""

from matching.ranking.features import FitFeatures, structured_fit
from matching.ranking.fusion import fuse, reciprocal_rank_fusion
from matching.ranking.weights import RankerWeights

__all__ = ["FitFeatures", "RankerWeights", "fuse", "reciprocal_rank_fusion", "structured_fit"]
