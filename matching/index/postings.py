"""BM25 postings: per term, the slots (ascending) that contain it and how often, stored compactly,
with the term's BM25 weights cached until the corpus statistics drift."""

from __future__ import annotations

import math
from array import array

import numpy as np
import numpy.typing as npt

K1, B = 1.2, 0.75
# cached weights are recomputed once the document count or mean length has moved this much
DRIFT = 0.02

Slots = npt.NDArray[np.int32]
Weights = npt.NDArray[np.float32]


class Postings:
    __slots__ = ("_slots_np", "_stamp", "_weights", "slots", "tfs")

    def __init__(self) -> None:
        self.slots = array("i")
        self.tfs = array("H")
        self._slots_np: Slots | None = None
        self._weights: Weights | None = None
        self._stamp = (0, 0.0)

    def add(self, slot: int, tf: int) -> None:
        self.slots.append(slot)
        self.tfs.append(min(tf, 65_535))
        self._slots_np = None
        self._weights = None

    def slot_array(self) -> Slots:
        if self._slots_np is None:
            self._slots_np = np.frombuffer(self.slots, dtype=np.int32).copy()
        return self._slots_np

    def weights(self, total: int, avg_length: float, lengths: npt.NDArray[np.float32]) -> Weights:
        """idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avg)) for every posting, cached."""
        seen_total, seen_avg = self._stamp
        stale = (
            self._weights is None
            or abs(total - seen_total) > DRIFT * max(seen_total, 1)
            or abs(avg_length - seen_avg) > DRIFT * max(seen_avg, 1e-9)
        )
        if stale:
            slots = self.slot_array()
            tfs = np.frombuffer(self.tfs, dtype=np.uint16).astype(np.float32)
            df = len(slots)
            idf = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * lengths[slots] / avg_length)
            self._weights = (idf * tfs * (K1 + 1.0) / (tfs + norm)).astype(np.float32)
            self._stamp = (total, avg_length)
        assert self._weights is not None
        return self._weights
