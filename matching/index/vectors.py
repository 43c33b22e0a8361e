"""Row vectors: a read-only base (memory-mapped from the last snapshot) plus appended rows in
fixed-size blocks. Appending never copies what is stored, reopening reads nothing up front, and a
large index never needs twice its size in memory to grow or to be saved.

Rows are stored as bfloat16 (half the memory and the snapshot file of float32; numpy has no
bfloat16, so the rows are kept as their raw 16 bits and read by torch as `torch.bfloat16`). A
component keeps 8 significant bits (a relative error of at most 2^-8), which moves a 512-dimension
cosine by about 1e-4. Every row is scored with torch's bfloat16 matrix-vector product: on CPUs with
AVX512-BF16 or AMX it reads the matrix at memory speed, about 3× faster than the float16 product
(which converts element by element) and 2× faster than float32 at 100k rows (`make bench`). That
product rounds its result to bfloat16, so the few rows near the cut are then rescored in float32
(`exact`): the order of the best rows is that of float32 products of the stored rows.
Snapshots of older formats (float16 rows, float32 rows) still load and are scored in their own type.
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
STORED = np.uint16  # the bits of bfloat16 numbers: the upper half of the float32 ones
# the rough product rounds the query to bfloat16 (moving a cosine of unit vectors by at most 2^-8)
# and its result (by at most 2^-9 for |cosine| ≤ 1); a row in the true top k is at most twice
# that below the rough cut, so rows this close to it are rescored exactly (a few hundred at 100k)
APPROX_MARGIN = 2 * (2.0**-8 + 2.0**-9)
Matrix = npt.NDArray[Any]  # bfloat16 bits (float16 or float32 in snapshots of older formats)
Scores = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


class VectorBlocks:
    def __init__(self, dimension: int, base: Matrix | None = None) -> None:
        """`base` (e.g. a `np.memmap` of a snapshot: bfloat16 bits, float16 or float32) holds
        rows 0..len(base)-1 and is never written; later rows go into bfloat16 blocks."""
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
        self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS] = to_bfloat16(vector)
        self.rows += 1
        return self.rows - 1

    def row(self, i: int) -> npt.NDArray[np.float32]:
        """Row `i` as a new float32 array."""
        if i < len(self.base):
            return as_float32(self.base[i])
        tail = i - len(self.base)
        return as_float32(self.blocks[tail // BLOCK_ROWS][tail % BLOCK_ROWS])

    def take(self, rows: Rows) -> npt.NDArray[np.float32]:
        """The rows `rows` (any order) as one float32 matrix."""
        out = np.empty((len(rows), self.dimension), dtype=np.float32)
        in_base = rows < len(self.base)
        if in_base.any():
            out[in_base] = as_float32(self.base[rows[in_base]])
        tail = rows - len(self.base)
        for k in np.unique(tail[~in_base] // BLOCK_ROWS):
            here = (tail >= k * BLOCK_ROWS) & (tail < (k + 1) * BLOCK_ROWS)
            out[here] = as_float32(self.blocks[int(k)][tail[here] - k * BLOCK_ROWS])
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
                if array.dtype == STORED:
                    tensor = torch.from_numpy(array.view(np.int16)).view(torch.bfloat16)
                else:
                    tensor = torch.from_numpy(array)
                self._tensors[key] = tensor
        return tensor

    def dot(self, query: npt.NDArray[np.float32]) -> Scores:
        """Cosine of every stored row with `query` (rows and query are unit vectors), rounded to
        bfloat16 precision: good for choosing candidates, `exact` for their scores."""
        import torch

        out = np.empty(self.rows, dtype=np.float32)
        query32 = torch.from_numpy(np.ascontiguousarray(query, dtype=np.float32))
        start = 0
        with torch.inference_mode():
            for key, part in self._parts():
                tensor = self._tensor(key)[: len(part)]
                product = torch.mv(tensor, query32.to(tensor.dtype))
                torch.from_numpy(out[start : start + len(part)]).copy_(product)
                start += len(part)
        return out

    def exact(self, query: npt.NDArray[np.float32], rows: Rows) -> Scores:
        """Cosine of the rows `rows` with `query`, in float32."""
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        scores: Scores = self.take(rows) @ query.astype(np.float32)
        return scores

    def write(self, fh: BinaryIO, rows: Rows | None = None) -> None:
        """Raw bfloat16 rows to `fh`: all of them, or `rows` in that order, a chunk at a time."""
        if rows is None:
            for _, part in self._parts():
                if part.dtype == STORED:
                    copy_bytes(part, fh)
                    continue
                for start in range(0, len(part), BLOCK_ROWS):  # a snapshot of an older format
                    chunk = as_float32(part[start : start + BLOCK_ROWS])
                    fh.write(to_bfloat16(chunk).tobytes())
            return
        for start in range(0, len(rows), BLOCK_ROWS):
            fh.write(to_bfloat16(self.take(rows[start : start + BLOCK_ROWS])).tobytes())

    @classmethod
    def from_arrays(cls, dimension: int, arrays: list[Matrix]) -> VectorBlocks:
        """From the blocks of an older snapshot (one array a block), copied."""
        fresh = cls(dimension)
        for part in arrays:
            for row in np.asarray(part, dtype=np.float32):
                fresh.append(row)
        return fresh


def to_bfloat16(values: npt.NDArray[np.float32]) -> npt.NDArray[np.uint16]:
    """The bfloat16 bits of float32 `values`, rounded to nearest, ties to even (as torch does)."""
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32)
    rounded = (bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))) >> np.uint32(16)
    return rounded.astype(np.uint16)


def as_float32(rows: Matrix) -> npt.NDArray[np.float32]:
    """Stored rows (bfloat16 bits, or float16/float32 of an older snapshot) as a new float32 array."""
    if rows.dtype == STORED:
        widened: npt.NDArray[np.float32] = (
            np.asarray(rows).astype(np.uint32) << np.uint32(16)
        ).view(np.float32)
        return widened
    return np.asarray(rows, dtype=np.float32)
