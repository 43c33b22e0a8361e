"""The embedded engine's snapshot on disk: the large arrays as raw files that are memory-mapped on
open (nothing is read up front, nothing is copied), the small ones in an `.npz`, the names in JSON.

A snapshot is a generation of files (`snapshot-<n>.*`); `snapshot.json`, replaced last and
atomically, says which generation is current, so a crash while writing leaves the previous one
whole. Snapshots written before generations (vectors and postings inside `snapshot.npz`) still
load, into memory, and the next snapshot rewrites them in the new form.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from matching.index.mapped import copy_bytes
from matching.index.vectors import STORED, VectorBlocks

__all__ = ["Snapshot", "copy_bytes", "files", "load", "read_meta", "write"]

META = "snapshot.json"
LEGACY_ARRAYS = "snapshot.npz"
FORMAT = 4
GENERATIONS = 2  # the first format with generations of raw files
# raw files of a generation: suffix -> dtype; vectors are rows of `dimension` bfloat16 bits
# (float32 in format 2, float16 in format 3: both still load, and the next snapshot rewrites them)
RAW = {"vectors": STORED, "slots": np.int32, "tfs": np.uint16, "payloads": np.uint8}
OLDER_VECTORS = {2: np.float32, 3: np.float16}


@dataclass
class Snapshot:
    ids: list[str]
    terms: list[str]
    lengths: npt.NDArray[np.float32]
    offsets: npt.NDArray[np.int64]  # term k's postings are slots[offsets[k]:offsets[k + 1]]
    slots: npt.NDArray[np.int32]
    tfs: npt.NDArray[np.uint16]
    payload_ends: npt.NDArray[np.int64]  # document i's payload is blob[ends[i - 1]:ends[i]]
    payload_blob: npt.NDArray[np.uint8]
    vectors: VectorBlocks


def read_meta(folder: Path) -> dict[str, Any] | None:
    path = folder / META
    if not path.exists():
        return None
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def _mapped(path: Path, dtype: Any, count: int, width: int = 0) -> npt.NDArray[Any]:
    shape = (count, width) if width else (count,)
    if count == 0:
        return np.zeros(shape, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", shape=shape)


def load(folder: Path, meta: dict[str, Any]) -> Snapshot:
    dimension = int(meta["dimension"])
    n = len(meta["ids"])
    version = int(meta.get("format", 1))
    if version < GENERATIONS:
        with np.load(folder / LEGACY_ARRAYS) as data:
            arrays = {k: data[k] for k in data.files}
        parts = [arrays[k] for k in sorted(arrays) if k.startswith("vectors_")]
        vectors = VectorBlocks.from_arrays(dimension, parts)
        slots, tfs, blob = arrays["slots"], arrays["tfs"], arrays["payload_blob"]
    else:
        stem = f"snapshot-{int(meta['generation'])}"
        with np.load(folder / f"{stem}.npz") as data:
            arrays = {k: data[k] for k in data.files}
        counts = meta["counts"]
        raw = {
            kind: _mapped(
                folder / f"{stem}.{kind}",
                OLDER_VECTORS.get(version, dtype) if kind == "vectors" else dtype,
                int(counts[kind]),
                dimension if kind == "vectors" else 0,
            )
            for kind, dtype in RAW.items()
        }
        vectors = VectorBlocks(dimension, raw["vectors"])
        slots, tfs, blob = raw["slots"], raw["tfs"], raw["payloads"]
    assert vectors.rows == n, "snapshot vectors and ids disagree"
    return Snapshot(
        ids=list(meta["ids"]),
        terms=list(meta["terms"]),
        lengths=np.array(arrays["lengths"], dtype=np.float32),
        offsets=np.asarray(arrays["offsets"], dtype=np.int64),
        slots=slots,
        tfs=tfs,
        payload_ends=np.asarray(arrays["payload_ends"], dtype=np.int64),
        payload_blob=blob,
        vectors=vectors,
    )


Writer = Callable[[BinaryIO], int]


def write(
    folder: Path,
    meta: dict[str, Any],
    raw: dict[str, Writer],
    small: Callable[[], dict[str, npt.NDArray[Any]]],
) -> None:
    """Write a new generation: each `raw` writer streams its file and returns its item count,
    then the `small` arrays are saved."""
    old = read_meta(folder) or {}
    generation = int(old.get("generation", 0)) + 1
    stem = f"snapshot-{generation}"
    counts = {}
    for kind in RAW:
        with (folder / f"{stem}.{kind}").open("wb") as fh:
            counts[kind] = raw[kind](fh)
    with (folder / f"{stem}.npz").open("wb") as fh:
        np.savez(fh, allow_pickle=False, **small())
    meta = {**meta, "format": FORMAT, "generation": generation, "counts": counts}
    tmp = folder / f"{META}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    tmp.replace(folder / META)
    for path in list(files(folder)):
        if path.name != META and not path.name.startswith(f"{stem}."):
            path.unlink(missing_ok=True)  # an open memory map keeps its pages until it is dropped


def files(folder: Path) -> Iterable[Path]:
    """Every snapshot file in `folder`, of any generation."""
    yield from folder.glob("snapshot-*")
    for name in (META, LEGACY_ARRAYS, f"{META}.tmp"):
        if (folder / name).exists():
            yield folder / name
