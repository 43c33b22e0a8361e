"""The embedded engine's own guarantees, with small random vectors (no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matching import EmbeddedIndex, IndexDoc, Query

DIM = 8


def doc(doc_id: str, text: str, seed: int, **payload: object) -> IndexDoc:
    v = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return IndexDoc(doc_id, text, v / np.linalg.norm(v), payload)


CORPUS = [
    doc("sic", "车规级碳化硅功率模块封装与可靠性测试", 1, city="苏州"),
    doc("gan", "氮化镓快充芯片设计", 2, city="无锡"),
    doc("h2", "氢燃料电池重卡动力系统", 3, city="苏州"),
]


def test_bm25_ranks_the_exact_term_match_first() -> None:
    index = EmbeddedIndex(None, DIM)
    index.upsert(CORPUS)
    hits = index.search(Query("碳化硅模块", None, 5))
    assert [h.id for h in hits] == ["sic"] and hits[0].keyword_rank == 1


def test_filters_and_excluded_ids_narrow_both_sides() -> None:
    index = EmbeddedIndex(None, DIM)
    index.upsert(CORPUS)
    q = CORPUS[0].vector
    hits = index.search(
        Query("碳化硅 氢燃料电池", q, 5, filters={"city": "苏州"}, exclude_ids=frozenset({"sic"}))
    )
    assert {h.id for h in hits} == {"h2"}


def test_a_torn_journal_tail_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(CORPUS)
    with (tmp_path / "journal.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"op": "upsert", "id": "half-writ')  # a crash in the middle of a line
    reopened = EmbeddedIndex(tmp_path, DIM)
    assert len(reopened) == 3
    assert not (tmp_path / "journal.jsonl").exists()  # folded into a clean snapshot
    assert len(EmbeddedIndex(tmp_path, DIM)) == 3


def test_a_record_without_its_vector_is_dropped(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(CORPUS[:2])
    raw = (tmp_path / "journal-0.f32").read_bytes()
    (tmp_path / "journal-0.f32").write_bytes(raw[: 4 * DIM + 5])  # second vector cut short
    assert {h.id for h in EmbeddedIndex(tmp_path, DIM).search(Query("碳化硅 氮化镓"))} == {"sic"}


def test_rewrites_leave_tombstones_that_compaction_folds_away(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    for round_ in range(1200):  # past the tombstone threshold: a snapshot is written
        index.upsert([doc("sic", f"碳化硅模块 第{round_}版", round_)])
    assert len(index) == 1
    assert (tmp_path / "snapshot.json").exists()
    assert len(index._ids) < 1200  # the dead slots were folded away
    reopened = EmbeddedIndex(tmp_path, DIM)
    assert [h.id for h in reopened.search(Query("碳化硅"))] == ["sic"]


def test_another_dimension_empties_the_folder_for_a_reindex(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(CORPUS)
    index.flush()
    assert len(EmbeddedIndex(tmp_path, DIM * 2)) == 0
