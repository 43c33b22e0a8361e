"""What only the postgres engine has to show, on a REAL PostgreSQL with pgvector (a fresh
database per test): filters and exclusions done in SQL as `payload_matches` does them, the same
BM25 and cosines as the embedded engine, our tokens kept whole, reconnecting after the server
drops the connections, and clear errors when the server or pgvector is missing. The shared
contract is in test_index_contract.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from matching import EmbeddedIndex, Embedder, IndexDoc, Matcher, Query
from matching.index.base import Vector, payload_matches
from matching.index.postgres import PgvectorMissing, PostgresIndex, PostgresUnavailable
from matching.text import Tokenizer
from tests.integration.matching.test_matcher import DEMAND, SOLUTIONS

DIM = 8
SYSTEM_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"

TEXTS = [
    "储能电站电池热失控预警，储能电池气体与声学多传感器提前发现异常产气",
    "风电叶片无人机巡检，深度学习识别叶片裂纹与前缘腐蚀",
    "中小学课堂教学行为智能分析，统计学生抬头率",
    "Thermal runaway early warning for lithium battery energy storage stations",
    "城市道路PM2.5与噪声监测，网格化传感器与v1.0固件远程升级",
    "光伏电站组件热斑巡检，无人机红外成像识别热斑与隐裂",
    "港口集装箱自动识别与堆场调度优化",
    "储能变流器故障诊断与寿命预测",
]
PAYLOADS = [
    {"kind": "energy", "tags": ["battery", "all"], "trl": 7, "region": "无锡市"},
    {"kind": "wind", "tags": ["blade", "all"], "trl": 6},
    {"kind": "education", "tags": ["all"], "region": "南京市"},
    {"kind": "energy", "tags": ["battery"], "trl": "7"},
    {"kind": "city", "tags": [], "region": "苏州市"},
    {"kind": "energy", "tags": ["solar", "all"], "region": ["苏州市", "无锡市"]},
    {"tags": ["port", "all"]},
    {"kind": "energy", "tags": "battery"},
]


def unit(rng: np.random.Generator) -> Vector:
    v = rng.normal(size=DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def corpus() -> list[IndexDoc]:
    rng = np.random.default_rng(7)
    return [
        IndexDoc(f"doc{i}", text, unit(rng), payload)
        for i, (text, payload) in enumerate(zip(TEXTS, PAYLOADS, strict=True))
    ]


@pytest.fixture
def index(pgvector_url: str) -> Iterator[PostgresIndex]:
    index = PostgresIndex(pgvector_url, "docs", DIM)
    index.upsert(corpus())
    yield index
    index.close()


@pytest.mark.parametrize(
    "filters",
    [
        {"kind": "energy"},
        {"tags": "battery"},
        {"tags": "all", "kind": "energy"},
        {"region": "苏州市"},
        {"trl": "7"},  # a number is not the string: equality, as payload_matches has it
        {"missing": "x"},
    ],
)
def test_filters_in_sql_keep_exactly_what_payload_matches_keeps(
    index: PostgresIndex, filters: dict[str, str]
) -> None:
    docs = corpus()
    query = Query("储能 巡检 传感器", docs[0].vector, limit=30, filters=filters)
    found = {h.id for h in index.search(query)}
    assert found == {d.id for d in docs if payload_matches(d.payload, filters)}


def test_excluded_ids_are_left_out_on_both_sides(index: PostgresIndex) -> None:
    docs = corpus()
    excluded = frozenset({"doc0", "doc3"})
    hits = index.search(Query("储能电池预警", docs[0].vector, limit=30, exclude_ids=excluded))
    assert {h.id for h in hits} == {d.id for d in docs} - excluded


@pytest.mark.parametrize(
    "text", ["储能电池热失控预警", "无人机巡检叶片裂纹", "battery thermal warning", "热斑"]
)
def test_bm25_and_cosines_are_the_embedded_engines(index: PostgresIndex, text: str) -> None:
    embedded = EmbeddedIndex(None, DIM)
    embedded.upsert(corpus())
    vector = corpus()[2].vector
    ours = {h.id: h for h in index.search(Query(text, vector, limit=5))}
    theirs = {h.id: h for h in embedded.search(Query(text, vector, limit=5))}
    assert ours.keys() == theirs.keys()
    for doc_id, hit in ours.items():
        assert hit.keyword == pytest.approx(theirs[doc_id].keyword, rel=1e-5)
        # the embedded engine keeps its vectors as bfloat16 (8 significant bits), this one float32
        assert hit.dense == pytest.approx(theirs[doc_id].dense, abs=5e-3)
        assert (hit.keyword_rank, hit.dense_rank) == (
            theirs[doc_id].keyword_rank,
            theirs[doc_id].dense_rank,
        )
        assert hit.payload == theirs[doc_id].payload


def test_latin_compounds_are_found_and_matched(index: PostgresIndex) -> None:
    hits = index.search(Query("PM2.5 监测", None, 5))
    assert max(hits, key=lambda h: h.keyword).id == "doc4"
    assert index.matched_terms(["pm2.5", "v1.0", "叶片"], ["doc4"]) == {"doc4": ("pm2.5", "v1.0")}


class SplitOnSpaces(Tokenizer):
    """Tokens with punctuation inside, which PostgreSQL's parser would split or trim."""

    def tokens(self, text: str) -> list[str]:
        return text.lower().split()


