"""The public demand search answers from the matcher: synonyms, English, one-character queries,
facets that agree with the results, sorting, highlighted words, the nearest demands when
nothing fits, and never a draft."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import demand_body, register, staff
from tests.integration.indexing.conftest import factory_of, runtime_of

pytestmark = BOTH_DATABASES

HYDROGEN = demand_body(
    title="港口氢燃料电池集卡示范运营",
    description="港区 40 台集卡改用氢燃料电池，需要加氢站配套与车辆运维方案，验证全年运营成本。",
    field="氢能",
    industry="交通",
    region="南通市",
    budget_max_wan=900,
    keywords=["氢燃料电池", "集卡", "加氢站"],
    deadline=(date.today() + timedelta(days=30)).isoformat(),
)
MINING = demand_body(
    title="露天矿无人驾驶矿卡编组运输",
    description="露天煤矿 20 台矿卡实现无人驾驶编组运输，要求全天候运行与远程接管。",
    field="无人驾驶",
    industry="制造",
    region="徐州市",
    budget_max_wan=500,
    keywords=["矿卡", "无人驾驶", "编组运输"],
    deadline=(date.today() + timedelta(days=200)).isoformat(),
)
STORAGE = demand_body()  # 储能电站热失控预警, 苏州市, 新型储能


def publish(client: TestClient, body: dict[str, Any]) -> int:
    publisher = register(client, ["publisher"])
    official = staff(client, factory_of(client), "official")
    d = publisher.post("/api/v1/demands", body).json()
    publisher.post(f"/api/v1/demands/{d['id']}/submit")
    assert official.post(f"/api/v1/demands/{d['id']}/publish").status_code == 200
    return int(d["id"])


@pytest.fixture
def published(wclient: TestClient) -> dict[str, int]:
    ids = {"hydrogen": publish(wclient, HYDROGEN), "mining": publish(wclient, MINING)}
    ids["storage"] = publish(wclient, STORAGE)
    draft_owner = register(wclient, ["publisher"])
    draft = draft_owner.post("/api/v1/demands", demand_body(title="氢能重卡加氢站草稿")).json()
    ids["draft"] = int(draft["id"])
    runtime_of(wclient).drain(factory_of(wclient))
    return ids


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/v1/public/demands", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def ids_of(page: dict[str, Any]) -> list[int]:
    return [int(d["id"]) for d in page["items"]]


def test_queries_find_their_demands_by_synonym_english_and_one_character(
    wclient: TestClient, published: dict[str, int]
) -> None:
    for q, wanted in (
        ("氢能", "hydrogen"),
        ("氢", "hydrogen"),
        ("hydrogen", "hydrogen"),
        ("自动驾驶", "mining"),
        ("autonomous driving", "mining"),
        ("储能安全", "storage"),
        ("交通", "hydrogen"),  # an industry the query names
        ("徐州", "mining"),  # a city
    ):
        page = search(wclient, q=q)
        assert not page["nearest"], q
        assert ids_of(page)[0] == published[wanted], q
        assert published["draft"] not in ids_of(page), q
    assert published["storage"] not in ids_of(search(wclient, q="氢"))


def test_facets_agree_with_the_ranked_results_and_filters_apply(
    wclient: TestClient, published: dict[str, int]
) -> None:
    page = search(wclient, q="氢")
    assert page["total"] == len(page["items"])
    assert sum(f["count"] for f in page["facets"]["field"]) == page["total"]
    assert {"value": "氢能", "count": 1} in page["facets"]["field"]
    filtered = search(wclient, q="氢", field="新型储能")
    assert filtered["items"] == [] and filtered["total"] == 0
    # the field facet counts without its own filter, so the way back is shown
    assert {"value": "氢能", "count": 1} in filtered["facets"]["field"]


def test_matched_words_come_back_for_highlighting(
    wclient: TestClient, published: dict[str, int]
) -> None:
    page = search(wclient, q="自动驾驶")
    words = page["highlights"][str(published["mining"])]
    assert "无人驾驶" in words  # the glossary's other name, as the demand writes it
    assert search(wclient)["highlights"] == {}


def test_sorting_by_newest_deadline_and_budget(
    wclient: TestClient, published: dict[str, int]
) -> None:
    assert search(wclient)["sort"] == "newest"
    newest = ids_of(search(wclient))
    assert newest == [published["storage"], published["mining"], published["hydrogen"]]
    by_deadline = ids_of(search(wclient, sort="deadline"))
    assert by_deadline[0] == published["hydrogen"] and by_deadline[-1] == published["mining"]
    assert ids_of(search(wclient, sort="budget"))[0] == published["hydrogen"]
    ranked = search(wclient, q="矿卡 氢燃料电池", sort="budget")
    assert ids_of(ranked) == [published["hydrogen"], published["mining"]]
    assert wclient.get("/api/v1/public/demands", params={"sort": "cheapest"}).status_code == 422


def test_a_query_that_fits_nothing_offers_the_nearest_demands(
    wclient: TestClient, published: dict[str, int]
) -> None:
    page = search(wclient, q="zzqx")
    assert page["nearest"] is True
    assert 0 < len(page["items"]) <= 5 and published["draft"] not in ids_of(page)


def test_a_demand_published_after_a_cached_search_is_found_by_it(
    wclient: TestClient, published: dict[str, int]
) -> None:
    before = search(wclient, q="海上风电")
    later = publish(
        wclient,
        demand_body(
            title="海上风电叶片无人机巡检",
            description="海上风电场 60 台风机叶片巡检，需要无人机自动识别裂纹。",
            keywords=["海上风电", "叶片", "无人机"],
        ),
    )
    runtime_of(wclient).drain(factory_of(wclient))
    after = search(wclient, q="海上风电")
    assert later not in ids_of(before) and ids_of(after)[0] == later
    assert ids_of(search(wclient, q="offshore wind"))[0] == later


def test_an_api_process_without_the_index_worker_loads_the_matcher_at_start_up(
    wclient: TestClient,
) -> None:
    # the first search must not wait for the model: it is loaded before the first request
    assert wclient.get("/api/v1/health").json()["search_index"] == "follows"
