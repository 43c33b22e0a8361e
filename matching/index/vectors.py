"""Row vectors in fixed-size blocks: appending never copies what is stored, and a large index
never needs twice its size in memory to grow."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

BLOCK_ROWS = 32768
Matrix = npt.NDArray[np.float32]


class VectorBlocks:
    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.blocks: list[Matrix] = []
        self.rows = 0

    def append(self, vector: npt.NDArray[np.float32]) -> int:
        if self.rows == len(self.blocks) * BLOCK_ROWS:
            self.blocks.append(np.zeros((BLOCK_ROWS, self.dimension), dtype=np.float32))
        row = self.rows
        self.blocks[row // BLOCK_ROWS][row % BLOCK_ROWS] = vector
        self.rows += 1
        return row

    def row(self, i: int) -> npt.NDArray[np.float32]:
        row: npt.NDArray[np.float32] = self.blocks[i // BLOCK_ROWS][i % BLOCK_ROWS]
        return row

    def dot(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Cosine of every stored row with `query` (rows and query are unit vectors)."""
        if self.rows == 0:
            return np.zeros(0, dtype=np.float32)
        out = np.empty(len(self.blocks) * BLOCK_ROWS, dtype=np.float32)
        for k, block in enumerate(self.blocks):
            np.matmul(block, query, out=out[k * BLOCK_ROWS : (k + 1) * BLOCK_ROWS])
        return out[: self.rows]

    def take(self, rows: npt.NDArray[np.int64]) -> VectorBlocks:
        """A new store holding `rows` (in order), copied block by block."""
        fresh = VectorBlocks(self.dimension)
        for start in range(0, len(rows), BLOCK_ROWS):
            chunk = rows[start : start + BLOCK_ROWS]
            block = np.zeros((BLOCK_ROWS, self.dimension), dtype=np.float32)
            for k, i in enumerate(chunk):
                block[k] = self.row(int(i))
            fresh.blocks.append(block)
        fresh.rows = len(rows)
        return fresh

    def as_arrays(self) -> dict[str, Matrix]:
        """For saving: one array a block (the last one trimmed), no joined copy."""
        out: dict[str, Matrix] = {}
        for k, block in enumerate(self.blocks):
            used = min(BLOCK_ROWS, self.rows - k * BLOCK_ROWS)
            out[f"vectors_{k:05d}"] = block[:used]
        return out

    @classmethod
    def from_arrays(cls, dimension: int, arrays: list[Matrix]) -> VectorBlocks:
        fresh = cls(dimension)
        for part in arrays:
            block = np.zeros((BLOCK_ROWS, dimension), dtype=np.float32)
            block[: len(part)] = part
            fresh.blocks.append(block)
            fresh.rows += len(part)
        return fresh
