"""BM25 postings: per term, the slots (ascending) that contain it and how often, with the term's
BM25 weights cached until the corpus statistics drift.

A term's postings are a read-only base (a slice of the snapshot's arrays, no copy of its own) plus
a tail of what was added since: new postings go into compact `array`s and move into the tail's
numpy arrays the first time the term is read after a change, so a search copies nothing and the
base and tail are never joined."""

from __future__ import annotations

import math
from array import array

import numpy as np
import numpy.typing as npt

K1, B = 1.2, 0.75
# cached weights are recomputed once the document count or mean length has moved this much
DRIFT = 0.02

Slots = npt.NDArray[np.int32]
Tfs = npt.NDArray[np.uint16]
Weights = npt.NDArray[np.float32]
_NO_SLOTS: Slots = np.zeros(0, np.int32)
_NO_TFS: Tfs = np.zeros(0, np.uint16)


class Postings:
    __slots__ = (
        "_base_slots",
        "_base_tfs",
        "_new_slots",
        "_new_tfs",
        "_stamp",
        "_tail_slots",
        "_tail_tfs",
    )

    def __init__(self, slots: Slots = _NO_SLOTS, tfs: Tfs = _NO_TFS) -> None:
        self._base_slots = slots
        self._base_tfs = tfs
        self._tail_slots = _NO_SLOTS
        self._tail_tfs = _NO_TFS
        self._new_slots: array[int] | None = None
        self._new_tfs: array[int] | None = None
        self._stamp: tuple[int, float, Weights | None] = (0, 0.0, None)

    def __len__(self) -> int:
        added = len(self._new_slots) if self._new_slots is not None else 0
        return len(self._base_slots) + len(self._tail_slots) + added

    def add(self, slot: int, tf: int) -> None:
        if self._new_slots is None or self._new_tfs is None:
            self._new_slots, self._new_tfs = array("i"), array("H")
        self._new_slots.append(slot)
        self._new_tfs.append(min(tf, 65_535))
        self._stamp = (0, 0.0, None)

    def _settle(self) -> None:
        """Move what was added into the tail's arrays (one copy per change, not per read)."""
        if self._new_slots is None or self._new_tfs is None:
            return
        self._tail_slots = np.concatenate(
            [self._tail_slots, np.frombuffer(self._new_slots, np.int32)]
        )
        self._tail_tfs = np.concatenate([self._tail_tfs, np.frombuffer(self._new_tfs, np.uint16)])
        self._new_slots = self._new_tfs = None

    def parts(self) -> list[tuple[Slots, Tfs]]:
        """Slots (ascending, base before tail) and term frequencies, as pieces: no joined copy is
        kept, so a term costs its postings once however often it is scored."""
        self._settle()
        if not len(self._tail_slots):
            return [(self._base_slots, self._base_tfs)]
        tail = (self._tail_slots, self._tail_tfs)
        return [(self._base_slots, self._base_tfs), tail] if len(self._base_slots) else [tail]

    def arrays(self) -> tuple[Slots, Tfs]:
        """Slots (ascending) and term frequencies (a new array when there is a tail)."""
        pieces = self.parts()
        if len(pieces) == 1:
            return pieces[0]
        return (
            np.concatenate([s for s, _ in pieces]),
            np.concatenate([t for _, t in pieces]),
        )

    def slot_array(self) -> Slots:
        return self.arrays()[0]

    def contains(self, slots: Slots) -> npt.NDArray[np.bool_]:
        """Which of `slots` have this term (binary search in each piece)."""
        found = np.zeros(len(slots), dtype=bool)
        for docs, _ in self.parts():
            if len(docs):
                pos = np.minimum(np.searchsorted(docs, slots), len(docs) - 1)
                found |= docs[pos] == slots
        return found

    def weights(self, total: int, avg_length: float, lengths: npt.NDArray[np.float32]) -> Weights:
        """idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avg)) for every posting, cached."""
        seen_total, seen_avg, cached = self._stamp
        stale = (
            cached is None
            or abs(total - seen_total) > DRIFT * max(seen_total, 1)
            or abs(avg_length - seen_avg) > DRIFT * max(seen_avg, 1e-9)
        )
        if cached is None or stale:
            slots, raw_tfs = self.arrays()
            tfs = raw_tfs.astype(np.float32)
            df = len(slots)
            idf = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * lengths[slots] / avg_length)
            cached = (idf * tfs * (K1 + 1.0) / (tfs + norm)).astype(np.float32)
            self._stamp = (total, avg_length, cached)
        return cached
