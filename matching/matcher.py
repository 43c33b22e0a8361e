"""The façade the platform uses: keep two indexes (demands, solutions) and rank either way."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from matching.embedding import Embedder, EmbeddingCache
from matching.index.base import Hit, IndexDoc, Query, SearchIndex, Vector
from matching.index.embedded import EmbeddedIndex
from matching.index.writer_lock import IndexLocked
from matching.ranking.explain import Paraphrase, explain
from matching.ranking.features import FitFeatures, fit_values, structured_fit
from matching.ranking.fusion import dense_norm, fuse, keyword_norm
from matching.ranking.weights import RankerWeights
from matching.search import typed_search
from matching.text import Tokenizer, default_tokenizer
from matching.text.glossary import Glossary
from matching.text.tokenize import RECENT_TEXTS
from matching.types import DemandDoc, RankedMatch, SearchResult, SolutionDoc

Mode = Literal["bm25", "dense", "fused", "full"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "fused", "full")
PARAPHRASE_MIN = 0.6
WEIGHTS_FILE = "ranker_weights.json"
# documents encoded and indexed together: few enough that the tokenizer still remembers all of
# their segmentations (made while the model encodes) when the index asks for them
INGEST_BATCH = RECENT_TEXTS // 2


def _payload(doc: DemandDoc | SolutionDoc) -> dict[str, Any]:
    """What ranking, filters and explanations read. The description is left out: as text it is
    in the index's terms and vector already, and a tenth of the bytes are decoded per candidate."""
    data = asdict(doc)
    del data["description"]
    return {
        k: (list(v) if isinstance(v, tuple) else v.isoformat() if isinstance(v, date) else v)
        for k, v in data.items()
    }


def demand_from(payload: Mapping[str, Any]) -> DemandDoc:
    data = {"description": "", **payload}
    data["keywords"] = tuple(data.get("keywords") or ())
    if data.get("deadline"):
        data["deadline"] = date.fromisoformat(str(data["deadline"]))
    return DemandDoc(**data)


def solution_from(payload: Mapping[str, Any]) -> SolutionDoc:
    data = {"description": "", **payload}
    for key in ("fields", "industries", "regions_served", "keywords"):
        data[key] = tuple(data.get(key) or ())
    return SolutionDoc(**data)


