"""The façade the platform uses: keep two indexes (demands, solutions) and rank either way."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from matching.embedding import Embedder, EmbeddingCache
from matching.index.base import Hit, IndexDoc, Query, SearchIndex, Vector
from matching.index.embedded import EmbeddedIndex
from matching.ranking.explain import Paraphrase, explain
from matching.ranking.features import structured_fit
from matching.ranking.fusion import dense_norm, fuse, keyword_norm
from matching.ranking.weights import RankerWeights
from matching.text import Tokenizer, default_tokenizer
from matching.types import DemandDoc, RankedMatch, SolutionDoc

Mode = Literal["bm25", "dense", "fused", "full"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "fused", "full")
PARAPHRASE_MIN = 0.6
WEIGHTS_FILE = "ranker_weights.json"


def _payload(doc: DemandDoc | SolutionDoc) -> dict[str, Any]:
    data = asdict(doc)
    return {
        k: (list(v) if isinstance(v, tuple) else v.isoformat() if isinstance(v, date) else v)
        for k, v in data.items()
    }


def demand_from(payload: Mapping[str, Any]) -> DemandDoc:
    data = dict(payload)
    data["keywords"] = tuple(data.get("keywords") or ())
    if data.get("deadline"):
        data["deadline"] = date.fromisoformat(str(data["deadline"]))
    return DemandDoc(**data)


def solution_from(payload: Mapping[str, Any]) -> SolutionDoc:
    data = dict(payload)
    for key in ("fields", "industries", "regions_served", "keywords"):
        data[key] = tuple(data.get(key) or ())
    return SolutionDoc(**data)


class Matcher:
    def __init__(
        self,
        embedder: Embedder,
        index_dir: Path | None = None,
        *,
        engine: str = "embedded",
        weights: RankerWeights | None = None,
        meili_url: str | None = None,
        meili_api_key: str | None = None,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.embedder = embedder
        self.index_dir = index_dir
        self.tokenizer = tokenizer or default_tokenizer()
        self.cache = EmbeddingCache(index_dir / "embeddings.sqlite3" if index_dir else None)
        self.demands = self._open(engine, "demands", meili_url, meili_api_key)
        self.solutions = self._open(engine, "solutions", meili_url, meili_api_key)
        if weights is None and index_dir is not None:
            weights = RankerWeights.load(index_dir / WEIGHTS_FILE)
        self.weights = weights or RankerWeights()
        self._lock = threading.RLock()

    def _open(self, engine: str, name: str, url: str | None, key: str | None) -> SearchIndex:
        if engine == "meilisearch":
            from matching.index.meilisearch import MeilisearchIndex

            if not url:
                raise ValueError("SEARCH_BACKEND=meilisearch needs MEILI_URL")
            return MeilisearchIndex(
                url, key, f"scenariohub_{name}", self.embedder.dimension, tokenizer=self.tokenizer
            )
        folder = self.index_dir / self.embedder.model_name / name if self.index_dir else None
        return EmbeddedIndex(folder, self.embedder.dimension, tokenizer=self.tokenizer)

    # ---- writes --------------------------------------------------------------------------

    def _index_docs(self, docs: Sequence[DemandDoc | SolutionDoc]) -> list[IndexDoc]:
        texts = [d.text for d in docs]
        keywords = sorted({k for d in docs for k in d.keywords})
        vectors = self.embedder.encode_cached(texts + keywords, self.cache)
        return [IndexDoc(d.id, d.text, vectors[i], _payload(d)) for i, d in enumerate(docs)]

    def upsert_demands(self, docs: Sequence[DemandDoc]) -> None:
        with self._lock:
            self.demands.upsert(self._index_docs(docs))

    def upsert_solutions(self, docs: Sequence[SolutionDoc]) -> None:
        with self._lock:
            self.solutions.upsert(self._index_docs(docs))

    def delete_demand(self, doc_id: str) -> None:
        with self._lock:
            self.demands.delete([doc_id])

    def delete_solution(self, doc_id: str) -> None:
        with self._lock:
            self.solutions.delete([doc_id])

    def clear(self) -> None:
        with self._lock:
            self.demands.clear()
            self.solutions.clear()

    def flush(self) -> None:
        self.demands.flush()
        self.solutions.flush()

    def set_weights(self, weights: RankerWeights) -> None:
        self.weights = weights
        if self.index_dir is not None:
            weights.save(self.index_dir / WEIGHTS_FILE)

    # ---- ranking -------------------------------------------------------------------------

    def _vector(self, text: str) -> Vector:
        vector: Vector = self.embedder.encode_cached([text], self.cache)[0]
        return vector

    def rank_solutions(
        self,
        demand: DemandDoc,
        limit: int = 20,
        mode: Mode = "full",
        filters: Mapping[str, str] | None = None,
    ) -> list[RankedMatch]:
        """The solutions that best fit a demand, best first."""
        hits = self.solutions.search(
            Query(demand.text, self._vector(demand.text), limit, dict(filters or {}))
        )
        pairs = [(h, demand, solution_from(h.payload)) for h in hits]
        return self._rank(pairs, demand.keywords, limit, mode, other_side="solution")

    def rank_demands(
        self,
        solution: SolutionDoc,
        limit: int = 20,
        mode: Mode = "full",
        filters: Mapping[str, str] | None = None,
    ) -> list[RankedMatch]:
        """The open demands a solution could answer, best first (past deadlines left out)."""
        hits = self.demands.search(
            Query(solution.text, self._vector(solution.text), limit * 2, dict(filters or {}))
        )
        today = date.today()
        pairs = [
            (h, d, solution)
            for h in hits
            if not ((d := demand_from(h.payload)).deadline and d.deadline < today)
        ]
        return self._rank(pairs, solution.keywords, limit, mode, other_side="demand")

    def similar_demands(
        self, text: str, limit: int = 5, min_score: float = 0.45
    ) -> list[RankedMatch]:
        """Published demands that say nearly the same thing (the demand form's warning)."""
        hits = self.demands.search(Query(text, self._vector(text), limit))
        fused = fuse(hits, keyword=self.weights.keyword, dense=self.weights.dense)
        out = []
        for h in sorted(hits, key=lambda h: -fused[h.id])[:limit]:
            if fused[h.id] < min_score:
                continue
            zh, en = explain(
                score=fused[h.id],
                parts={"dense": dense_norm(hits)[h.id]},
                matched_terms=h.matched_terms,
                paraphrases=[],
                notes=[],
            )
            out.append(RankedMatch(h.id, round(fused[h.id], 4), {"text": fused[h.id]}, zh, en))
        return out

    def _rank(
        self,
        pairs: list[tuple[Hit, DemandDoc, SolutionDoc]],
        own_keywords: Sequence[str],
        limit: int,
        mode: Mode,
        other_side: str,
    ) -> list[RankedMatch]:
        hits = [h for h, _, _ in pairs]
        kw, dn = keyword_norm(hits), dense_norm(hits)
        fused = fuse(hits, keyword=self.weights.keyword, dense=self.weights.dense)
        scored: list[tuple[float, Hit, DemandDoc, SolutionDoc, dict[str, float]]] = []
        feats = self.weights.feature_weights()
        total = sum(feats.values()) or 1.0
        for h, d, s in pairs:
            parts = {"keyword": kw[h.id], "dense": dn[h.id], "text": fused[h.id]}
            if mode == "bm25":
                if h.keyword <= 0:
                    continue
                score = kw[h.id]
            elif mode == "dense":
                score = dn[h.id]
            elif mode == "fused":
                score = fused[h.id]
            else:
                fit = structured_fit(d, s).values
                parts.update(fit)
                score = (feats["text"] * fused[h.id] + sum(feats[k] * fit[k] for k in fit)) / total
            scored.append((score, h, d, s, parts))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        return [
            self._explained(score, h, d, s, parts, own_keywords, other_side)
            for score, h, d, s, parts in scored[:limit]
        ]

    def _explained(
        self,
        score: float,
        h: Hit,
        d: DemandDoc,
        s: SolutionDoc,
        parts: dict[str, float],
        own_keywords: Sequence[str],
        other_side: str,
    ) -> RankedMatch:
        theirs = s.keywords if other_side == "solution" else d.keywords
        zh, en = explain(
            score=score,
            parts=parts,
            matched_terms=h.matched_terms,
            paraphrases=self._paraphrases(own_keywords, theirs),
            notes=structured_fit(d, s).notes,
        )
        score = min(1.0, max(0.0, score))
        return RankedMatch(
            h.id, round(score, 4), {k: round(v, 4) for k, v in parts.items()}, zh, en
        )

    def _paraphrases(self, ours: Sequence[str], theirs: Sequence[str]) -> list[Paraphrase]:
        """Keyword pairs with different words and close meaning, found on the dense side."""
        ours = [k for k in ours if k]
        theirs = [k for k in theirs if k]
        if not ours or not theirs:
            return []
        vectors = self.embedder.encode_cached([*ours, *theirs], self.cache)
        sims = vectors[: len(ours)] @ vectors[len(ours) :].T
        found: list[Paraphrase] = []
        used: set[str] = set()
        for i, j in sorted(np.ndindex(*sims.shape), key=lambda ij: -sims[ij]):
            a, b = ours[i], theirs[j]
            if sims[i, j] < PARAPHRASE_MIN or len(found) == 3:
                break
            if a in used or b in used or a.lower() in b.lower() or b.lower() in a.lower():
                continue
            used.update((a, b))
            found.append(Paraphrase(a, b, float(sims[i, j])))
        return found
