"""The embedded engine: BM25 over jieba tokens plus dense vectors, in memory, persisted to a folder.

Writes are incremental: a new document appends a slot and its postings; a changed one tombstones
its old slot. The folder holds a snapshot plus an append-only journal that is replayed on open and
folded into a new snapshot once it grows large; nothing is rebuilt for one new document.
"""

from __future__ import annotations

import json
import math
import threading
from array import array
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.index.base import Hit, IndexDoc, Payload, Query, Vector, payload_matches
from matching.text import Tokenizer, default_tokenizer

K1, B = 1.2, 0.75
Scores = npt.NDArray[np.float32]


class _Postings:
    """One term's documents (ascending slots) and term frequencies, appended in place."""

    __slots__ = ("_arrays", "slots", "tfs")

    def __init__(self) -> None:
        self.slots = array("i")
        self.tfs = array("f")
        self._arrays: tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]] | None = None

    def add(self, slot: int, tf: float) -> None:
        self.slots.append(slot)
        self.tfs.append(tf)
        self._arrays = None

    def arrays(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        if self._arrays is None:
            self._arrays = (
                np.frombuffer(self.slots, dtype=np.int32).copy(),
                np.frombuffer(self.tfs, dtype=np.float32).copy(),
            )
        return self._arrays


class EmbeddedIndex:
    def __init__(
        self, folder: Path | None, dimension: int, tokenizer: Tokenizer | None = None
    ) -> None:
        """`folder=None` keeps everything in memory."""
        self.folder = folder
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self._lock = threading.RLock()
        self._reset()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self._load()

    # ---- state ---------------------------------------------------------------------------

    def _reset(self) -> None:
        self._ids: list[str] = []
        self._slot_of: dict[str, int] = {}
        self._payloads: list[Payload] = []
        self._postings: dict[str, _Postings] = {}
        self._vectors = np.zeros((64, self.dimension), dtype=np.float32)
        self._lengths = np.zeros(64, dtype=np.float32)
        self._alive = np.zeros(64, dtype=bool)
        self._alive_count = 0
        self._length_sum = 0.0
        self._journal_rows = 0

    def __len__(self) -> int:
        return self._alive_count

    def _grow(self, need: int) -> None:
        cap = len(self._alive)
        if need <= cap:
            return
        new_cap = max(need, cap * 2)
        self._vectors = np.resize(self._vectors, (new_cap, self.dimension))
        self._lengths = np.resize(self._lengths, new_cap)
        alive = np.zeros(new_cap, dtype=bool)
        alive[:cap] = self._alive
        self._alive = alive

    def _kill(self, doc_id: str) -> None:
        slot = self._slot_of.pop(doc_id, None)
        if slot is not None and self._alive[slot]:
            self._alive[slot] = False
            self._alive_count -= 1
            self._length_sum -= float(self._lengths[slot])

    def _append(self, doc_id: str, tokens: list[str], vector: Vector, payload: Payload) -> None:
        self._kill(doc_id)
        slot = len(self._ids)
        self._grow(slot + 1)
        self._ids.append(doc_id)
        self._payloads.append(payload)
        self._slot_of[doc_id] = slot
        self._vectors[slot] = vector
        self._lengths[slot] = len(tokens)
        self._alive[slot] = True
        self._alive_count += 1
        self._length_sum += len(tokens)
        for term, tf in Counter(tokens).items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = _Postings()
            postings.add(slot, float(tf))

    # ---- protocol ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        rows = [(d, self.tokenizer.tokens(d.text)) for d in docs]
        with self._lock:
            for doc, tokens in rows:
                self._append(doc.id, tokens, doc.vector, dict(doc.payload))
            self._journal(
                [
                    {"op": "upsert", "id": d.id, "tokens": t, "payload": dict(d.payload)}
                    for d, t in rows
                ],
                np.stack([d.vector for d, _ in rows]) if rows else None,
            )
            self._maybe_compact()

    def delete(self, ids: Sequence[str]) -> None:
        with self._lock:
            present = [i for i in ids if i in self._slot_of]
            for doc_id in present:
                self._kill(doc_id)
            self._journal([{"op": "delete", "id": i} for i in present], None)
            self._maybe_compact()

    def clear(self) -> None:
        with self._lock:
            self._reset()
            if self.folder is not None:
                for name in ("snapshot.json", "snapshot.npz", "journal.jsonl", "journal.f32"):
                    (self.folder / name).unlink(missing_ok=True)

    def vector(self, doc_id: str) -> Vector | None:
        slot = self._slot_of.get(doc_id)
        return None if slot is None else self._vectors[slot].copy()

    def payload(self, doc_id: str) -> Payload | None:
        slot = self._slot_of.get(doc_id)
        return None if slot is None else self._payloads[slot]

    def search(self, query: Query) -> list[Hit]:
        terms = list(query.terms) if query.terms is not None else self._terms(query.text)
        with self._lock:
            n = len(self._ids)
            if n == 0 or self._alive_count == 0:
                return []
            mask = self._alive[:n].copy()
            if query.filters:
                for candidate in np.flatnonzero(mask):
                    if not payload_matches(self._payloads[int(candidate)], query.filters):
                        mask[candidate] = False
            for doc_id in query.exclude_ids:
                slot = self._slot_of.get(doc_id)
                if slot is not None:
                    mask[slot] = False
            keyword = self._bm25(terms, n)
            dense = (
                self._vectors[:n] @ query.vector.astype(np.float32)
                if query.vector is not None
                else np.zeros(n, dtype=np.float32)
            )
            depth = max(100, query.limit * 5)
            keyword_top = _top(np.where(mask & (keyword > 0), keyword, -np.inf), depth)
            dense_top = (
                _top(np.where(mask, dense, -np.inf), depth) if query.vector is not None else []
            )
            keyword_rank = {int(s): r for r, s in enumerate(keyword_top, start=1)}
            dense_rank = {int(s): r for r, s in enumerate(dense_top, start=1)}
            slots = list(dict.fromkeys([*dense_top, *keyword_top]))
            return [
                Hit(
                    id=self._ids[s],
                    keyword=float(keyword[s]),
                    keyword_rank=keyword_rank.get(s),
                    dense=float(dense[s]),
                    dense_rank=dense_rank.get(s),
                    payload=self._payloads[s],
                )
                for s in slots
            ]

    def _terms(self, text: str) -> list[str]:
        return self.tokenizer.terms(text) if text else []

    def matched_terms(
        self, terms: Sequence[str], doc_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]:
        with self._lock:
            slots = [self._slot_of[d] for d in doc_ids if d in self._slot_of]
            found = self._matched(list(terms), np.asarray(slots, dtype=np.int32))
            return {self._ids[s]: t for s, t in found.items()}

    def flush(self) -> None:
        with self._lock:
            if self.folder is not None and self._journal_rows:
                self._snapshot()

    # ---- scoring -------------------------------------------------------------------------

    def _bm25(self, terms: list[str], n: int) -> Scores:
        scores = np.zeros(n, dtype=np.float32)
        total = max(self._alive_count, 1)
        avg = self._length_sum / total if self._length_sum > 0 else 1.0
        lengths = self._lengths[:n]
        for term in terms:
            postings = self._postings.get(term)
            if postings is None:
                continue
            slots, tfs = postings.arrays()
            df = len(slots)
            idf = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * lengths[slots] / avg)
            scores[slots] += idf * tfs * (K1 + 1.0) / (tfs + norm)
        return scores

    def _matched(
        self, terms: list[str], slots: npt.NDArray[np.int32]
    ) -> dict[int, tuple[str, ...]]:
        """Which query terms each candidate contains (postings are sorted by slot)."""
        found: dict[int, list[str]] = {}
        if len(slots) == 0:
            return {}
        for term in terms:
            postings = self._postings.get(term)
            if postings is None:
                continue
            docs, _ = postings.arrays()
            pos = np.searchsorted(docs, slots)
            hit = (pos < len(docs)) & (docs[np.minimum(pos, len(docs) - 1)] == slots)
            for s in slots[hit]:
                found.setdefault(int(s), []).append(term)
        return {s: tuple(t) for s, t in found.items()}

    # ---- persistence ---------------------------------------------------------------------

    def _journal(self, records: list[dict[str, Any]], vectors: Vector | None) -> None:
        if self.folder is None or not records:
            return
        with (self.folder / "journal.jsonl").open("a", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if vectors is not None:
            with (self.folder / "journal.f32").open("ab") as fh:
                fh.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        self._journal_rows += len(records)

    def _maybe_compact(self) -> None:
        if self.folder is None:
            return
        dead = len(self._ids) - self._alive_count
        if self._journal_rows > max(2000, len(self._ids) // 2) or dead > max(
            1000, len(self._ids) // 4
        ):
            self._snapshot()

    def _snapshot(self) -> None:
        """Write the live documents as one snapshot and empty the journal."""
        assert self.folder is not None
        live = [s for s in range(len(self._ids)) if self._alive[s]]
        tokens = self._tokens_of(live)
        meta = {
            "dimension": self.dimension,
            "ids": [self._ids[s] for s in live],
            "payloads": [self._payloads[s] for s in live],
            "tokens": tokens,
        }
        tmp = self.folder / "snapshot.json.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        with (self.folder / "snapshot.npz.tmp").open("wb") as fh:
            np.savez(fh, vectors=self._vectors[live] if live else np.zeros((0, self.dimension)))
        (self.folder / "snapshot.npz.tmp").replace(self.folder / "snapshot.npz")
        tmp.replace(self.folder / "snapshot.json")
        for name in ("journal.jsonl", "journal.f32"):
            (self.folder / name).unlink(missing_ok=True)
        self._journal_rows = 0
        if len(live) != len(self._ids):  # fold tombstones away in memory too
            vectors = self._vectors[live].copy()
            payloads = [self._payloads[s] for s in live]
            ids = [self._ids[s] for s in live]
            self._reset()
            for i, doc_id in enumerate(ids):
                self._append(doc_id, tokens[i], vectors[i], payloads[i])

    def _tokens_of(self, slots: list[int]) -> list[list[str]]:
        """Rebuild each slot's token list from the postings (order does not matter to BM25)."""
        index = {s: i for i, s in enumerate(slots)}
        out: list[list[str]] = [[] for _ in slots]
        for term, postings in self._postings.items():
            docs, tfs = postings.arrays()
            for s, tf in zip(docs.tolist(), tfs.tolist(), strict=True):
                i = index.get(s)
                if i is not None:
                    out[i].extend([term] * int(tf))
        return out

    def _load(self) -> None:
        assert self.folder is not None
        meta_path = self.folder / "snapshot.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(self.folder / "snapshot.npz") as data:
                vectors = data["vectors"].astype(np.float32)
            if int(meta["dimension"]) != self.dimension:
                self.clear()  # another model: the caller reindexes
                return
            for i, doc_id in enumerate(meta["ids"]):
                self._append(doc_id, meta["tokens"][i], vectors[i], meta["payloads"][i])
        journal = self.folder / "journal.jsonl"
        if journal.exists():
            raw = (
                (self.folder / "journal.f32").read_bytes()
                if (self.folder / "journal.f32").exists()
                else b""
            )
            vectors = np.frombuffer(raw, dtype=np.float32).reshape(-1, self.dimension)
            row = 0
            for line in journal.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                if rec["op"] == "upsert":
                    self._append(rec["id"], rec["tokens"], vectors[row], rec["payload"])
                    row += 1
                else:
                    self._kill(rec["id"])
                self._journal_rows += 1


def _top(scores: Scores, k: int) -> list[int]:
    """Slots of the k best finite scores, best first."""
    finite = int(np.isfinite(scores).sum())
    k = min(k, finite)
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.argsort(-scores[part], kind="stable")]
    return [int(s) for s in order]
