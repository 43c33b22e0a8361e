"""Row vectors: a read-only base (memory-mapped from the last snapshot) plus appended rows in
fixed-size blocks. Appending never copies what is stored, reopening reads nothing up front, and a
large index never needs twice its size in memory to grow or to be saved.

Rows are stored as float16 (half the memory and the snapshot file of float32; a unit vector's
components lose about 1e-4 of relative precision, which moves cosines by about 1e-5). numpy's
float16 products are a scalar loop, so every row is scored with torch's float16 matrix-vector
product, which rounds its result to float16; the few rows near the cut are then rescored in
float32 (`exact`), so the order of the best rows is that of float32 products of the stored rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import numpy.typing as npt

from matching.index.mapped import copy_bytes

if TYPE_CHECKING:
    import torch

BLOCK_ROWS = 32768
STORED = np.float16
# a float16-rounded cosine is within 2^-12 of the float32 product (|cosine| ≤ 1); rows whose
# rounded score is this close to the cut are rescored exactly (a wide margin costs a few rows)
APPROX_MARGIN = 4e-3
Matrix = npt.NDArray[Any]  # float16 rows (float32 in snapshots written before float16)
Scores = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


class VectorBlocks:
    def __init__(self, dimension: int, base: Matrix | None = None) -> None:
        """`base` (e.g. a `np.memmap` of a snapshot, float16 or float32) holds rows
        0..len(base)-1 and is never written; later rows go into float16 blocks."""
        self.dimension = dimension
        self.base: Matrix = base if base is not None else np.zeros((0, dimension), STORED)
        self.blocks: list[Matrix] = []
        self.rows = len(self.base)
        self._tensors: dict[int, torch.Tensor] = {}  # -1 = base, k = block k (shared memory)

    def _tail_rows(self) -> int:
        return self.rows - len(self.base)

    def append(self, vector: npt.NDArray[np.float32]) -> int:
        tail = self._tail_rows()
        if tail == len(self.blocks) * BLOCK_ROWS:
            # zero pages are only backed by memory once written: a fresh block costs nothing yet
            self.blocks.append(np.zeros((BLOCK_ROWS, self.dimension), dtype=STORED))
        self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS] = vector
        self.rows += 1
        return self.rows - 1

    def row(self, i: int) -> npt.NDArray[np.float32]:
        """Row `i` as a new float32 array."""
        if i < len(self.base):
            return np.asarray(self.base[i], dtype=np.float32)
        tail = i - len(self.base)
        row: npt.NDArray[np.float32] = self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS]
        return row.astype(np.float32)

    def take(self, rows: Rows) -> npt.NDArray[np.float32]:
        """The rows `rows` (any order) as one float32 matrix."""
        out = np.empty((len(rows), self.dimension), dtype=np.float32)
        in_base = rows < len(self.base)
        if in_base.any():
            out[in_base] = self.base[rows[in_base]]
        tail = rows - len(self.base)
        for k in np.unique(tail[~in_base] // BLOCK_ROWS):
            here = (tail >= k * BLOCK_ROWS) & (tail < (k + 1) * BLOCK_ROWS)
            out[here] = self.blocks[int(k)][tail[here] - k * BLOCK_ROWS]
        return out

    def _parts(self) -> Iterator[tuple[int, Matrix]]:
        """The stored rows as contiguous pieces, in order (no copies), with their key."""
        if len(self.base):
            yield -1, self.base
        tail = self._tail_rows()
        for k, block in enumerate(self.blocks):
            used = min(BLOCK_ROWS, tail - k * BLOCK_ROWS)
            if used > 0:
                yield k, block[:used]

    def _tensor(self, key: int) -> torch.Tensor:
        tensor = self._tensors.get(key)
        if tensor is None:
            import torch  # imported on first use (the embedder has loaded it already)

            array = self.base if key == -1 else self.blocks[key]
            with warnings.catch_warnings():
                # a snapshot's map is read-only; the product only reads it
                warnings.simplefilter("ignore", UserWarning)
                tensor = self._tensors[key] = torch.from_numpy(array)
        return tensor

    def dot(self, query: npt.NDArray[np.float32]) -> Scores:
        """Cosine of every stored row with `query` (rows and query are unit vectors), rounded to
        float16 precision: good for choosing candidates, `exact` for their scores."""
        import torch

        out = np.empty(self.rows, dtype=np.float32)
        start = 0
        with torch.inference_mode():
            for key, part in self._parts():
                tensor = self._tensor(key)[: len(part)]
                vec = torch.from_numpy(np.ascontiguousarray(query, dtype=part.dtype))
                torch.from_numpy(out[start : start + len(part)]).copy_(torch.mv(tensor, vec))
                start += len(part)
        return out

    def exact(self, query: npt.NDArray[np.float32], rows: Rows) -> Scores:
        """Cosine of the rows `rows` with `query`, in float32."""
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        scores: Scores = self.take(rows) @ query.astype(np.float32)
        return scores

    def write(self, fh: BinaryIO, rows: Rows | None = None) -> None:
        """Raw float16 rows to `fh`: all of them, or `rows` in that order, a chunk at a time."""
        if rows is None:
            for _, part in self._parts():
                if part.dtype == STORED:
                    copy_bytes(part, fh)
                    continue
                for start in range(0, len(part), BLOCK_ROWS):  # an older float32 snapshot
                    fh.write(part[start : start + BLOCK_ROWS].astype(STORED).tobytes())
            return
        for start in range(0, len(rows), BLOCK_ROWS):
            fh.write(self.take(rows[start : start + BLOCK_ROWS]).astype(STORED).tobytes())

    @classmethod
    def from_arrays(cls, dimension: int, arrays: list[Matrix]) -> VectorBlocks:
        """From the blocks of an older snapshot (one array a block), copied."""
        fresh = cls(dimension)
        for part in arrays:
            for row in np.asarray(part, dtype=np.float32):
                fresh.append(row)
        return fresh
