"""Row vectors: a read-only base (memory-mapped from the last snapshot) plus appended rows in
fixed-size blocks. Appending never copies what is stored, reopening reads nothing up front, and a
large index never needs twice its size in memory to grow or to be saved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from matching.index.mapped import copy_bytes

BLOCK_ROWS = 32768
Matrix = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


class VectorBlocks:
    def __init__(self, dimension: int, base: Matrix | None = None) -> None:
        """`base` (e.g. a `np.memmap` of a snapshot) holds rows 0..len(base)-1 and is never
        written; later rows go into blocks."""
        self.dimension = dimension
        self.base: Matrix = base if base is not None else np.zeros((0, dimension), np.float32)
        self.blocks: list[Matrix] = []
        self.rows = len(self.base)

    def _tail_rows(self) -> int:
        return self.rows - len(self.base)

    def append(self, vector: npt.NDArray[np.float32]) -> int:
        tail = self._tail_rows()
        if tail == len(self.blocks) * BLOCK_ROWS:
            # zero pages are only backed by memory once written: a fresh block costs nothing yet
            self.blocks.append(np.zeros((BLOCK_ROWS, self.dimension), dtype=np.float32))
        self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS] = vector
        self.rows += 1
        return self.rows - 1

    def row(self, i: int) -> npt.NDArray[np.float32]:
        if i < len(self.base):
            base_row: npt.NDArray[np.float32] = self.base[i]
            return base_row
        tail = i - len(self.base)
        row: npt.NDArray[np.float32] = self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS]
        return row

    def _parts(self) -> Iterator[Matrix]:
        """The stored rows as contiguous pieces, in order (no copies)."""
        if len(self.base):
            yield self.base
        tail = self._tail_rows()
        for k, block in enumerate(self.blocks):
            used = min(BLOCK_ROWS, tail - k * BLOCK_ROWS)
            if used > 0:
                yield block[:used]

    def dot(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Cosine of every stored row with `query` (rows and query are unit vectors)."""
        out = np.empty(self.rows, dtype=np.float32)
        start = 0
        for part in self._parts():
            np.matmul(part, query, out=out[start : start + len(part)])
            start += len(part)
        return out

    def write(self, fh: BinaryIO, rows: Rows | None = None) -> None:
        """Raw float32 rows to `fh`: all of them, or `rows` in that order, a chunk at a time."""
        if rows is None:
            for part in self._parts():
                copy_bytes(part, fh)
            return
        for start in range(0, len(rows), BLOCK_ROWS):
            chunk = rows[start : start + BLOCK_ROWS]
            fh.write(np.stack([self.row(int(i)) for i in chunk]).tobytes())

    @classmethod
    def from_arrays(cls, dimension: int, arrays: list[Matrix]) -> VectorBlocks:
        """From the blocks of an older snapshot (one array a block), copied."""
        fresh = cls(dimension)
        for part in arrays:
            for row in np.asarray(part, dtype=np.float32):
                fresh.append(row)
        return fresh
