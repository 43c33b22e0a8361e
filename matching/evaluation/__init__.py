"""Ranking metrics and the labelled-set evaluation."""

from matching.evaluation.metrics import Metrics, evaluate_rankings, mrr, ndcg_at_k, recall_at_k

__all__ = ["Metrics", "evaluate_rankings", "mrr", "ndcg_at_k", "recall_at_k"]
