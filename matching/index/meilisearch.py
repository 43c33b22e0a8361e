"""The Meilisearch engine through its official client (meilisearch-python): keyword search and
user-provided vectors.

Everything that talks to Meilisearch lives here. Writes are tasks; each is awaited, so the index
is current when a call returns. The client's errors come back as this module's own: a refusal
as `MeilisearchError` with Meilisearch's `code`, an unreachable server as
`MeilisearchUnavailable`, a call or task that takes too long as `MeilisearchTimeout`. Callers get
typed `Hit`s, never the client's dictionaries.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import meilisearch
import numpy as np
from meilisearch import errors as sdk_errors
from meilisearch.index import Index as SdkIndex
from meilisearch.models.task import TaskInfo

from matching.index.base import Hit, IndexDoc, Payload, Query, Vector
from matching.text import Tokenizer, default_tokenizer

EMBEDDER = "default"
FILTERABLE = (
    "id",  # exclusions and deletions filter on it
    "field",
    "industry",
    "region",
    "fields",
    "industries",
    "regions_served",
    "trl",
    "trl_required",
)
SEARCHABLE = ("title", "keywords", "search_text")
# Meilisearch reads only the first words of a query; give it the most specific ones
MAX_QUERY_WORDS = 10
# texts of recent hits kept for `matched_terms` (asked right after a search, maybe by another thread)
RECENT_TEXTS = 5_000
TASK_POLL_MS = 50


class MeilisearchError(Exception):
    """Meilisearch refused a call or a task failed; `code` is Meilisearch's own error code."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class MeilisearchUnavailable(MeilisearchError):
    """The server could not be reached (refused connection, bad URL, DNS)."""

    def __init__(self, message: str) -> None:
        super().__init__("communication_error", message, 503)


class MeilisearchTimeout(MeilisearchError):
    """A call got no answer in time (`timeout`), or a task did not finish (`task_timeout`)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, 504)


@contextmanager
def _translated(timeout_code: str = "timeout") -> Iterator[None]:
    """The client's exceptions as ours, so callers never import the client to handle them."""
    try:
        yield
    except sdk_errors.MeilisearchApiError as exc:
        raise MeilisearchError(exc.code or "http_error", exc.message, exc.status_code) from exc
    except sdk_errors.MeilisearchTimeoutError as exc:
        raise MeilisearchTimeout(timeout_code, exc.message) from exc
    except sdk_errors.MeilisearchCommunicationError as exc:
        raise MeilisearchUnavailable(exc.message) from exc
    except sdk_errors.MeilisearchError as exc:
        raise MeilisearchError("meilisearch_error", exc.message, 500) from exc


@dataclass(frozen=True)
class _Found:
    """One side's hit, read out of the client's JSON once."""

    id: str
    rank: int
    score: float
    text: str
    payload: Payload


def _found(raw_hits: Sequence[Mapping[str, Any]]) -> dict[str, _Found]:
    out: dict[str, _Found] = {}
    for rank, raw in enumerate(raw_hits, 1):
        doc_id = str(raw["id"])
        payload = {k: v for k, v in raw.items() if not k.startswith("_") and k != "search_text"}
        text = str(raw.get("search_text", ""))
        out[doc_id] = _Found(doc_id, rank, float(raw["_rankingScore"]), text, payload)
    return out


