"""Every value of the plan's vocabularies has an English name, and the API serves them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.common import taxonomy


def vocabulary() -> list[str]:
    return [
        *taxonomy.FIELDS,
        *taxonomy.INDUSTRIES,
        *taxonomy.REGIONS,
        taxonomy.PROVINCE,
        *(t.value for t in taxonomy.ScenarioTier),
        *(m.value for m in taxonomy.CooperationMode),
    ]


def test_every_value_has_an_english_name() -> None:
    missing = [v for v in vocabulary() if not taxonomy.ENGLISH.get(v, "").strip()]
    assert missing == []
    # English names are English: no Chinese character left in them
    assert [e for e in taxonomy.ENGLISH.values() if any("\u4e00" <= c <= "\u9fff" for c in e)] == []


def test_the_taxonomy_endpoint_serves_both_names(client: TestClient) -> None:
    body = client.get("/api/v1/taxonomy").json()
    assert body["fields"][0] == "第三代半导体"  # the stored value stays the Chinese code
    assert body["english"]["第三代半导体"] == "Third-generation semiconductors"
    assert set(vocabulary()) <= set(body["english"])
