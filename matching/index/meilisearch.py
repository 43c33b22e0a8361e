"""The Meilisearch engine over its documented HTTP API: keyword search and user-provided vectors.

All HTTP lives here. Writes are tasks; each is awaited so the index is current when a call
returns. Errors come back as `MeilisearchError` with Meilisearch's own `code`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import numpy as np

from matching.index.base import Hit, IndexDoc, Query, Vector
from matching.text import Tokenizer, default_tokenizer

EMBEDDER = "default"
FILTERABLE = (
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


class MeilisearchError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class MeilisearchIndex:
    def __init__(
        self,
        url: str,
        api_key: str | None,
        uid: str,
        dimension: int,
        tokenizer: Tokenizer | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(
            base_url=url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )
        self.uid = uid
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self._texts: OrderedDict[str, str] = OrderedDict()  # recent hits' texts, for matched_terms
        self._filterable = set(FILTERABLE)
        self._lock = threading.Lock()
        self._ensure_index()

    # ---- HTTP ----------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, path, json=body)
        if response.status_code >= 400:
            try:
                err = response.json()
            except ValueError:
                err = {"code": "http_error", "message": response.text}
            raise MeilisearchError(
                str(err.get("code")), str(err.get("message")), response.status_code
            )
        return response.json() if response.content else None

    def _wait(self, task: Mapping[str, Any], timeout: float = 60.0) -> None:
        uid = task.get("taskUid", task.get("uid"))
        deadline = time.monotonic() + timeout
        delay = 0.01
        while time.monotonic() < deadline:
            state = self._call("GET", f"/tasks/{uid}")
            if state["status"] == "succeeded":
                return
            if state["status"] in ("failed", "canceled"):
                error = state.get("error") or {}
                raise MeilisearchError(
                    str(error.get("code", state["status"])), str(error.get("message", "")), 500
                )
            time.sleep(delay)  # Meilisearch tasks are asynchronous; poll with back-off
            delay = min(delay * 2, 0.5)
        raise MeilisearchError("task_timeout", f"task {uid} did not finish", 504)

    def _ensure_index(self) -> None:
        try:
            self._call("GET", f"/indexes/{self.uid}")
        except MeilisearchError as exc:
            if exc.code != "index_not_found":
                raise
            self._wait(self._call("POST", "/indexes", {"uid": self.uid, "primaryKey": "id"}))
        self._apply_settings()

    def _apply_settings(self) -> None:
        settings = {
            "searchableAttributes": list(SEARCHABLE),
            "filterableAttributes": sorted(self._filterable),
            "embedders": {EMBEDDER: {"source": "userProvided", "dimensions": self.dimension}},
        }
        self._wait(self._call("PATCH", f"/indexes/{self.uid}/settings", settings))

    def _ensure_filterable(self, keys: Sequence[str]) -> None:
        """Meilisearch refuses filters on undeclared attributes: declare new ones on first use."""
        with self._lock:
            missing = set(keys) - self._filterable - {"id"}
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
        self._wait(self._call("POST", f"/indexes/{self.uid}/documents", body))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._wait(self._call("POST", f"/indexes/{self.uid}/documents/delete-batch", list(ids)))

    def clear(self) -> None:
        self._wait(self._call("DELETE", f"/indexes/{self.uid}/documents"))

    def flush(self) -> None:
        """Every write already waited for its task."""

    def __len__(self) -> int:
        stats = self._call("GET", f"/indexes/{self.uid}/stats")
        return int(stats.get("numberOfDocuments", 0))

    def vector(self, doc_id: str) -> Vector | None:
        try:
            doc = self._call("GET", f"/indexes/{self.uid}/documents/{doc_id}?retrieveVectors=true")
        except MeilisearchError as exc:
            if exc.code == "document_not_found":
                return None
            raise
        values = doc.get("_vectors", {}).get(EMBEDDER)
        if isinstance(values, dict):
            values = values.get("embeddings", [[]])[0]
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
        filt = self._filter(query.filters, query.exclude_ids)
        keyword_hits: list[dict[str, Any]] = []
        if terms:
            words = sorted(terms, key=len, reverse=True)[:MAX_QUERY_WORDS]
            keyword_hits = self._call(
                "POST",
                f"/indexes/{self.uid}/search",
                {
                    "q": " ".join(words),
                    "limit": depth,
                    "showRankingScore": True,
                    "filter": filt,
                    "matchingStrategy": "last",
                },
            )["hits"]
        dense_hits: list[dict[str, Any]] = []
        if query.vector is not None:
            dense_hits = self._call(
                "POST",
                f"/indexes/{self.uid}/search",
                {
                    "vector": [float(x) for x in query.vector],
                    "limit": depth,
                    "hybrid": {"embedder": EMBEDDER, "semanticRatio": 1.0},
                    "showRankingScore": True,
                    "filter": filt,
                },
            )["hits"]
        keyword = {h["id"]: (r, float(h["_rankingScore"])) for r, h in enumerate(keyword_hits, 1)}
        dense = {h["id"]: (r, float(h["_rankingScore"])) for r, h in enumerate(dense_hits, 1)}
        docs = {h["id"]: h for h in [*dense_hits, *keyword_hits]}
        out = []
        for doc_id, doc in docs.items():
            payload = {k: v for k, v in doc.items() if not k.startswith("_") and k != "search_text"}
            self._remember_text(str(doc_id), str(doc.get("search_text", "")))
            out.append(
                Hit(
                    id=str(doc_id),
                    keyword=keyword.get(doc_id, (None, 0.0))[1],
                    keyword_rank=keyword.get(doc_id, (None, 0.0))[0],
                    # Meilisearch reports semantic scores in [0, 1]; map back to cosine
                    dense=2 * dense.get(doc_id, (None, 0.5))[1] - 1,
                    dense_rank=dense.get(doc_id, (None, 0.0))[0],
                    payload=payload,
                )
            )
        return out


def _quoted(value: str) -> str:
    """A value inside a double-quoted Meilisearch filter string."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"')
