"""The bundled model as a normal SentenceTransformer, and the cache that spares re-encoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sentence_transformers import SentenceTransformer

from matching import DEFAULT_MODEL, Embedder, EmbeddingCache


def test_the_default_model_is_a_sentence_transformer_with_unit_vectors(embedder: Embedder) -> None:
    assert isinstance(embedder.model, SentenceTransformer)
    assert embedder.model_name == DEFAULT_MODEL and embedder.dimension == 512
    vectors = embedder.encode(["氢燃料电池重卡", "hydrogen fuel cell truck", "课堂教学分析"])
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_unchanged_text_is_not_reencoded(embedder: Embedder, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    first = embedder.encode_cached(["碳化硅模块封装", "碳化硅模块封装", "量子密钥分发"], cache)
    assert cache.misses == 2
    reopened = EmbeddingCache(tmp_path / "cache.sqlite3")
    second = embedder.encode_cached(["量子密钥分发", "碳化硅模块封装"], reopened)
    assert reopened.misses == 0 and reopened.hits == 2
    assert np.allclose(second[1], first[0])


def test_vectors_are_kept_per_model(embedder: Embedder) -> None:
    cache = EmbeddingCache(None)
    cache.put_many("another-model", [("h", np.ones(512, dtype=np.float32))])
    assert cache.get_many(embedder.model_name, ["h"]) == {}
    cache.clear_model(keep=embedder.model_name)
    assert cache.get_many("another-model", ["h"]) == {}
