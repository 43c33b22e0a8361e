"""Sentence embeddings through sentence-transformers, with a cache keyed by text hash and model."""

from matching.embedding.cache import EmbeddingCache
from matching.embedding.embedder import DEFAULT_MODEL, Embedder, load_embedder

__all__ = ["DEFAULT_MODEL", "Embedder", "EmbeddingCache", "load_embedder"]