def test_lexemes_are_exactly_the_tokenizers_tokens(pgvector_url: str) -> None:
    index = PostgresIndex(pgvector_url, "docs", DIM, tokenizer=SplitOnSpaces())
    try:
        index.upsert([IndexDoc("a", "CAR-T c++ o'brien", np.ones(DIM, np.float32))])
        assert [h.id for h in index.search(Query("", None, 5, terms=("car-t",)))] == ["a"]
        assert index.search(Query("", None, 5, terms=("car", "t", "c"))) == []
        assert index.matched_terms(["c++", "o'brien", "car"], ["a"]) == {"a": ("c++", "o'brien")}
    finally:
        index.close()


def test_reconnects_after_the_server_drops_its_connections(
    index: PostgresIndex, pgvector_url: str
) -> None:
    assert index.search(Query("储能", None, 5))
    with psycopg.connect(pgvector_url, autocommit=True) as admin:
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert dropped is not None and dropped[0] >= 1
    assert {h.id for h in index.search(Query("储能", None, 5))} >= {"doc0", "doc7"}
    assert len(index) == len(TEXTS)


def test_writes_keep_the_statistics_exact(index: PostgresIndex) -> None:
    docs = corpus()
    index.upsert([docs[0], docs[0], docs[1]])  # replaced, not added
    index.delete(["doc2", "doc2", "nobody"])
    assert len(index) == len(TEXTS) - 1
    embedded = EmbeddedIndex(None, DIM)
    embedded.upsert([d for d in docs if d.id != "doc2"])
    ours = {h.id: h.keyword for h in index.search(Query("储能 巡检", None, 10))}
    theirs = {h.id: h.keyword for h in embedded.search(Query("储能 巡检", None, 10))}
    assert ours == pytest.approx(theirs, rel=1e-5)
    index.clear()
    assert len(index) == 0 and index.vector("doc0") is None


def test_indexes_in_one_database_never_see_each_other(
    index: PostgresIndex, pgvector_url: str
) -> None:
    other = PostgresIndex(pgvector_url, "others", DIM)
    try:
        assert len(other) == 0 and other.search(Query("储能", corpus()[0].vector, 5)) == []
        other.upsert(corpus()[:1])
        assert len(index) == len(TEXTS) and len(other) == 1
    finally:
        other.close()


def test_another_dimension_starts_the_index_anew(index: PostgresIndex, pgvector_url: str) -> None:
    wider = PostgresIndex(pgvector_url, "docs", DIM * 2)
    try:
        assert len(wider) == 0
        vector = np.ones(DIM * 2, dtype=np.float32)
        wider.upsert([IndexDoc("new", "储能", vector)])
        assert wider.vector("new") == pytest.approx(vector)
    finally:
        wider.close()


