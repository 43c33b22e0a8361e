"""The Meilisearch adapter's HTTP behaviour, against scripted responses (no server here)."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from matching import Query
from matching.index.meilisearch import MeilisearchError, MeilisearchIndex
from tests.fixtures.fake_meilisearch import FakeMeilisearch


def test_errors_carry_meilisearch_own_code() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403, json={"code": "invalid_api_key", "message": "The provided API key is invalid."}
        )

    with pytest.raises(MeilisearchError) as caught:
        MeilisearchIndex("http://m", "wrong", "demands", 4, transport=httpx.MockTransport(refuse))
    assert caught.value.code == "invalid_api_key" and caught.value.status == 403


def test_a_failed_task_raises_with_the_task_error_code() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/tasks/"):
            error = {"code": "invalid_settings_embedders", "message": "bad"}
            return httpx.Response(200, json={"uid": 1, "status": "failed", "error": error})
        if request.method == "GET":
            return httpx.Response(200, json={"uid": "demands"})
        return httpx.Response(202, json={"taskUid": 1, "status": "enqueued"})

    with pytest.raises(MeilisearchError) as caught:
        MeilisearchIndex("http://m", None, "demands", 4, transport=httpx.MockTransport(handle))
    assert caught.value.code == "invalid_settings_embedders"


def test_filter_values_are_quoted_and_new_filter_attributes_are_declared() -> None:
    fake = FakeMeilisearch()
    sent: list[dict[str, object]] = []
    inner = fake.transport()

    def spy(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/search"):
            sent.append(json.loads(request.content))
        return inner.handle_request(request)

    index = MeilisearchIndex("http://m", None, "sol", 4, transport=httpx.MockTransport(spy))
    index.search(Query("储能", np.ones(4, np.float32) / 2, 5, filters={"org": 'say "hi"'}))
    assert sent[0]["filter"] == ['org = "say \\"hi\\""']
    assert "org" in fake.settings["sol"]["filterableAttributes"]
    assert fake.settings["sol"]["embedders"]["default"]["source"] == "userProvided"
