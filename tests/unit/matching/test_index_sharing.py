"""One writer, any number of readers over one index folder: readers follow the writer's journal
and snapshots without writing anything, and a second writer in another process is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matching import EmbeddedIndex, IndexDoc, IndexLocked, Query

DIM = 8
ROOT = Path(__file__).resolve().parents[3]


def doc(doc_id: str, text: str, seed: int) -> IndexDoc:
    v = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return IndexDoc(doc_id, text, v / np.linalg.norm(v), {"n": seed})


def found(index: EmbeddedIndex, text: str) -> set[str]:
    return {h.id for h in index.search(Query(text, None, 10))}


def reader(folder: Path) -> EmbeddedIndex:
    return EmbeddedIndex(folder, DIM, read_only=True, refresh_seconds=0)


def test_a_reader_follows_appends_deletes_and_snapshots(tmp_path: Path) -> None:
    writer = EmbeddedIndex(tmp_path, DIM)
    writer.upsert([doc("sic", "碳化硅功率模块", 1)])
    follower = reader(tmp_path)
    assert found(follower, "碳化硅") == {"sic"}

    writer.upsert([doc("h2", "氢燃料电池重卡", 2), doc("gan", "氮化镓快充芯片", 3)])
    assert found(follower, "氢燃料电池 氮化镓") == {"h2", "gan"}
    writer.delete(["gan"])
    assert found(follower, "氮化镓") == set()

    writer.flush()  # a new snapshot generation; the journal starts again
    writer.upsert([doc("sic", "碳化硅衬底外延", 4)])  # a change after the snapshot
    assert found(follower, "衬底") == {"sic"} and found(follower, "功率模块") == set()
    assert len(follower) == len(writer) == 2
    np.testing.assert_array_equal(follower.vector("sic"), writer.vector("sic"))


def test_a_reader_waits_for_a_record_whose_vector_is_not_written_yet(tmp_path: Path) -> None:
    writer = EmbeddedIndex(tmp_path, DIM)
    writer.upsert([doc("sic", "碳化硅功率模块", 1)])
    follower = reader(tmp_path)
    lines, raw = tmp_path / "journal-0.jsonl", tmp_path / "journal-0.f32"
    vector = doc("h2", "氢能", 2).vector
    with lines.open("a", encoding="utf-8") as fh:  # the writer is between its two appends
        fh.write('{"op": "upsert", "id": "h2", "tokens": ["氢能"], "payload": "{}"}\n')
    assert found(follower, "氢能") == set()
    with raw.open("ab") as fh:
        fh.write(vector.tobytes())
    assert found(follower, "氢能") == {"h2"}


def test_a_reader_never_writes_the_folder(tmp_path: Path) -> None:
    writer = EmbeddedIndex(tmp_path, DIM)
    writer.upsert([doc("sic", "碳化硅功率模块", 1)])
    with (tmp_path / "journal-0.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"op": "upsert", "id": "half')  # torn: a writer would fold it away
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    follower = reader(tmp_path)
    follower.refresh()
    assert found(follower, "碳化硅") == {"sic"}
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    with pytest.raises(PermissionError):
        follower.upsert([doc("x", "氢能", 5)])


HOLD_LOCK = """
import sys
from pathlib import Path
from matching import EmbeddedIndex
index = EmbeddedIndex(Path(sys.argv[1]), 8)
print("holding", flush=True)
sys.stdin.readline()
"""


def test_a_second_writer_process_is_refused_until_the_first_one_ends(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(IndexLocked):
            EmbeddedIndex(tmp_path, DIM)
        assert len(reader(tmp_path)) == 0  # reading is always allowed
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    EmbeddedIndex(tmp_path, DIM).upsert([doc("sic", "碳化硅", 1)])  # free again


def test_a_reader_reloads_the_snapshot_only_when_the_writer_writes_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = EmbeddedIndex(tmp_path, DIM)
    writer.upsert([doc("sic", "碳化硅功率模块", 1)])
    writer.flush()
    follower = reader(tmp_path)
    loads: list[int] = []
    restore = EmbeddedIndex._restore
    # the follower's reloads only (the writer restores its own snapshot too)
    monkeypatch.setattr(
        EmbeddedIndex,
        "_restore",
        lambda self, snap: (self is follower and loads.append(1), restore(self, snap))[1],
    )
    for _ in range(3):
        follower.refresh()  # nothing new: two stat calls, no reload
    writer.upsert([doc("h2", "氢燃料电池重卡", 2)])
    assert found(follower, "氢燃料电池") == {"h2"}  # from the journal, still no reload
    assert loads == []
    writer.flush()
    follower.refresh()
    assert loads == [1] and found(follower, "碳化硅 氢燃料电池") == {"sic", "h2"}
    follower.refresh()
    assert loads == [1]
