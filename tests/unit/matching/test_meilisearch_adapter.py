"""The Meilisearch adapter over the official client, against the FAKE server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import numpy as np
import pytest

from matching import Hit, IndexDoc, Query
from matching.index.meilisearch import (
    MeilisearchError,
    MeilisearchIndex,
    MeilisearchTimeout,
    MeilisearchUnavailable,
)
from tests.fixtures.fake_meilisearch import FakeMeilisearch


@pytest.fixture
def fake() -> Iterator[FakeMeilisearch]:
    with FakeMeilisearch.running() as server:
        yield server


def doc(doc_id: str, text: str, **payload: object) -> IndexDoc:
    return IndexDoc(doc_id, text, np.full(4, 0.5, np.float32), payload)


def test_a_refusal_carries_meilisearch_own_code_and_status() -> None:
    with (
        FakeMeilisearch.running(api_key="right") as fake,
        pytest.raises(MeilisearchError) as caught,
    ):
        MeilisearchIndex(fake.url, "wrong", "demands", 4)
    assert caught.value.code == "invalid_api_key" and caught.value.status == 403


def test_a_failed_task_raises_with_the_task_error_code(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "demands", 4)
    error = {"code": "invalid_document_fields", "message": "bad field"}
    fake.scripted_tasks.append({"status": "failed", "error": error})
    with pytest.raises(MeilisearchError) as caught:
        index.upsert([doc("d1", "储能")])
    assert caught.value.code == "invalid_document_fields" and "bad field" in str(caught.value)


def test_a_canceled_task_is_a_failure_too(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "demands", 4)
    fake.scripted_tasks.append({"status": "canceled"})
    with pytest.raises(MeilisearchError) as caught:
        index.clear()
    assert caught.value.code == "task_canceled"


def test_a_task_that_never_finishes_is_a_task_timeout(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "demands", 4, task_timeout=0.2)
    fake.scripted_tasks.append({"status": "processing"})
    with pytest.raises(MeilisearchTimeout) as caught:
        index.delete(["d1"])
    assert caught.value.code == "task_timeout" and caught.value.status == 504


def test_a_refused_connection_is_the_communication_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(MeilisearchUnavailable) as caught:
        MeilisearchIndex(f"http://127.0.0.1:{port}", None, "demands", 4)
    assert isinstance(caught.value, MeilisearchError)
    assert caught.value.code == "communication_error" and caught.value.status == 503


def test_a_server_that_never_answers_is_a_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(MeilisearchTimeout) as caught:
            MeilisearchIndex(url, None, "demands", 4, timeout=0.5)
    assert caught.value.code == "timeout"


def test_the_index_is_created_with_a_user_provided_embedder(fake: FakeMeilisearch) -> None:
    MeilisearchIndex(fake.url, None, "sol", 4)
    settings = fake.settings["sol"]
    assert settings["embedders"] == {"default": {"source": "userProvided", "dimensions": 4}}
    assert "id" in settings["filterableAttributes"]
    MeilisearchIndex(fake.url, None, "sol", 4)  # opening it again keeps it
    assert list(fake.indexes) == ["sol"]


def test_filter_values_are_quoted_and_new_filter_attributes_are_declared(
    fake: FakeMeilisearch,
) -> None:
    index = MeilisearchIndex(fake.url, None, "sol", 4)
    assert "org" not in fake.settings["sol"]["filterableAttributes"]
    index.search(Query("储能", np.full(4, 0.5, np.float32), 5, filters={"org": 'say "hi"'}))
    assert fake.searches()[0]["filter"] == ['org = "say \\"hi\\""']
    assert "org" in fake.settings["sol"]["filterableAttributes"]


def test_both_sides_go_in_one_multi_search_with_user_vectors(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "sol", 4)
    index.search(Query("储能电站", np.ones(4, np.float32), 5, exclude_ids=frozenset({"x"})))
    keyword, dense = fake.searches()
    assert keyword["q"] and "vector" not in keyword
    assert dense["vector"] == [1.0, 1.0, 1.0, 1.0]
    assert dense["hybrid"] == {"embedder": "default", "semanticRatio": 1.0}
    assert keyword["filter"] == dense["filter"] == ['id != "x"']


def test_hits_are_typed_with_both_sides_evidence(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "sol", 4)
    index.upsert([doc("s1", "储能 电站", title="储能", fields=["能源"])])
    [hit] = index.search(Query("储能", np.ones(4, np.float32), 5))
    assert isinstance(hit, Hit)
    assert (hit.id, hit.keyword_rank, hit.dense_rank) == ("s1", 1, 1)
    assert hit.dense == pytest.approx(1.0) and hit.keyword > 0
    assert dict(hit.payload) == {"id": "s1", "title": "储能", "fields": ["能源"]}
    assert index.matched_terms(["储能", "课堂"], ["s1"]) == {"s1": ("储能",)}


def test_delete_sends_quoted_ids_and_vectors_come_back(fake: FakeMeilisearch) -> None:
    index = MeilisearchIndex(fake.url, None, "sol", 4)
    index.upsert([doc("a", "甲"), doc("b", "乙")])
    vector = index.vector("a")
    assert vector is not None and vector.tolist() == [0.5, 0.5, 0.5, 0.5]
    index.delete(["a"])
    deletion = next(r for r in fake.requests if r.path.endswith("/documents/delete"))
    assert deletion.body == {"filter": 'id IN ["a"]'}
    assert index.vector("a") is None and len(index) == 1
