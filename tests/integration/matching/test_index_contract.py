"""One contract for every search engine: the embedded index always; the postgres engine against
a REAL PostgreSQL with pgvector (tests/fixtures/pgvector_server.py, a fresh database per test);
the Meilisearch adapter (over the official client) against a FAKE server on 127.0.0.1
(tests/fixtures/fake_meilisearch.py: no server can be installed here) and against a real server
wherever MEILI_URL is set (skipped with the reason otherwise)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import meilisearch
import pytest

from matching import EmbeddedIndex, Embedder, IndexDoc, Query, SearchIndex
from matching.ranking.weights import RankerWeights
from matching.search import typed_search
from matching.text import default_tokenizer
from matching.text.glossary import Glossary
from matching.types import SearchResult
from tests.fixtures.fake_meilisearch import FakeMeilisearch

TEXTS = {
    "battery": "储能电站电池热失控预警，气体与声学多传感器提前发现异常产气",
    "blade": "风电叶片无人机巡检，深度学习识别裂纹与前缘腐蚀",
    "class": "中小学课堂教学行为智能分析，统计学生抬头率",
    "english": "Thermal runaway early warning for lithium battery energy storage",
}


@pytest.fixture(
    params=["embedded", "postgres", "meilisearch-FAKE-server", "meilisearch-real-server"]
)
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, embedder: Embedder
) -> Iterator[SearchIndex]:
    if request.param == "postgres":
        from matching.index.postgres import PostgresIndex

        index = PostgresIndex(
            request.getfixturevalue("pgvector_url"), "contract", embedder.dimension
        )
        yield index
        index.close()
        return
    if request.param == "meilisearch-FAKE-server":
        from matching.index.meilisearch import MeilisearchIndex

        with FakeMeilisearch.running(api_key="key") as fake:
            yield MeilisearchIndex(fake.url, "key", "contract", embedder.dimension)
            assert fake.settings["contract"]["embedders"]["default"]["source"] == "userProvided"
        return
    if request.param == "meilisearch-real-server":
        url = os.environ.get("MEILI_URL")
        if not url:
            pytest.skip(
                "MEILI_URL is not set: no Meilisearch server can be installed on this machine"
            )
        from matching.index.meilisearch import MeilisearchIndex

        key = os.environ.get("MEILI_API_KEY")
        uid = f"contract_{uuid.uuid4().hex[:8]}"
        yield MeilisearchIndex(url, key, uid, embedder.dimension)
        client = meilisearch.Client(url, key)
        client.wait_for_task(client.delete_index(uid).task_uid)
        return
    yield EmbeddedIndex(tmp_path / "index", embedder.dimension)


def docs(embedder: Embedder, names: list[str]) -> list[IndexDoc]:
    vectors = embedder.encode([TEXTS[n] for n in names])
    return [
        IndexDoc(
            n,
            TEXTS[n],
            vectors[i],
            {"kind": "energy" if n in ("battery", "english") else "other", "tags": [n, "all"]},
        )
        for i, n in enumerate(names)
    ]


def search(engine: SearchIndex, embedder: Embedder, text: str, **kw: object) -> list[str]:
    hits = engine.search(Query(text, embedder.encode([text])[0], **kw))  # type: ignore[arg-type]
    return [h.id for h in sorted(hits, key=lambda h: -(h.keyword / 10 + h.dense))]


def test_exact_terms_rank_first_on_the_keyword_side(
    engine: SearchIndex, embedder: Embedder
) -> None:
    engine.upsert(docs(embedder, ["battery", "blade", "class"]))
    hits = engine.search(Query("叶片裂纹", None, 5))
    best = max(hits, key=lambda h: h.keyword)
    assert best.id == "blade" and best.keyword_rank == 1
    assert "叶片" in engine.matched_terms(["叶片", "裂纹", "课堂"], ["blade"])["blade"]
    assert "课堂" not in engine.matched_terms(["叶片", "课堂"], ["blade"])["blade"]


def test_dense_side_finds_a_paraphrase_across_languages(
    engine: SearchIndex, embedder: Embedder
) -> None:
    engine.upsert(docs(embedder, ["english", "blade", "class"]))
    hits = engine.search(
        Query("锂电池储能热失控早期预警", embedder.encode(["锂电池储能热失控早期预警"])[0], 5)
    )
    assert max(hits, key=lambda h: h.dense).id == "english"


def test_upsert_replaces_and_delete_removes(engine: SearchIndex, embedder: Embedder) -> None:
    engine.upsert(docs(embedder, ["battery", "blade"]))
    changed = docs(embedder, ["class"])[0]
    engine.upsert([IndexDoc("battery", changed.text, changed.vector, changed.payload)])
    assert len(engine) == 2
    assert search(engine, embedder, "课堂教学")[0] == "battery"
    engine.delete(["battery"])
    assert "battery" not in search(engine, embedder, "课堂教学")
    assert engine.vector("battery") is None and engine.vector("blade") is not None


def test_filters_by_value_and_by_list_membership(engine: SearchIndex, embedder: Embedder) -> None:
    engine.upsert(docs(embedder, ["battery", "blade", "english"]))
    assert set(search(engine, embedder, "预警", filters={"kind": "energy"})) <= {
        "battery",
        "english",
    }
    assert search(engine, embedder, "巡检", filters={"tags": "blade"}) == ["blade"]


def test_clear_empties_the_index(engine: SearchIndex, embedder: Embedder) -> None:
    engine.upsert(docs(embedder, ["battery"]))
    engine.clear()
    assert len(engine) == 0 and engine.search(Query("储能", None, 5)) == []


def test_embedded_index_survives_a_restart_and_grows_incrementally(
    tmp_path: Path, embedder: Embedder
) -> None:
    first = EmbeddedIndex(tmp_path / "idx", embedder.dimension)
    first.upsert(docs(embedder, ["battery", "blade"]))
    first.delete(["blade"])
    first.upsert(docs(embedder, ["class"]))  # one more document: appended, not rebuilt
    assert not (tmp_path / "idx" / "snapshot.json").exists()
    reopened = EmbeddedIndex(tmp_path / "idx", embedder.dimension)
    assert len(reopened) == 2
    assert search(reopened, embedder, "课堂")[0] == "class"
    reopened.flush()
    assert (tmp_path / "idx" / "snapshot.json").exists()
    assert len(EmbeddedIndex(tmp_path / "idx", embedder.dimension)) == 2


def test_excluded_ids_are_left_out(engine: SearchIndex, embedder: Embedder) -> None:
    engine.upsert(docs(embedder, ["battery", "english", "blade"]))
    found = search(engine, embedder, "储能电池预警", exclude_ids=frozenset({"battery"}))
    assert "battery" not in found and "english" in found


def test_a_typed_search_works_alike_on_every_engine(
    engine: SearchIndex, embedder: Embedder
) -> None:
    """The public searches (`matching.search.typed_search`): the glossary's English name finds the
    Chinese text on the keyword side, a one-character query finds the names it is part of, the
    found words are whole words, and a query that fits nothing gets the nearest, flagged."""
    engine.upsert(docs(embedder, ["battery", "blade", "class"]))
    tokenizer = default_tokenizer()
    glossary = Glossary(tokenizer)

    def typed(text: str) -> SearchResult:
        return typed_search(
            engine,
            text=text,
            vector=embedder.encode([text])[0],
            tokenizer=tokenizer,
            glossary=glossary,
            weights=RankerWeights(),
            limit=10,
        )

    english = typed("thermal runaway")
    assert english.hits[0].id == "battery" and not english.nearest
    assert "热失控" in english.hits[0].words
    assert typed("储能").hits[0].id == "battery"
    none = typed("zzqx")
    assert none.nearest and len(none.hits) >= 1
