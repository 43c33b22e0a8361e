from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]
# a document's stored fields, JSON-serialisable; list-valued fields filter by membership
Payload = Mapping[str, Any]


@dataclass(frozen=True)
class IndexDoc:
    id: str
    text: str
    vector: Vector
    payload: Payload = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    text: str
    vector: Vector | None = None
    limit: int = 20
    filters: Mapping[str, str] = field(default_factory=dict)
    exclude_ids: frozenset[str] = frozenset()
    # the query's segmented words, when the caller has them already
    terms: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Hit:
    """A candidate with both sides' evidence: keyword (BM25) and dense (cosine).

    Which query words a hit contains is asked separately (`matched_terms`), for the few hits
    that are shown.
    """

    id: str
    keyword: float
    keyword_rank: int | None
    dense: float
    dense_rank: int | None
    payload: Payload


class SearchIndex(Protocol):
    """What every engine offers. `search` returns the union of both sides' best candidates."""

    def upsert(self, docs: Sequence[IndexDoc]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def search(self, query: Query) -> list[Hit]: ...

    def vector(self, doc_id: str) -> Vector | None: ...

    def matched_terms(
        self, terms: Sequence[str], doc_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]: ...

    def __len__(self) -> int: ...

    def clear(self) -> None: ...

    def flush(self) -> None: ...


def payload_matches(payload: Payload, filters: Mapping[str, str]) -> bool:
    for key, wanted in filters.items():
        value = payload.get(key)
        if isinstance(value, list | tuple):
            if wanted not in value:
                return False
        elif value != wanted:
            return False
    return True