@dataclass
class _Scored:
    score: float
    hit: Hit
    parts: dict[str, float]
    fit: FitFeatures | None


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
        pg_url: str | None = None,
        pg_schema: str | None = None,
        tokenizer: Tokenizer | None = None,
        read_only: bool = False,
    ) -> None:
        """`read_only`: open the embedded index as a follower of the process that writes it
        (see `matching.index.writer_lock`); a writer raises `IndexLocked` if there is one.
        `engine="postgres"` keeps both indexes in the PostgreSQL database at `pg_url` (with
        pgvector), in `pg_schema` (default `scenariohub_search`)."""
        self.embedder = embedder
        self.pg_url = pg_url
        self.pg_schema = pg_schema
        self.index_dir = index_dir
        self.read_only = read_only
        self.tokenizer = tokenizer or default_tokenizer()
        self.tokenizer.load()  # the dictionary loads at start-up, not inside the first write
        self.glossary = Glossary(self.tokenizer)
        # the indexes first: a writer refused their lock (a stand-by worker asking again) opens
        # nothing else
        self.demands = self._open(engine, "demands", meili_url, meili_api_key)
        try:
            self.solutions = self._open(engine, "solutions", meili_url, meili_api_key)
        except IndexLocked:
            self.close()
            raise
        self.cache = EmbeddingCache(index_dir / "embeddings.sqlite3" if index_dir else None)
        if weights is None and index_dir is not None:
            weights = RankerWeights.load(index_dir / WEIGHTS_FILE)
        self.weights = weights or RankerWeights()
        self._lock = threading.RLock()
        self._segmenting: ThreadPoolExecutor | None = None

    def _open(self, engine: str, name: str, url: str | None, key: str | None) -> SearchIndex:
        if engine == "meilisearch":
            from matching.index.meilisearch import MeilisearchIndex

            if not url:
                raise ValueError("SEARCH_BACKEND=meilisearch needs MEILI_URL")
            return MeilisearchIndex(
                url, key, f"scenariohub_{name}", self.embedder.dimension, tokenizer=self.tokenizer
            )
        if engine == "postgres":
            from matching.index.postgres import DEFAULT_SCHEMA, PostgresIndex

            if not self.pg_url:
                raise ValueError("SEARCH_BACKEND=postgres needs a PostgreSQL URL")
            return PostgresIndex(
                self.pg_url,
                name,
                self.embedder.dimension,
                tokenizer=self.tokenizer,
                schema=self.pg_schema or DEFAULT_SCHEMA,
            )
        folder = self.index_dir / self.embedder.model_name / name if self.index_dir else None
        return EmbeddedIndex(
            folder, self.embedder.dimension, tokenizer=self.tokenizer, read_only=self.read_only
        )

    def close(self) -> None:
        """Give up the writer lock (if this matcher holds it) and the database connections (with
        the postgres engine); the object is unusable after."""
        for index in (getattr(self, "demands", None), getattr(self, "solutions", None)):
            close = getattr(index, "close", None)
            if callable(close):
                close()
        segmenting = getattr(self, "_segmenting", None)
        if segmenting is not None:
            segmenting.shutdown()

    def refresh(self) -> None:
        """A read-only matcher catches up with the writer now instead of at its next check."""
        for index in (self.demands, self.solutions):
            if isinstance(index, EmbeddedIndex):
                index.refresh()

    # ---- writes --------------------------------------------------------------------------

    def _index_docs(self, docs: Sequence[DemandDoc | SolutionDoc]) -> Iterator[list[IndexDoc]]:
        """The documents with their vectors, a batch at a time. jieba segments a batch on a
        second thread while the model encodes it (the model's matrix products release the GIL,
        so the segmenting fits in the gaps of the encoding): the index then finds the tokens in
        the tokenizer's memory of recent texts instead of segmenting again."""
        for start in range(0, len(docs), INGEST_BATCH):
            batch = docs[start : start + INGEST_BATCH]
            texts = [d.text for d in batch]
            keywords = sorted({k for d in batch for k in d.keywords})
            segmented = self._segmenter().submit(self._segment, texts)
            vectors = self.embedder.encode_cached(texts + keywords, self.cache)
            segmented.result()
            yield [IndexDoc(d.id, d.text, vectors[i], _payload(d)) for i, d in enumerate(batch)]

    def _segment(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.tokenizer.tokens(text)

    def _segmenter(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._segmenting is None:
                self._segmenting = ThreadPoolExecutor(1, thread_name_prefix="segment")
            return self._segmenting

    def upsert_demands(self, docs: Sequence[DemandDoc]) -> None:
        with self._lock:
            for batch in self._index_docs(docs):
                self.demands.upsert(batch)

    def upsert_solutions(self, docs: Sequence[SolutionDoc]) -> None:
        with self._lock:
            for batch in self._index_docs(docs):
                self.solutions.upsert(batch)

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

    def _query_words(self, text: str) -> tuple[tuple[str, ...], list[str]]:
        """A text's terms for the keyword side and its whole words for the explanation, with the
        glossary's other names of what it names."""
        return self.glossary.expand(self.tokenizer.terms(text), self.tokenizer.words(text))

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
        terms, words = self._query_words(demand.text)
        query = Query(
            demand.text, self._vector(demand.text), limit, dict(filters or {}), terms=terms
        )
        hits = self.solutions.search(query)
        return self._rank(
            self.solutions,
            hits,
            words,
            limit,
            mode,
            demand.keywords,
            lambda h: (demand, solution_from(h.payload)),
            other_side="solution",
        )

    def rank_demands(
        self,
        solution: SolutionDoc,
        limit: int = 20,
        mode: Mode = "full",
        filters: Mapping[str, str] | None = None,
    ) -> list[RankedMatch]:
        """The open demands a solution could answer, best first (past deadlines left out)."""
        terms, words = self._query_words(solution.text)
        query = Query(
            solution.text, self._vector(solution.text), limit, dict(filters or {}), terms=terms
        )
        today = date.today().isoformat()
        hits = [
            h
            for h in self.demands.search(query)
            if not (h.payload.get("deadline") and str(h.payload["deadline"]) < today)
        ]
        return self._rank(
            self.demands,
            hits,
            words,
            limit,
            mode,
            solution.keywords,
            lambda h: (demand_from(h.payload), solution),
            other_side="demand",
        )

    def search_demands(self, text: str, limit: int = 200) -> SearchResult:
        """Published demands for what someone typed, most relevant first (`matching.search`)."""
        return self._typed(self.demands, text, limit)

    def search_solutions(self, text: str, limit: int = 200) -> SearchResult:
        """Solutions for what someone typed (the catalogue), most relevant first."""
        return self._typed(self.solutions, text, limit)

    def _typed(self, index: SearchIndex, text: str, limit: int) -> SearchResult:
        return typed_search(
            index,
            text=text,
            vector=self._vector(text),
            tokenizer=self.tokenizer,
            glossary=self.glossary,
            weights=self.weights,
            limit=limit,
        )

    def similar_demands(
        self, text: str, limit: int = 5, min_score: float = 0.45
    ) -> list[RankedMatch]:
        """Published demands that say nearly the same thing (the demand form's warning)."""
        terms = tuple(self.tokenizer.terms(text))
        hits = self.demands.search(Query(text, self._vector(text), limit, terms=terms))
        fused = fuse(hits, keyword=self.weights.keyword, dense=self.weights.dense)
        dense = dense_norm(hits)
        best = [
            h for h in sorted(hits, key=lambda h: -fused[h.id])[:limit] if fused[h.id] >= min_score
        ]
        matched = self.demands.matched_terms(self.tokenizer.words(text), [h.id for h in best])
        out = []
        for h in best:
            zh, en = explain(
                score=fused[h.id],
                parts={"dense": dense[h.id]},
                matched_terms=matched.get(h.id, ()),
                paraphrases=[],
                notes=[],
            )
            out.append(
                RankedMatch(h.id, round(fused[h.id], 4), {"text": round(fused[h.id], 4)}, zh, en)
            )
        return out

    def _rank(
        self,
        index: SearchIndex,
        hits: list[Hit],
        words: Sequence[str],
        limit: int,
        mode: Mode,
        own_keywords: Sequence[str],
        pair_of: Callable[[Hit], tuple[DemandDoc, SolutionDoc]],
        other_side: str,
    ) -> list[RankedMatch]:
        keyword, dense = keyword_norm(hits), dense_norm(hits)
        fused = fuse(hits, keyword=self.weights.keyword, dense=self.weights.dense)
        text = {"bm25": keyword, "dense": dense, "fused": fused, "full": fused}[mode]
        candidates = sorted(
            (h for h in hits if mode != "bm25" or h.keyword > 0), key=lambda h: (-text[h.id], h.id)
        )
        feats = self.weights.feature_weights()
        total = sum(feats.values()) or 1.0
        text_share = feats["text"] / total
        best: list[_Scored] = []
        paired: dict[str, tuple[DemandDoc, SolutionDoc]] = {}  # each payload decoded once
        for h in candidates:
            if len(best) >= limit:
                # no structured fit can lift a candidate by more than the fit's share: stop early
                ceiling = (
                    text_share * text[h.id] + (1 - text_share) if mode == "full" else text[h.id]
                )
                if ceiling < best[limit - 1].score:
                    break
            parts = {"keyword": keyword[h.id], "dense": dense[h.id], "text": fused[h.id]}
            score = text[h.id]
            if mode == "full":
                d, s = paired[h.id] = pair_of(h)
                values = fit_values(d, s)  # the notes in words only for the matches shown
                parts.update(values)
                score = (
                    text_share * fused[h.id] + sum(feats[k] * v for k, v in values.items()) / total
                )
            best.append(_Scored(score, h, parts, None))
            best.sort(key=lambda x: (-x.score, x.hit.id))
            del best[limit:]
        # the explanation names whole words of the query only: the search mode's pieces score,
        # but `化硅` shared by 碳化硅 and 氮化硅 is no reason to show
        matched = index.matched_terms(words, [b.hit.id for b in best])
        pairs = [paired.get(b.hit.id) or pair_of(b.hit) for b in best]
        theirs = [s.keywords if other_side == "solution" else d.keywords for d, s in pairs]
        vectors = self._keyword_vectors([*own_keywords, *(k for ks in theirs for k in ks)])
        return [
            self._explained(b, pair, matched.get(b.hit.id, ()), own_keywords, their, vectors)
            for b, pair, their in zip(best, pairs, theirs, strict=True)
        ]

    def _keyword_vectors(self, keywords: Sequence[str]) -> dict[str, Vector]:
        """Every keyword's vector in one cache look-up (the explanations compare them pairwise)."""
        unique = list(dict.fromkeys(k for k in keywords if k))
        if not unique:
            return {}
        vectors = self.embedder.encode_cached(unique, self.cache)
        return {k: vectors[i] for i, k in enumerate(unique)}

    def _explained(
        self,
        scored: _Scored,
        pair: tuple[DemandDoc, SolutionDoc],
        matched: Sequence[str],
        own_keywords: Sequence[str],
        their_keywords: Sequence[str],
        vectors: Mapping[str, Vector],
    ) -> RankedMatch:
        fit = scored.fit or structured_fit(*pair)
        score = min(1.0, max(0.0, scored.score))
        zh, en = explain(
            score=score,
            parts=scored.parts,
            matched_terms=matched,
            paraphrases=_paraphrases(own_keywords, their_keywords, vectors),
            notes=fit.notes,
        )
        parts = {k: round(v, 4) for k, v in scored.parts.items()}
        return RankedMatch(scored.hit.id, round(score, 4), parts, zh, en)


def _paraphrases(
    ours: Sequence[str], theirs: Sequence[str], vectors: Mapping[str, Vector]
) -> list[Paraphrase]:
    """Keyword pairs with different words and close meaning, found on the dense side."""
    ours = [k for k in ours if k]
    theirs = [k for k in theirs if k]
    if not ours or not theirs:
        return []
    sims = np.stack([vectors[k] for k in ours]) @ np.stack([vectors[k] for k in theirs]).T
    found: list[Paraphrase] = []
    used: set[str] = set()
    # best pairs first; ties keep row-major order, as a stable sort of (i, j) did
    for flat in np.argsort(-sims, axis=None, kind="stable"):
        i, j = divmod(int(flat), len(theirs))
        a, b = ours[i], theirs[j]
        if sims[i, j] < PARAPHRASE_MIN or len(found) == 3:
            break
        if a in used or b in used or a.lower() in b.lower() or b.lower() in a.lower():
            continue
        used.update((a, b))
        found.append(Paraphrase(a, b, float(sims[i, j])))
    return found
