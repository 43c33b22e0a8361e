"""Vectors by (model, sha256 of the text) in a SQLite file: unchanged text is never re-encoded."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

RECENT = 20_000  # vectors kept in memory (about 40 MB at 512 dimensions)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path | None) -> None:
        """`None` keeps the cache in memory (tests, benchmarks)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB,"
            " PRIMARY KEY (model, hash))"
        )
        self._lock = threading.Lock()
        # recent vectors stay in memory: explanations look up the same keywords again and again
        self._recent: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        out: dict[str, npt.NDArray[np.float32]] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for h in unique:
                vec = self._recent.get((model, h))
                if vec is not None:
                    self._recent.move_to_end((model, h))
                    out[h] = vec
            todo = [h for h in unique if h not in out]
            for i in range(0, len(todo), 500):
                chunk = todo[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})",
                    [model, *chunk],
                )
                for h, blob in rows:
                    out[h] = np.frombuffer(blob, dtype=np.float32)
                    self._remember(model, h, out[h])
        self.hits += len(out)
        self.misses += len(unique) - len(out)
        return out

    def put_many(self, model: str, items: Iterable[tuple[str, npt.NDArray[np.float32]]]) -> None:
        items = [(h, np.asarray(v, dtype=np.float32)) for h, v in items]
        rows = [(model, h, v.tobytes()) for h, v in items]
        with self._lock:
            for h, v in items:
                self._remember(model, h, v)
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
            self._db.commit()

    def _remember(self, model: str, h: str, vector: npt.NDArray[np.float32]) -> None:
        self._recent[(model, h)] = vector
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)

    def clear_model(self, keep: str) -> None:
        """Forget vectors of every model but `keep` (after a model change)."""
        with self._lock:
            self._db.execute("DELETE FROM vectors WHERE model <> ?", (keep,))
            self._recent = OrderedDict((k, v) for k, v in self._recent.items() if k[0] == keep)
            self._db.commit()

    def close(self) -> None:
        self._db.close()