class MeilisearchIndex:
    def __init__(
        self,
        url: str,
        api_key: str | None,
        uid: str,
        dimension: int,
        tokenizer: Tokenizer | None = None,
        timeout: float = 30.0,
        task_timeout: float = 60.0,
    ) -> None:
        # the client takes whole seconds
        self._client = meilisearch.Client(
            url.rstrip("/"), api_key, timeout=max(1, math.ceil(timeout))
        )
        self.uid = uid
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self._task_timeout_ms = int(task_timeout * 1000)
        self._texts: OrderedDict[str, str] = OrderedDict()  # recent hits' texts, for matched_terms
        self._filterable = set(FILTERABLE)
        self._lock = threading.Lock()
        self._ensure_index()

    # ---- the client ----------------------------------------------------------------------

    def _index(self) -> SdkIndex:
        # a fresh handle per call: the client keeps each request's Content-Type in the handle's
        # shared headers, which concurrent calls from several threads would otherwise overwrite
        return self._client.index(self.uid)

    def _wait(self, task: TaskInfo) -> None:
        with _translated(timeout_code="task_timeout"):
            done = self._client.wait_for_task(
                task.task_uid, timeout_in_ms=self._task_timeout_ms, interval_in_ms=TASK_POLL_MS
            )
        if done.status != "succeeded":  # failed or canceled
            error = done.error or {}
            raise MeilisearchError(
                str(error.get("code", f"task_{done.status}")),
                str(error.get("message", f"task {done.uid} {done.status}")),
                500,
            )

    def _ensure_index(self) -> None:
        try:
            with _translated():
                self._index().fetch_info()
        except MeilisearchError as exc:
            if exc.code != "index_not_found":
                raise
            try:
                with _translated():
                    task = self._client.create_index(self.uid, {"primaryKey": "id"})
                self._wait(task)
            except MeilisearchError as created:
                if created.code != "index_already_exists":  # another process was first
                    raise
        self._apply_settings()

    def _apply_settings(self) -> None:
        settings = {
            "searchableAttributes": list(SEARCHABLE),
            "filterableAttributes": sorted(self._filterable),
            "embedders": {EMBEDDER: {"source": "userProvided", "dimensions": self.dimension}},
        }
        with _translated():
            task = self._index().update_settings(settings)
        self._wait(task)

    def _ensure_filterable(self, keys: Sequence[str]) -> None:
        """Meilisearch refuses filters on undeclared attributes: declare new ones on first use."""
        with self._lock:
            missing = set(keys) - self._filterable
            if missing:
                self._filterable |= missing
                self._apply_settings()

    # ---- protocol ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        body = [
            {
                **dict(d.payload),
                "id": d.id,
                "search_text": d.text,
                "_vectors": {EMBEDDER: [float(x) for x in d.vector]},
            }
            for d in docs
        ]
        with _translated():
            task = self._index().add_documents(body, primary_key="id")
        self._wait(task)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        # by filter: the client's list-of-ids form is deprecated
        wanted = ", ".join(f'"{_quoted(i)}"' for i in ids)
        with _translated():
            task = self._index().delete_documents(filter=f"id IN [{wanted}]")
        self._wait(task)

    def clear(self) -> None:
        with _translated():
            task = self._index().delete_all_documents()
        self._wait(task)

    def flush(self) -> None:
        """Every write already waited for its task."""

    def __len__(self) -> int:
        with _translated():
            return self._index().get_stats().number_of_documents

    def vector(self, doc_id: str) -> Vector | None:
        try:
            with _translated():
                doc = self._index().get_document(doc_id, {"retrieveVectors": "true"})
        except MeilisearchError as exc:
            if exc.code == "document_not_found":
                return None
            raise
        vectors = getattr(doc, "_vectors", None) or {}
        values = vectors.get(EMBEDDER)
        if isinstance(values, dict):  # {"embeddings": [[...]], "regenerate": false}
            values = (values.get("embeddings") or [[]])[0]
        return np.asarray(values, dtype=np.float32)

    def matched_terms(
        self, terms: Sequence[str], doc_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for doc_id in doc_ids:
            with self._lock:
                text = self._texts.get(doc_id, "")
            own = set(self.tokenizer.tokens(text))
            out[doc_id] = tuple(t for t in terms if t in own)
        return out

    def _remember_text(self, doc_id: str, text: str) -> None:
        with self._lock:
            self._texts[doc_id] = text
            self._texts.move_to_end(doc_id)
            while len(self._texts) > RECENT_TEXTS:
                self._texts.popitem(last=False)

    def _filter(self, filters: Mapping[str, str], exclude: frozenset[str]) -> list[str]:
        parts = [f'{k} = "{_quoted(v)}"' for k, v in filters.items()]
        parts += [f'id != "{_quoted(i)}"' for i in sorted(exclude)]
        return parts

    def search(self, query: Query) -> list[Hit]:
        depth = max(100, query.limit * 5)
        terms = (
            list(query.terms)
            if query.terms is not None
            else (self.tokenizer.terms(query.text) if query.text else [])
        )
        if query.filters:
            self._ensure_filterable(list(query.filters))
        common = {
            "indexUid": self.uid,
            "limit": depth,
            "showRankingScore": True,
            "filter": self._filter(query.filters, query.exclude_ids),
        }
        # both sides in one round trip; each query keeps its own ranking and scores
        queries: dict[str, dict[str, Any]] = {}
        if terms:
            words = sorted(terms, key=len, reverse=True)[:MAX_QUERY_WORDS]
            queries["keyword"] = {**common, "q": " ".join(words), "matchingStrategy": "last"}
        if query.vector is not None:
            queries["dense"] = {
                **common,
                "vector": [float(x) for x in query.vector],
                "hybrid": {"embedder": EMBEDDER, "semanticRatio": 1.0},
            }
        if not queries:
            return []
        with _translated():
            answer = self._client.multi_search(list(queries.values()))
        sides = {
            side: _found(result["hits"])
            for side, result in zip(queries, answer["results"], strict=True)
        }
        keyword, dense = sides.get("keyword", {}), sides.get("dense", {})
        out = []
        for doc_id, seen in {**dense, **keyword}.items():
            k, d = keyword.get(doc_id), dense.get(doc_id)
            self._remember_text(doc_id, seen.text)
            out.append(
                Hit(
                    id=doc_id,
                    keyword=k.score if k else 0.0,
                    keyword_rank=k.rank if k else None,
                    # Meilisearch reports semantic scores in [0, 1]; map back to cosine
                    dense=2 * d.score - 1 if d else 0.0,
                    dense_rank=d.rank if d else None,
                    payload=seen.payload,
                )
            )
        return out


def _quoted(value: str) -> str:
    """A value inside a double-quoted Meilisearch filter string."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"')