def test_searches_and_writes_from_several_threads(index: PostgresIndex) -> None:
    docs = corpus()
    errors: list[BaseException] = []

    def search() -> None:
        try:
            for _ in range(20):
                assert index.search(Query("储能 巡检", docs[1].vector, 5))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(10):
        index.upsert(docs[:3])
    for t in threads:
        t.join()
    assert errors == [] and len(index) == len(TEXTS)


def test_an_unreachable_server_is_postgres_unavailable() -> None:
    with pytest.raises(PostgresUnavailable, match="cannot connect"):
        PostgresIndex("postgresql://postgres@127.0.0.1:1/none", "docs", DIM, connect_timeout=1)


def test_a_role_that_may_not_enable_pgvector_gets_a_clear_error(pgvector_url: str) -> None:
    with psycopg.connect(pgvector_url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS plain_user")
        admin.execute("CREATE ROLE plain_user LOGIN")
        database = admin.info.dbname
        admin.execute(f'GRANT ALL ON DATABASE "{database}" TO plain_user')
    with pytest.raises(PgvectorMissing, match="CREATE EXTENSION vector"):
        PostgresIndex(make_conninfo(pgvector_url, user="plain_user"), "docs", DIM)


def test_a_server_without_pgvector_gets_a_clear_error() -> None:
    try:
        with psycopg.connect(SYSTEM_POSTGRES, connect_timeout=2) as conn:
            has_it = conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
            ).fetchone()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL without pgvector at 127.0.0.1:5432 to try")
    if has_it:
        pytest.skip("the PostgreSQL at 127.0.0.1:5432 has pgvector")
    with pytest.raises(PgvectorMissing, match="has no pgvector extension"):
        PostgresIndex(SYSTEM_POSTGRES, "docs", DIM)


def test_the_matcher_ranks_alike_on_postgres_and_embedded(
    pgvector_url: str, embedder: Embedder
) -> None:
    embedded = Matcher(embedder, None)
    postgres = Matcher(embedder, None, engine="postgres", pg_url=pgvector_url)
    try:
        for matcher in (embedded, postgres):
            matcher.upsert_solutions(SOLUTIONS)
            matcher.upsert_demands([DEMAND])
        ours = postgres.rank_solutions(DEMAND, limit=5)
        theirs = embedded.rank_solutions(DEMAND, limit=5)
        assert [m.id for m in ours] == [m.id for m in theirs]
        assert [m.score for m in ours] == pytest.approx([m.score for m in theirs], abs=1e-3)
        assert ours[0].explanation == theirs[0].explanation
    finally:
        postgres.close()


def test_a_large_index_picks_keyword_candidates_by_cached_weights_and_scores_them_exactly(
    pgvector_url: str,
) -> None:
    """From 1,000 documents on, keyword candidates come from one sparse inner product per
    document over weights cached against a reference mean length; their scores are still the
    embedded engine's BM25, also after the mean length drifted and the weights were rebuilt."""
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(300)]

    def docs(first: int, n: int, length: int) -> list[IndexDoc]:
        return [
            IndexDoc(
                f"d{first + i}",
                " ".join(rng.choice(words, size=int(rng.integers(2, length)))),
                unit(rng),
            )
            for i in range(n)
        ]

    index = PostgresIndex(pgvector_url, "large", DIM, tokenizer=SplitOnSpaces())
    embedded = EmbeddedIndex(None, DIM, tokenizer=SplitOnSpaces())
    try:
        for batch in (docs(0, 1100, 30), docs(1100, 200, 90)):  # the second moves the mean
            index.upsert(batch)
            embedded.upsert(batch)
            query = Query("", None, limit=20, terms=("w1", "w7", "w42", "w99", "w150", "w299"))
            # the same hits and scores (ties may fall either way: float32 sums there)
            ours = {h.id: h.keyword for h in index.search(query)}
            theirs = {h.id: h.keyword for h in embedded.search(query)}
            assert len(ours) == 50 and ours == pytest.approx(theirs, rel=1e-5)
        with psycopg.connect(pgvector_url) as conn:
            row = conn.execute(
                "SELECT average, tokens::float8 / documents FROM scenariohub_search.indexes"
                " WHERE name = 'large'"
            ).fetchone()
        assert row is not None and row[0] == pytest.approx(row[1])  # rebuilt on the drift
    finally:
        index.close()
