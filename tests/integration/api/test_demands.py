"""Demands: the pre-check loop, who sees what, deletion of drafts, public search with facets."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.fixtures.api import demand_body, register, staff


def test_returned_demand_is_edited_and_resubmitted_with_its_history(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    d = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{d['id']}/submit")
    queue = official.get("/api/v1/demands", params={"status": "submitted"}).json()
    assert [x["id"] for x in queue["items"]] == [d["id"]]
    returned = official.post(f"/api/v1/demands/{d['id']}/return", {"reason": "请补充量化指标"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "请补充量化指标"
    edited = publisher.patch(f"/api/v1/demands/{d['id']}", {"budget_max_wan": 300})
    assert edited.status_code == 200 and edited.json()["budget_max_wan"] == 300
    assert publisher.post(f"/api/v1/demands/{d['id']}/submit").json()["status"] == "submitted"
    history = publisher.get("/api/v1/audit", params={"object_type": "demand", "object_id": d["id"]})
    assert [e["action"] for e in history.json()] == [
        "create",
        "submit",
        "return",
        "update",
        "submit",
    ]
    assert history.json()[2]["actor_name"] == official.user["display_name"]


def test_a_published_demand_cannot_be_edited_or_deleted(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    d = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{d['id']}/submit")
    official.post(f"/api/v1/demands/{d['id']}/publish")
    assert (
        publisher.patch(f"/api/v1/demands/{d['id']}", {"title": "改个标题试试看"}).status_code
        == 409
    )
    assert client.delete(f"/api/v1/demands/{d['id']}", headers=publisher.headers).status_code == 409


def test_drafts_are_private_to_their_organization(client: TestClient) -> None:
    owner = register(client, ["publisher"])
    other = register(client, ["publisher"])
    d = owner.post("/api/v1/demands", demand_body()).json()
    assert other.get(f"/api/v1/demands/{d['id']}").status_code == 404
    assert client.get(f"/api/v1/demands/{d['id']}").status_code == 404
    assert (
        other.get("/api/v1/audit", params={"object_type": "demand", "object_id": d["id"]}).json()
        == []
    )
    assert client.delete(f"/api/v1/demands/{d['id']}", headers=owner.headers).status_code == 204
    assert owner.get("/api/v1/demands", params={"mine": True}).json()["total"] == 0


def test_public_search_filters_and_counts_facets(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    bodies = [
        demand_body(),
        demand_body(
            title="氢燃料电池重卡加氢站安全监测",
            field="氢能",
            region="盐城市",
            trl_required=8,
            keywords=["氢燃料电池", "加氢站"],
            description="港区 40 辆氢燃料电池重卡配套两座加氢站，需要泄漏监测与联动切断，响应时间小于 1 秒。",
        ),
        demand_body(
            title="碳化硅功率模块封装可靠性提升",
            field="第三代半导体",
            region="常州高新区",
            trl_required=5,
            keywords=["碳化硅", "封装"],
            description="车规级碳化硅模块在功率循环试验中焊层开裂，希望改进烧结银工艺使寿命提升一倍。",
        ),
    ]
    for body in bodies:
        d = publisher.post("/api/v1/demands", body).json()
        publisher.post(f"/api/v1/demands/{d['id']}/submit")
        official.post(f"/api/v1/demands/{d['id']}/publish")
    hydrogen = client.get("/api/v1/public/demands", params={"q": "加氢站泄漏"}).json()
    assert [d["title"] for d in hydrogen["items"]] == ["氢燃料电池重卡加氢站安全监测"]
    by_trl = client.get("/api/v1/public/demands", params={"trl_max": 6}).json()
    assert by_trl["total"] == 2
    by_field = client.get("/api/v1/public/demands", params={"field": "氢能"}).json()
    assert by_field["total"] == 1
    # disjunctive facets: the field facet still counts the other fields
    assert {f["value"]: f["count"] for f in by_field["facets"]["field"]} == {
        "新型储能": 1,
        "氢能": 1,
        "第三代半导体": 1,
    }
    assert {f["value"] for f in by_field["facets"]["region"]} == {"盐城市"}
    nothing = client.get("/api/v1/public/demands", params={"q": "量子密钥分发"}).json()
    assert nothing["total"] == 0 and nothing["items"] == []
