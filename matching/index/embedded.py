"""The embedded engine: BM25 over jieba tokens plus dense vectors, in memory, persisted to a folder.

Writes are incremental: a new document appends a slot and its postings; a changed one tombstones
its old slot. The folder holds a snapshot (`matching.index.snapshot`) plus an append-only journal
that is replayed on open and folded into a new snapshot once it grows large; nothing is rebuilt for
one new document. After a snapshot the index works on it in place: vectors, postings and payloads
are memory-mapped, so only what was added since lives in the process's own memory. Payloads are
kept as compact JSON and decoded only for the candidates of a search.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt
import orjson

from matching.index import snapshot, writer_lock
from matching.index.base import Hit, IndexDoc, Payload, Query, Vector, payload_matches
from matching.index.postings import Postings
from matching.index.vectors import APPROX_MARGIN, VectorBlocks
from matching.index.writer_lock import IndexLocked
from matching.text import Tokenizer, default_tokenizer

Scores = npt.NDArray[np.float32]
# in a large corpus (1,000+ documents) BM25 scores a long query by its 48 rarest words and skips
# words found in over half the documents (idf below log 2): a document-frequency stop list, for speed
COMMON_TERM_SHARE = 0.5
COMMON_TERM_MIN_DOCS = 1000
MAX_QUERY_TERMS = 48
# candidates taken from each side (keyword, dense) before fusion and structured fit
DEPTH_MIN, DEPTH_PER_RESULT = 50, 2
# a read-only index looks for the writer's changes at most this often (two `stat` calls)
REFRESH_SECONDS = 0.5
LEGACY_JOURNAL = ("journal.jsonl", "journal.f32")  # before journals were tied to a generation


class EmbeddedIndex:
    def __init__(
        self,
        folder: Path | None,
        dimension: int,
        tokenizer: Tokenizer | None = None,
        *,
        read_only: bool = False,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        """`folder=None` keeps everything in memory. A writer takes the folder's writer lock
        (`IndexLocked` when another process holds it); a `read_only` index never writes the
        folder and follows the writer's changes, checking at most every `refresh_seconds`."""
        self.folder = folder
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self.read_only = read_only
        self.refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._locked = False
        self._checked = 0.0
        self._reset()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            if not read_only:
                if not writer_lock.acquire(folder):
                    raise IndexLocked(folder)
                self._locked = True
            self._load()

    def close(self) -> None:
        """Give up the writer lock (a read-only index holds nothing)."""
        if self._locked and self.folder is not None:
            writer_lock.release(self.folder)
            self._locked = False

    # ---- state ---------------------------------------------------------------------------

    def _reset(self) -> None:
        self._ids: list[str] = []
        self._slot_of: dict[str, int] = {}
        # payloads of slots below `_base_rows` live in the snapshot's blob, the rest in the list
        self._base_rows = 0
        self._payload_blob: npt.NDArray[np.uint8] = np.zeros(0, np.uint8)
        self._payload_ends: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._payloads: list[bytes] = []
        self._postings: dict[str, Postings] = {}
        self._vectors = VectorBlocks(self.dimension)
        self._lengths = np.zeros(64, dtype=np.float32)
        self._alive = np.zeros(64, dtype=bool)
        self._alive_count = 0
        self._length_sum = 0.0
        self._journal_rows = 0
        # where this process stands on disk: the snapshot generation it loaded (and the stamp
        # of the file that names it), and how much of that generation's journal it has applied
        self._generation = 0
        self._meta_stamp: Stamp = None
        self._journal_bytes = 0
        self._journal_vectors = 0

    def __len__(self) -> int:
        return self._alive_count

    def _payload_bytes(self, slot: int) -> bytes:
        if slot >= self._base_rows:
            return self._payloads[slot - self._base_rows]
        start = int(self._payload_ends[slot - 1]) if slot else 0
        return self._payload_blob[start : int(self._payload_ends[slot])].tobytes()

    def _grow(self, need: int) -> None:
        cap = len(self._alive)
        if need <= cap:
            return
        new_cap = max(need, cap * 2)
        lengths = np.zeros(new_cap, dtype=np.float32)
        lengths[:cap] = self._lengths
        alive = np.zeros(new_cap, dtype=bool)
        alive[:cap] = self._alive
        self._lengths, self._alive = lengths, alive

    def _kill(self, doc_id: str) -> None:
        slot = self._slot_of.pop(doc_id, None)
        if slot is not None and self._alive[slot]:
            self._alive[slot] = False
            self._alive_count -= 1
            self._length_sum -= float(self._lengths[slot])

    def _new_slot(self, doc_id: str, vector: Vector, payload: bytes, length: int) -> int:
        self._kill(doc_id)
        slot = len(self._ids)
        self._grow(slot + 1)
        self._ids.append(doc_id)
        self._payloads.append(payload)
        self._slot_of[doc_id] = slot
        self._vectors.append(vector)
        self._lengths[slot] = length
        self._alive[slot] = True
        self._alive_count += 1
        self._length_sum += length
        return slot

    def _append(self, doc_id: str, tokens: list[str], vector: Vector, payload: bytes) -> None:
        slot = self._new_slot(doc_id, vector, payload, len(tokens))
        for term, tf in Counter(tokens).items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = Postings()
            postings.add(slot, tf)

    # ---- protocol ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        self._writable()
        rows = [(d, self.tokenizer.tokens(d.text), _encode(d.payload)) for d in docs]
        with self._lock:
            for doc, tokens, payload in rows:
                self._append(doc.id, tokens, doc.vector, payload)
            records = [
                {"op": "upsert", "id": d.id, "tokens": t, "payload": p.decode()} for d, t, p in rows
            ]
            self._journal(records, np.stack([d.vector for d, _, _ in rows]) if rows else None)
            self._maybe_compact()

    def delete(self, ids: Sequence[str]) -> None:
        self._writable()
        with self._lock:
            present = [i for i in ids if i in self._slot_of]
            for doc_id in present:
                self._kill(doc_id)
            self._journal([{"op": "delete", "id": i} for i in present], None)
            self._maybe_compact()

    def clear(self) -> None:
        self._writable()
        with self._lock:
            self._reset()
            if self.folder is not None:
                for path in [*snapshot.files(self.folder), *_journal_files(self.folder)]:
                    path.unlink(missing_ok=True)

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError("this index is open read-only: its writer applies changes")

    def refresh(self) -> None:
        """Catch up with the writer: the journal it appended since, or its new snapshot."""
        if not self.read_only or self.folder is None:
            return
        with self._lock:
            self._checked = time.monotonic()
            if _stamp(self.folder / snapshot.META) != self._meta_stamp:
                self._reset()
                self._load()
            else:
                self._replay_journal()

    def _follow(self) -> None:
        if self.read_only and time.monotonic() - self._checked >= self.refresh_seconds:
            self.refresh()

    def vector(self, doc_id: str) -> Vector | None:
        self._follow()
        slot = self._slot_of.get(doc_id)
        return None if slot is None else self._vectors.row(slot)

    def payload(self, doc_id: str) -> Payload | None:
        self._follow()
        slot = self._slot_of.get(doc_id)
        return None if slot is None else _decode(self._payload_bytes(slot))

    def search(self, query: Query) -> list[Hit]:
        self._follow()
        terms = list(query.terms) if query.terms is not None else self._terms(query.text)
        with self._lock:
            n = len(self._ids)
            if n == 0 or self._alive_count == 0:
                return []
            mask = self._alive[:n]
            restricted = bool(query.filters or query.exclude_ids)
            if restricted:
                mask = mask.copy()
            if query.filters:
                for candidate in np.flatnonzero(mask):
                    if not payload_matches(
                        _decode(self._payload_bytes(int(candidate))), query.filters
                    ):
                        mask[candidate] = False
            for doc_id in query.exclude_ids:
                slot = self._slot_of.get(doc_id)
                if slot is not None:
                    mask[slot] = False
            depth = max(DEPTH_MIN, query.limit * DEPTH_PER_RESULT)
            keyword = self._bm25(terms, n)
            hit_slots = np.flatnonzero(keyword)
            hit_slots = hit_slots[mask[hit_slots]]
            keyword_top = [int(hit_slots[i]) for i in _top(keyword[hit_slots], depth)]
            dense_top: list[int] = []
            dense: dict[int, float] = {}
            if query.vector is not None:
                vector = query.vector.astype(np.float32)
                rough = self._vectors.dot(vector)
                everyone = self._alive_count == n and not restricted
                dense_top, dense = self._dense_top(
                    rough if everyone else np.where(mask, rough, -np.inf), vector, depth
                )
                others = np.asarray([s for s in keyword_top if s not in dense], np.int64)
                dense.update(
                    zip(others.tolist(), self._vectors.exact(vector, others).tolist(), strict=True)
                )
            keyword_rank = {s: r for r, s in enumerate(keyword_top, start=1)}
            dense_rank = {s: r for r, s in enumerate(dense_top, start=1)}
            return [
                Hit(
                    id=self._ids[s],
                    keyword=float(keyword[s]),
                    keyword_rank=keyword_rank.get(s),
                    dense=dense.get(s, 0.0),
                    dense_rank=dense_rank.get(s),
                    payload=_decode(self._payload_bytes(s)),
                )
                for s in dict.fromkeys([*dense_top, *keyword_top])
            ]

    def _dense_top(
        self, rough: Scores, vector: Vector, depth: int
    ) -> tuple[list[int], dict[int, float]]:
        """The `depth` best slots by float32 cosine, best first, and their cosines: chosen on
        the bfloat16-rounded scores of every row, then the rows near the cut rescored exactly."""
        first = _top(rough, depth)
        if not first:
            return [], {}
        near = np.flatnonzero(rough >= rough[first[-1]] - APPROX_MARGIN)
        exact = self._vectors.exact(vector, near)
        best = [int(near[i]) for i in _top(exact, depth)]
        scores = dict(zip(near.tolist(), exact.tolist(), strict=True))
        return best, {s: scores[s] for s in best}

    def _terms(self, text: str) -> list[str]:
        return self.tokenizer.terms(text) if text else []

    def matched_terms(
        self, terms: Sequence[str], doc_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]:
        """Which query terms each document contains (postings are sorted by slot)."""
        with self._lock:
            slots = np.asarray([self._slot_of[d] for d in doc_ids if d in self._slot_of], np.int32)
            found: dict[int, list[str]] = {}
            for term in terms:
                postings = self._postings.get(term)
                if postings is None or len(slots) == 0:
                    continue
                for s in slots[postings.contains(slots)]:
                    found.setdefault(int(s), []).append(term)
            return {self._ids[s]: tuple(t) for s, t in found.items()}

    def flush(self) -> None:
        with self._lock:
            if self.folder is not None and self._journal_rows and not self.read_only:
                self._snapshot()

    def _bm25(self, terms: list[str], n: int) -> Scores:
        scores = np.zeros(n, dtype=np.float32)
        total = max(self._alive_count, 1)
        avg = self._length_sum / total if self._length_sum > 0 else 1.0
        found = [p for t in dict.fromkeys(terms) if (p := self._postings.get(t)) is not None]
        if total >= COMMON_TERM_MIN_DOCS:
            # the rarest words carry the query; common ones add little and cost a pass each
            found = [p for p in found if len(p) <= COMMON_TERM_SHARE * total]
            found = sorted(found, key=len)[:MAX_QUERY_TERMS]
        if not found:
            return scores
        # one C pass per piece of postings, straight into the scores: no joined copies and no
        # casts (bincount widens a query's million slots to int64 and its weights to float64);
        # torch's index_add takes the int32 slots as they are stored, faster than numpy's add.at
        import torch  # loaded already: the embedder and the vectors use it

        into = torch.from_numpy(scores)
        with torch.inference_mode(), warnings.catch_warnings():
            # a snapshot's postings are a read-only map; the sum only reads them
            warnings.simplefilter("ignore", UserWarning)
            for postings in found:
                weights = torch.from_numpy(postings.weights(total, avg, self._lengths))
                start = 0
                for slots, _ in postings.parts():
                    into.index_add_(0, torch.from_numpy(slots), weights[start : start + len(slots)])
                    start += len(slots)
        return scores

    # ---- persistence ---------------------------------------------------------------------

    def _journal(self, records: list[dict[str, Any]], vectors: Vector | None) -> None:
        """Append to this generation's journal: the records first, then their vectors, so a
        reader that finds a record without its vector knows the writer is mid-append."""
        if self.folder is None or not records:
            return
        lines, raw = _journal_paths(self.folder, self._generation)
        with lines.open("a", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if vectors is not None:
            with raw.open("ab") as fh:
                fh.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        self._journal_rows += len(records)

    def _maybe_compact(self) -> None:
        if self.folder is None:
            return
        size = len(self._ids)
        dead = size - self._alive_count
        if self._journal_rows > max(2000, size // 2) or dead > max(1000, size // 4):
            self._snapshot()

    def _snapshot(self) -> None:
        """Fold tombstones away, stream the live documents to a new snapshot generation, empty
        the journal and continue on the snapshot's memory maps."""
        assert self.folder is not None
        n = len(self._ids)
        live = np.flatnonzero(self._alive[:n])
        dense = len(live) == n  # no tombstones: slots keep their numbers
        new_slot = np.full(n, -1, dtype=np.int64)
        new_slot[live] = np.arange(len(live))
        terms: list[str] = []
        offsets = [0]
        kept: list[npt.NDArray[np.bool_] | None] = []
        for term, postings in self._postings.items():
            keep = None if dense else new_slot[postings.slot_array()] >= 0
            count = len(postings) if keep is None else int(keep.sum())
            if count:
                terms.append(term)
                kept.append(keep)
                offsets.append(offsets[-1] + count)
        chosen = [self._postings[t] for t in terms]

        def write_slots(fh: BinaryIO) -> int:
            for postings, keep in zip(chosen, kept, strict=True):
                if keep is None:
                    for old, _ in postings.parts():
                        fh.write(np.ascontiguousarray(old, dtype=np.int32).tobytes())
                    continue
                old = postings.slot_array()
                fh.write(new_slot[old[keep]].astype(np.int32).tobytes())
            return offsets[-1]

        def write_tfs(fh: BinaryIO) -> int:
            for postings, keep in zip(chosen, kept, strict=True):
                if keep is None:
                    for _, tfs in postings.parts():
                        fh.write(np.ascontiguousarray(tfs).tobytes())
                    continue
                fh.write(np.ascontiguousarray(postings.arrays()[1][keep]).tobytes())
            return offsets[-1]

        ends: list[int] = []

        def write_payloads(fh: BinaryIO) -> int:
            size = 0
            todo = live
            if dense and self._base_rows:  # the snapshot's payloads go forward as they are
                snapshot.copy_bytes(self._payload_blob, fh)
                ends.extend(self._payload_ends.tolist())
                size = ends[-1]
                todo = live[self._base_rows :]
            for s in todo:
                raw = self._payload_bytes(int(s))
                fh.write(raw)
                size += len(raw)
                ends.append(size)
            return size

        def write_vectors(fh: BinaryIO) -> int:
            self._vectors.write(fh, None if dense else live)
            return len(live)

        writers: dict[str, snapshot.Writer] = {
            "vectors": write_vectors,
            "slots": write_slots,
            "tfs": write_tfs,
            "payloads": write_payloads,
        }

        def small() -> dict[str, npt.NDArray[Any]]:  # asked for after the writers have run
            return {
                "lengths": self._lengths[live],
                "offsets": np.asarray(offsets, dtype=np.int64),
                "payload_ends": np.asarray(ends, dtype=np.int64),
            }

        meta = {"dimension": self.dimension, "ids": [self._ids[s] for s in live], "terms": terms}
        snapshot.write(self.folder, meta, writers, small)
        for path in _journal_files(self.folder):  # readers see the new generation and reload
            path.unlink(missing_ok=True)
        meta_now = snapshot.read_meta(self.folder)
        assert meta_now is not None
        self._restore(snapshot.load(self.folder, meta_now))
        self._generation = int(meta_now["generation"])
        self._meta_stamp = _stamp(self.folder / snapshot.META)

    def _restore(self, snap: snapshot.Snapshot) -> None:
        """Adopt a snapshot as the memory (no tokenising, no copies of its large arrays)."""
        self._reset()
        n = len(snap.ids)
        self._vectors = snap.vectors
        self._lengths = snap.lengths
        self._alive = np.ones(n, dtype=bool)
        self._alive_count = n
        self._length_sum = float(self._lengths.sum())
        self._ids = snap.ids
        self._slot_of = {doc_id: i for i, doc_id in enumerate(snap.ids)}
        self._base_rows = n
        self._payload_blob, self._payload_ends = snap.payload_blob, snap.payload_ends
        offsets = snap.offsets.tolist()
        for k, term in enumerate(snap.terms):
            lo, hi = offsets[k], offsets[k + 1]
            self._postings[term] = Postings(snap.slots[lo:hi], snap.tfs[lo:hi])

    def _load(self) -> None:
        """Open the snapshot, then replay the journal. A reader that races the writer's next
        snapshot (files of the old generation removed while it opens them) starts again."""
        for attempt in range(LOAD_ATTEMPTS):
            try:
                self._load_once()
                return
            except FileNotFoundError:
                if not self.read_only or attempt == LOAD_ATTEMPTS - 1:
                    raise
                self._reset()

    def _load_once(self) -> None:
        assert self.folder is not None
        stamp = _stamp(self.folder / snapshot.META)  # taken before reading: never too new
        meta = snapshot.read_meta(self.folder)
        if meta is not None:
            if int(meta["dimension"]) != self.dimension:
                if not self.read_only:
                    self.clear()  # another model: the caller reindexes
                self._meta_stamp = stamp
                return
            self._restore(snapshot.load(self.folder, meta))  # (which resets the stamp)
            self._generation = int(meta.get("generation", 0))
        # kept after the restore: a follower compares it at every refresh, and without it would
        # reload the whole snapshot each time instead of reading the journal's new records
        self._meta_stamp = stamp
        legacy = self._replay_legacy_journal()
        torn = self._replay_journal()
        if (legacy or torn) and not self.read_only:
            # fold an old-style journal in; or a crash mid-append left a partial record: keep
            # the whole prefix, drop the tail (the platform's outbox re-applies it), start clean
            self._snapshot()

    def _replay_legacy_journal(self) -> bool:
        assert self.folder is not None
        lines, raw = (self.folder / name for name in LEGACY_JOURNAL)
        if not lines.exists():
            return False
        self._apply_journal(lines.read_bytes(), _read_vectors(raw, 0, self.dimension))
        return True

    def _replay_journal(self) -> bool:
        """Apply what this generation's journal holds beyond what was applied already; True
        when it ends in an incomplete record (a crash, or a writer in the middle of an append:
        a reader stops there and reads on at its next refresh)."""
        assert self.folder is not None
        lines, raw = _journal_paths(self.folder, self._generation)
        try:
            with lines.open("rb") as fh:
                fh.seek(self._journal_bytes)
                data = fh.read()
        except FileNotFoundError:  # nothing appended yet, or a new generation: see refresh
            return False
        if not data:
            return False
        vectors = _read_vectors(raw, self._journal_vectors, self.dimension)
        used, rows, torn = self._apply_journal(data, vectors)
        self._journal_bytes += used
        self._journal_vectors += rows
        return torn

    def _apply_journal(self, data: bytes, vectors: Vector) -> tuple[int, int, bool]:
        """Apply whole records from `data`; returns the bytes and vectors used and whether an
        incomplete record (no line end, bad JSON, or no vector yet) stopped it."""
        used = row = 0
        while used < len(data):
            end = data.find(b"\n", used)
            if end < 0:
                return used, row, True
            try:
                rec = json.loads(data[used:end])
            except ValueError:
                return used, row, True
            if rec["op"] == "upsert":
                if row >= len(vectors):
                    return used, row, True
                self._append(rec["id"], rec["tokens"], vectors[row], rec["payload"].encode())
                row += 1
            else:
                self._kill(rec["id"])
            self._journal_rows += 1
            used = end + 1
        return used, row, False


Stamp = tuple[int, int, int] | None
LOAD_ATTEMPTS = 5


def _stamp(path: Path) -> Stamp:
    """Identity of a file that is replaced by rename: a new file has a new inode."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _journal_paths(folder: Path, generation: int) -> tuple[Path, Path]:
    """The journal that follows snapshot `generation`: records, then their vectors."""
    return folder / f"journal-{generation}.jsonl", folder / f"journal-{generation}.f32"


def _journal_files(folder: Path) -> list[Path]:
    return [*folder.glob("journal-*.jsonl"), *folder.glob("journal-*.f32")] + [
        folder / name for name in LEGACY_JOURNAL
    ]


def _read_vectors(path: Path, start_row: int, dimension: int) -> Vector:
    row_bytes = 4 * dimension
    try:
        with path.open("rb") as fh:
            fh.seek(start_row * row_bytes)
            raw = fh.read()
    except FileNotFoundError:
        raw = b""
    usable = len(raw) // row_bytes * row_bytes
    return np.frombuffer(raw[:usable], dtype=np.float32).reshape(-1, dimension)


def _encode(payload: Payload) -> bytes:
    # json, not orjson: an orjson result keeps its 4 KB working buffer, which is 100k × 4 KB for
    # the payloads of a 100k index between snapshots
    return json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":")).encode()


def _decode(raw: bytes) -> Payload:
    # a search decodes the payload of every candidate (about a hundred): orjson does it in a
    # quarter of json's time
    data: dict[str, Any] = orjson.loads(raw)
    return data


def _top(scores: Scores, k: int) -> list[int]:
    """Slots of the k best finite scores, best first."""
    finite = int(np.isfinite(scores).sum())
    k = min(k, finite)
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.argsort(-scores[part], kind="stable")]
    return [int(s) for s in order]
