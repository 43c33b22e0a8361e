"""ScenarioHub's matcher: Chinese hybrid ranking of demands and solutions, both ways, explained.

A library: it never imports the platform. Nothing heavy happens at import; the model loads in
`load_embedder`, jieba on first segmentation.
"""

from matching.embedding import DEFAULT_MODEL, Embedder, EmbeddingCache, load_embedder
from matching.index import EmbeddedIndex, Hit, IndexDoc, Query, SearchIndex
from matching.index.writer_lock import IndexLocked
from matching.matcher import MODES, Matcher, Mode
from matching.ranking import RankerWeights
from matching.ranking.learn import FeedbackRow, TrainingReport, train
from matching.text import default_tokenizer
from matching.types import DemandDoc, RankedMatch, SearchHit, SearchResult, SolutionDoc


def query_terms(text: str) -> list[str]:
    """The distinct words of a query, segmented the way documents are."""
    return default_tokenizer().terms(text)


__all__ = [
    "DEFAULT_MODEL",
    "MODES",
    "DemandDoc",
    "EmbeddedIndex",
    "Embedder",
    "EmbeddingCache",
    "FeedbackRow",
    "Hit",
    "IndexDoc",
    "IndexLocked",
    "Matcher",
    "Mode",
    "Query",
    "RankedMatch",
    "RankerWeights",
    "SearchHit",
    "SearchIndex",
    "SearchResult",
    "SolutionDoc",
    "TrainingReport",
    "load_embedder",
    "query_terms",
    "train",
]
