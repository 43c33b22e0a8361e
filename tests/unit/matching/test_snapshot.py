"""The embedded engine's snapshot: memory-mapped after a restart, equal to the memory it came from,
and still able to read the older one-file form."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from matching import EmbeddedIndex, IndexDoc, Query
from matching.index import snapshot

DIM = 8


def docs(n: int, start: int = 0) -> list[IndexDoc]:
    out = []
    for i in range(start, start + n):
        v = np.random.default_rng(i).normal(size=DIM).astype(np.float32)
        words = ["碳化硅模块", "氮化镓芯片", "氢燃料电池", "储能系统"]
        out.append(
            IndexDoc(
                f"d{i}",
                f"{words[i % 4]} 第{i}号 {words[(i * 7) % 4]}",
                v / np.linalg.norm(v),
                {"n": i, "城市": "苏州" if i % 2 else "无锡"},
            )
        )
    return out


def ranking(index: EmbeddedIndex, query: Query) -> list[tuple[str, float, float]]:
    return [(h.id, round(h.keyword, 5), round(h.dense, 5)) for h in index.search(query)]


def test_a_reopened_snapshot_is_memory_mapped_and_searches_the_same(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(docs(40))
    query = Query("碳化硅 储能", docs(1, 99)[0].vector, 10)
    before = ranking(index, query)
    index.flush()
    reopened = EmbeddedIndex(tmp_path, DIM)
    assert isinstance(reopened._vectors.base, np.memmap)
    assert ranking(reopened, query) == before
    assert reopened.vector("d3") is not None
    # stored as bfloat16: a component keeps 8 significant bits
    assert np.allclose(reopened.vector("d3"), docs(40)[3].vector, rtol=2**-8, atol=0)  # type: ignore[arg-type]


def test_documents_added_after_a_snapshot_join_the_mapped_ones(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(docs(30))
    index.flush()
    reopened = EmbeddedIndex(tmp_path, DIM)
    reopened.upsert(docs(10, 30))
    reopened.delete(["d0"])
    memory = EmbeddedIndex(None, DIM)
    memory.upsert([d for d in docs(40) if d.id != "d0"])
    query = Query("氮化镓 氢燃料电池", docs(1, 77)[0].vector, 15)
    assert ranking(reopened, query) == ranking(memory, query)
    assert ranking(EmbeddedIndex(tmp_path, DIM), query) == ranking(memory, query)  # journal replay
    reopened.flush()  # folds the tombstone away, a new generation
    assert ranking(EmbeddedIndex(tmp_path, DIM), query) == ranking(memory, query)


def test_a_new_generation_replaces_the_old_files(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(docs(5))
    index.flush()
    index.upsert(docs(5, 5))
    index.flush()
    meta = snapshot.read_meta(tmp_path)
    assert meta is not None and meta["generation"] == 2
    names = {p.name for p in tmp_path.iterdir()}
    assert not any(name.startswith("snapshot-1.") for name in names)
    reopened = EmbeddedIndex(tmp_path, DIM)
    assert len(reopened) == 10
    assert [reopened.payload(f"d{i}") for i in (0, 4, 5, 9)] == [
        {"n": i, "城市": "苏州" if i % 2 else "无锡"} for i in (0, 4, 5, 9)
    ]
    assert np.allclose(reopened.vector("d7"), docs(1, 7)[0].vector, rtol=2**-8, atol=0)  # type: ignore[arg-type]


def test_a_snapshot_of_the_older_one_file_form_still_loads(tmp_path: Path) -> None:
    corpus = docs(12)
    fresh = EmbeddedIndex(None, DIM)
    fresh.upsert(corpus)
    query = Query("碳化硅", corpus[2].vector, 5)
    # the form written before generations: every array, vectors block by block, in one .npz
    slots, tfs, offsets, terms = [], [], [0], []
    for term, postings in fresh._postings.items():
        s, t = postings.arrays()
        terms.append(term)
        slots.append(s)
        tfs.append(t)
        offsets.append(offsets[-1] + len(s))
    payloads = [fresh._payload_bytes(i) for i in range(12)]
    np.savez(
        tmp_path / "snapshot.npz",
        lengths=fresh._lengths[:12],
        offsets=np.asarray(offsets, np.int64),
        slots=np.concatenate(slots),
        tfs=np.concatenate(tfs),
        payload_ends=np.cumsum([len(p) for p in payloads]),
        payload_blob=np.frombuffer(b"".join(payloads), np.uint8),
        vectors_00000=np.stack([d.vector for d in corpus]),
    )
    meta = {"dimension": DIM, "ids": [d.id for d in corpus], "terms": terms}
    (tmp_path / "snapshot.json").write_text(json.dumps(meta), "utf-8")
    legacy = EmbeddedIndex(tmp_path, DIM)
    assert ranking(legacy, query) == ranking(fresh, query)
    legacy.flush()  # nothing in the journal: the old form stays until the next snapshot
    legacy.upsert(docs(1, 50))
    legacy._snapshot()
    assert not (tmp_path / "snapshot.npz").exists()
    assert ranking(EmbeddedIndex(tmp_path, DIM), query) == ranking(legacy, query)


def test_clear_removes_every_generation(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path, DIM)
    index.upsert(docs(5))
    index.flush()
    index.clear()
    assert [p.name for p in tmp_path.iterdir()] == ["writer.lock"]  # held while the index is open
    assert len(EmbeddedIndex(tmp_path, DIM)) == 0
