"""Search engines behind one protocol: the embedded BM25 + dense index, or Meilisearch."""

from matching.index.base import Hit, IndexDoc, Query, SearchIndex
from matching.index.embedded import EmbeddedIndex

__all__ = ["EmbeddedIndex", "Hit", "IndexDoc", "Query", "SearchIndex"]
