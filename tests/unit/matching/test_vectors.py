"""Vectors stored as bfloat16 rank as their float32 products do; postings read without copying."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matching import EmbeddedIndex, IndexDoc, Query
from matching.index import snapshot
from matching.index.postings import Postings
from matching.index.vectors import (
    APPROX_MARGIN,
    BLOCK_ROWS,
    STORED,
    VectorBlocks,
    as_float32,
    to_bfloat16,
)

DIM = 64
# bfloat16 keeps 8 significant bits: a component moves by at most 2^-8 of itself
COMPONENT_RTOL = 2.0**-8


def stored(rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The float32 values of rows as the index stores them."""
    return as_float32(to_bfloat16(rows))


def unit_rows(n: int, seed: int = 0, clusters: int = 30) -> npt.NDArray[np.float32]:
    """Rows in tight clusters, so that many cosines are near-ties."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, DIM))
    rows = centres[rng.integers(0, clusters, n)] + rng.normal(0, 0.05, (n, DIM))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_bfloat16_bits_round_as_torch_does() -> None:
    import torch

    values = np.concatenate([unit_rows(50).ravel(), [0.0, -0.0, 1.0, -1.0, 1e-30, 3.0e38]])
    values = values.astype(np.float32)
    ours = to_bfloat16(values)
    theirs = torch.from_numpy(values).to(torch.bfloat16).view(torch.int16).numpy()
    np.testing.assert_array_equal(ours.view(np.int16), theirs)
    np.testing.assert_allclose(as_float32(ours), values, rtol=COMPONENT_RTOL, atol=1e-38)


def test_rows_are_kept_as_bfloat16_and_read_back_as_float32() -> None:
    rows = unit_rows(10)
    blocks = VectorBlocks(DIM)
    for row in rows:
        blocks.append(row)
    assert blocks.blocks[0].dtype == STORED
    assert blocks.row(3).dtype == np.float32
    np.testing.assert_allclose(blocks.row(3), rows[3], rtol=COMPONENT_RTOL)
    np.testing.assert_array_equal(blocks.take(np.array([7, 2])), stored(rows[[7, 2]]))
    out = io.BytesIO()
    blocks.write(out)
    assert len(out.getvalue()) == 10 * DIM * 2


def test_scores_span_the_mapped_base_and_several_blocks() -> None:
    rows = unit_rows(BLOCK_ROWS + 100, seed=1)
    blocks = VectorBlocks(DIM, to_bfloat16(rows[:50]))
    for row in rows[50:]:
        blocks.append(row)
    query = rows[7]
    kept = stored(rows)
    # the rough product rounds the query and its result to bfloat16 (see APPROX_MARGIN)
    np.testing.assert_allclose(blocks.dot(query), kept @ query, atol=APPROX_MARGIN / 2)
    picked = np.array([BLOCK_ROWS + 90, 3, 60, BLOCK_ROWS + 49])
    np.testing.assert_allclose(blocks.exact(query, picked), kept[picked] @ query, atol=1e-6)


def test_an_older_float16_base_is_scored_beside_bfloat16_blocks() -> None:
    rows = unit_rows(300, seed=4)
    blocks = VectorBlocks(DIM, rows[:100].astype(np.float16))
    for row in rows[100:]:
        blocks.append(row)
    query = rows[150]
    kept = np.concatenate([rows[:100].astype(np.float16).astype(np.float32), stored(rows[100:])])
    np.testing.assert_allclose(blocks.dot(query), kept @ query, atol=APPROX_MARGIN / 2)
    np.testing.assert_array_equal(blocks.take(np.array([5, 250])), kept[[5, 250]])


def test_bfloat16_rows_rank_as_their_float32_products() -> None:
    rows = unit_rows(3000)
    queries = unit_rows(20, seed=9)
    index = EmbeddedIndex(None, DIM)
    index.upsert([IndexDoc(f"d{i}", "", row) for i, row in enumerate(rows)])
    for query in queries:
        hits = index.search(Query("", query, limit=25))
        ranked = sorted((h for h in hits if h.dense_rank), key=lambda h: h.dense_rank or 0)
        products = stored(rows) @ query
        expected = [f"d{i}" for i in np.argsort(-products, kind="stable")[:50]]
        assert [h.id for h in ranked] == expected
        # against the float32 vectors they came from, only near-ties can swap (the rounding moves
        # a 64-dimension cosine by about 2e-4, rarely by more than 1e-3)
        original = rows @ query
        got = original[[int(h.id[1:]) for h in ranked]]
        assert np.all(np.diff(got) < 2e-3)
        assert set(np.flatnonzero(original > got[-1] + 2e-3)) <= {int(h.id[1:]) for h in ranked}
        for h in ranked:
            assert abs(h.dense - float(products[int(h.id[1:])])) < 1e-6


def test_a_snapshot_stores_bfloat16_and_older_float32_and_float16_ones_still_load(
    tmp_path: Path,
) -> None:
    rows = unit_rows(40)
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert([IndexDoc(f"d{i}", f"储能 第{i}号", row) for i, row in enumerate(rows)])
    index.flush()
    meta = snapshot.read_meta(tmp_path)
    assert meta is not None and meta["format"] == snapshot.FORMAT
    vectors = tmp_path / f"snapshot-{meta['generation']}.vectors"
    assert vectors.stat().st_size == 40 * DIM * 2
    index.close()
    # rewrite it as format 2 wrote it: float32 rows
    vectors.write_bytes(rows.tobytes())
    (tmp_path / "snapshot.json").write_text(json.dumps({**meta, "format": 2}), "utf-8")
    older = EmbeddedIndex(tmp_path, DIM)
    assert older._vectors.base.dtype == np.float32
    np.testing.assert_array_equal(older.vector("d5"), rows[5])
    assert older.search(Query("", rows[5], limit=3))[0].id == "d5"
    older.upsert([IndexDoc("new", "新的", rows[0])])
    older.flush()
    older.close()
    again = EmbeddedIndex(tmp_path, DIM)
    assert again._vectors.base.dtype == STORED and len(again) == 41
    np.testing.assert_allclose(again.vector("d5"), rows[5], rtol=COMPONENT_RTOL)
    again.close()
    # and as format 3 wrote it: float16 rows
    meta = snapshot.read_meta(tmp_path)
    assert meta is not None
    vectors = tmp_path / f"snapshot-{meta['generation']}.vectors"
    vectors.write_bytes(np.concatenate([rows, rows[:1]]).astype(np.float16).tobytes())
    (tmp_path / "snapshot.json").write_text(json.dumps({**meta, "format": 3}), "utf-8")
    half = EmbeddedIndex(tmp_path, DIM)
    assert half._vectors.base.dtype == np.float16
    assert half.search(Query("", rows[9], limit=3))[0].id == "d9"
    half.close()


def test_postings_added_after_a_read_are_seen_and_a_read_copies_nothing() -> None:
    postings = Postings(np.array([0, 4], np.int32), np.array([1, 2], np.uint16))
    postings.add(7, 3)
    first = postings.parts()
    assert [s.tolist() for s, _ in first] == [[0, 4], [7]]
    assert postings.parts()[1][0] is first[1][0]  # the tail is not rebuilt for a second read
    postings.add(9, 1)
    assert len(postings) == 4
    assert postings.arrays()[0].tolist() == [0, 4, 7, 9]
    assert postings.contains(np.array([4, 5, 9], np.int32)).tolist() == [True, False, True]
