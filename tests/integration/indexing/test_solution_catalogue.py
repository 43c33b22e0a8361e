"""The solution catalogue (技术供给清单), solution pages and organization profiles: a provider
chooses per solution who sees it; search ranks with the matcher's engine in Chinese and English;
facets agree with the results; a solution page lists the demands it was engaged on; a profile
shows an organization's public work and nothing else; public ids open nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.integration.indexing.conftest import factory_of, runtime_of

pytestmark = BOTH_DATABASES

HYDROGEN = solution_body(
    title="港口氢燃料电池集卡动力系统与加氢站运维",
    description="120 kW 氢燃料电池动力系统用于港区集卡，配套 35 MPa 加氢站运维方案，"
    "已在连云港港区运行 18 个月，百公里氢耗 8.5 千克。",
    fields=["氢能"],
    industries=["交通"],
    trl=8,
    regions_served=["连云港市", "南通市"],
    price_min_wan=300,
    price_max_wan=900,
    keywords=["氢燃料电池", "加氢站", "集卡"],
    visibility="public",
)
STORAGE = solution_body(visibility="public", trl=7, price_min_wan=60)  # 储能 gas sensing, 江苏省
SIC = solution_body(
    title="碳化硅功率模块银烧结封装工艺",
    description="面向新能源汽车主驱的碳化硅功率模块，采用银烧结与铜线键合，结温 175℃ 下"
    "功率循环寿命提高三倍，可驻场导入客户产线。",
    fields=["第三代半导体"],
    industries=["制造"],
    trl=6,
    regions_served=["无锡市"],
    price_min_wan=150,
    price_max_wan=400,
    keywords=["碳化硅", "银烧结", "功率模块"],
    visibility="members",
)


def create(provider: Actor, body: dict[str, Any]) -> int:
    r = provider.post("/api/v1/solutions", body)
    assert r.status_code == 201, r.text
    assert r.json()["visibility"] == body["visibility"]
    return int(r.json()["id"])


@pytest.fixture
def catalogue(wclient: TestClient) -> dict[str, Any]:
    port = register(wclient, ["provider"], org_name="连云港港口氢能装备有限公司", region="连云港市")
    lab = register(wclient, ["provider"], org_name="无锡宽禁带半导体研究院", region="无锡市")
    ids = {
        "hydrogen": create(port, HYDROGEN),
        "storage": create(port, STORAGE),
        "sic": create(lab, SIC),
    }
    runtime_of(wclient).drain(factory_of(wclient))
    return {"ids": ids, "port": port, "lab": lab}


def page_of(client: TestClient | Actor, **params: Any) -> dict[str, Any]:
    r = client.get("/api/v1/public/solutions", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def ids_of(page: dict[str, Any]) -> list[int]:
    return [int(s["id"]) for s in page["items"]]


def test_anonymous_readers_see_public_solutions_only(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    ids, lab = catalogue["ids"], catalogue["lab"]
    anonymous = page_of(wclient)
    assert set(ids_of(anonymous)) == {ids["hydrogen"], ids["storage"]}
    assert anonymous["total"] == 2
    assert wclient.get(f"/api/v1/public/solutions/{ids['sic']}").status_code == 404
    assert ids["sic"] not in ids_of(page_of(wclient, q="碳化硅"))
    # a logged-in user sees the members-only one too
    reader = register(wclient, ["publisher"])
    assert set(ids_of(page_of(reader))) == set(ids.values())
    assert reader.get(f"/api/v1/public/solutions/{ids['sic']}").status_code == 200
    # the provider makes it public; then everyone sees it
    r = lab.client.patch(
        f"/api/v1/solutions/{ids['sic']}", json={"visibility": "public"}, headers=lab.headers
    )
    assert r.status_code == 200, r.text
    assert wclient.get(f"/api/v1/public/solutions/{ids['sic']}").status_code == 200
    # a deleted solution is nobody's
    assert (
        lab.client.delete(f"/api/v1/solutions/{ids['sic']}", headers=lab.headers).status_code == 204
    )
    assert reader.get(f"/api/v1/public/solutions/{ids['sic']}").status_code == 404
    assert ids["sic"] not in ids_of(page_of(reader))


def test_visibility_must_be_one_of_the_two_choices(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    r = catalogue["port"].post("/api/v1/solutions", {**STORAGE, "visibility": "everyone"})
    assert r.status_code == 422
    assert any(e["field"] == "visibility" for e in r.json()["errors"]), r.text
    r = catalogue["port"].patch(
        f"/api/v1/solutions/{catalogue['ids']['storage']}", {"visibility": None}
    )
    assert r.status_code == 422


def test_search_ranks_by_the_matcher_in_chinese_and_english(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    ids = catalogue["ids"]
    reader = register(wclient, ["publisher"])
    for q, wanted in (
        ("氢能", "hydrogen"),
        ("氢", "hydrogen"),
        ("hydrogen fuel cell", "hydrogen"),
        ("储能安全", "storage"),
        ("碳化硅", "sic"),
        ("SiC", "sic"),
    ):
        page = page_of(reader, q=q)
        assert not page["nearest"], q
        assert ids_of(page)[0] == ids[wanted], q
        assert page["sort"] == "relevance"
    hydrogen = page_of(reader, q="加氢站")
    assert "加氢站" in hydrogen["highlights"][str(ids["hydrogen"])]


def test_a_query_with_no_fit_offers_the_nearest(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    page = page_of(wclient, q="宫颈癌筛查人工智能辅助诊断")
    assert page["nearest"] is True
    assert page["items"], "the nearest solutions are offered instead of an empty page"


def test_filters_sort_and_facets_agree(wclient: TestClient, catalogue: dict[str, Any]) -> None:
    ids = catalogue["ids"]
    reader = register(wclient, ["publisher"])
    everything = page_of(reader)
    fields = {f["value"]: f["count"] for f in everything["facets"]["field"]}
    assert fields == {"氢能": 1, "新型储能": 1, "第三代半导体": 1}
    # the province-wide one serves every city; the hydrogen one serves 南通
    regions = {f["value"]: f["count"] for f in everything["facets"]["region"]}
    assert regions["南通市"] == 2 and regions["无锡市"] == 2 and regions["苏州市"] == 1
    nantong = page_of(reader, region="南通市")
    assert set(ids_of(nantong)) == {ids["hydrogen"], ids["storage"]}
    assert nantong["total"] == regions["南通市"]
    mature = page_of(reader, trl_min=7, sort="trl")
    assert ids_of(mature) == [ids["hydrogen"], ids["storage"]]
    trls = {f["value"]: f["count"] for f in mature["facets"]["trl"]}
    assert trls == {"8": 1, "7": 1, "6": 1}  # the trl facet ignores its own filter
    cheap = page_of(reader, sort="price")
    assert ids_of(cheap) == [ids["storage"], ids["sic"], ids["hydrogen"]]
    assert page_of(reader, price_max=100)["total"] == 1
    assert wclient.get("/api/v1/public/solutions", params={"sort": "budget"}).status_code == 422


def test_a_solution_page_lists_the_demands_it_was_engaged_on(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    ids, port = catalogue["ids"], catalogue["port"]
    publisher = register(wclient, ["publisher"], org_name="南通港集团有限公司", region="南通市")
    official = staff(wclient, factory_of(wclient), "official")
    demand = publisher.post(
        "/api/v1/demands",
        demand_body(title="港区集卡氢能替代示范", field="氢能", industry="交通", region="南通市"),
    ).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    assert official.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200
    r = port.post(
        f"/api/v1/demands/{demand['id']}/proposals",
        {"solution_id": ids["hydrogen"], "summary": "首批 10 台集卡改装，配套撬装加氢站。"},
    )
    assert r.status_code == 201, r.text
    page = wclient.get(f"/api/v1/public/solutions/{ids['hydrogen']}").json()
    assert page["answered_demands"] == []  # a proposal alone is not public
    match_id = publisher.get(f"/api/v1/demands/{demand['id']}/matches").json()[0]["match_id"]
    publisher.post(f"/api/v1/matches/{match_id}/engage")
    assert port.post(f"/api/v1/matches/{match_id}/engage").json()["status"] == "engaged"
    page = wclient.get(f"/api/v1/public/solutions/{ids['hydrogen']}").json()
    assert [d["id"] for d in page["answered_demands"]] == [demand["id"]]
    assert page["organization"]["name"] == "连云港港口氢能装备有限公司"
    assert page["next_actions"] == []  # the public gets no actions
    owner_view = port.get(f"/api/v1/public/solutions/{ids['hydrogen']}").json()
    assert {a["action"] for a in owner_view["next_actions"]} >= {"edit", "delete"}
    assert "owner_id" not in page and "external_id" not in page


def test_an_organization_profile_shows_its_public_work_only(
    wclient: TestClient, catalogue: dict[str, Any]
) -> None:
    ids, port, lab = catalogue["ids"], catalogue["port"], catalogue["lab"]
    org_id = port.user["organization"]["id"]
    profile = wclient.get(f"/api/v1/public/organizations/{org_id}")
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["name"] == "连云港港口氢能装备有限公司" and body["region"] == "连云港市"
    assert {s["id"] for s in body["solutions"]} == {ids["hydrogen"], ids["storage"]}
    assert "uscc" not in body
    # an organization with nothing public stays closed to the public, open to logged-in users
    lab_org = lab.user["organization"]["id"]
    assert wclient.get(f"/api/v1/public/organizations/{lab_org}").status_code == 404
    inside = register(wclient, ["publisher"]).get(f"/api/v1/public/organizations/{lab_org}")
    assert [s["id"] for s in inside.json()["solutions"]] == [ids["sic"]]
    assert wclient.get("/api/v1/public/organizations/999999").status_code == 404
