"""A region-scoped official (here 苏州市) stays in the region: audit log, pre-check queue, demand
lists, review board, scenarios and dashboard. The public dashboard counts only what was published."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff
from tests.integration.api.test_concurrency import application_ready_for_designation

pytestmark = BOTH_DATABASES


class Province:
    """A published and a draft demand in 苏州 (one in a Suzhou park) and in 南京, and officials."""

    def __init__(self, client: TestClient, factory: sessionmaker[Session]) -> None:
        self.province = staff(client, factory, "official")
        self.suzhou = staff(client, factory, "official", org="苏州市科学技术局", region="苏州市")
        self.sz_pub = register(client, ["publisher"], region="苏州市")
        self.nj_pub = register(client, ["publisher"], region="南京市")
        self.sz = self.published(self.sz_pub, "苏州工业园区", "园区储能电站热失控预警")
        self.nj = self.published(self.nj_pub, "南京市", "南京地铁站台客流预测")
        self.sz_submitted = self.submitted(self.sz_pub, "苏州市", "苏州港口集装箱自动识别")
        self.nj_submitted = self.submitted(self.nj_pub, "南京市", "南京电网配电终端加密")

    def submitted(self, publisher: Actor, region: str, title: str) -> dict[str, Any]:
        d = publisher.post("/api/v1/demands", demand_body(title=title, region=region)).json()
        assert publisher.post(f"/api/v1/demands/{d['id']}/submit").status_code == 200
        return dict(d)

    def published(self, publisher: Actor, region: str, title: str) -> dict[str, Any]:
        d = self.submitted(publisher, region, title)
        assert self.province.post(f"/api/v1/demands/{d['id']}/publish").status_code == 200
        return d


def actions(body: dict[str, Any]) -> list[str]:
    return [a["action"] for a in body["next_actions"]]


def test_a_published_demand_offers_an_answer_to_providers_only(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    p = Province(client, session_factory)
    provider = register(client, ["provider"])
    url = f"/api/v1/public/demands/{p.sz['id']}"
    assert actions(provider.get(url).json()) == ["propose"]
    assert actions(client.get(url).json()) == []
    assert actions(p.sz_pub.get(url).json()) == ["close"]  # its publisher, not a provider


def test_a_city_official_reads_only_the_citys_audit_log(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    p = Province(client, session_factory)
    events = p.suzhou.get("/api/v1/audit").json()
    demand_ids = {e["object_id"] for e in events if e["object_type"] == "demand"}
    assert demand_ids == {p.sz["id"], p.sz_submitted["id"]}
    nanjing = p.suzhou.get(
        "/api/v1/audit", params={"object_type": "demand", "object_id": p.nj_submitted["id"]}
    )
    assert nanjing.json() == []
    everything = p.province.get("/api/v1/audit").json()
    assert {p.nj["id"], p.nj_submitted["id"]} <= {e["object_id"] for e in everything}


def test_the_pre_check_queue_and_next_actions_stay_in_the_city(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    p = Province(client, session_factory)
    queue = p.suzhou.get("/api/v1/demands", params={"status": "submitted"}).json()["items"]
    assert [d["id"] for d in queue] == [p.sz_submitted["id"]]
    assert [a["action"] for a in queue[0]["next_actions"]] == ["publish", "return"]
    assert p.suzhou.get(f"/api/v1/demands/{p.nj_submitted['id']}").status_code == 404
    r = p.suzhou.post(f"/api/v1/demands/{p.nj_submitted['id']}/publish")
    assert r.status_code == 404
    # the publisher is offered what the publisher may do, never the official's actions
    own = p.nj_pub.get(f"/api/v1/demands/{p.nj_submitted['id']}").json()
    assert [a["action"] for a in own["next_actions"]] == ["close"]


def test_a_city_official_compiles_and_publishes_only_city_lists(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    p = Province(client, session_factory)
    refused = p.suzhou.post(
        "/api/v1/demand-lists",
        {"title": "苏州市2026年第一批", "demand_ids": [p.sz["id"], p.nj["id"]]},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "outside_region"

    own = p.suzhou.post(
        "/api/v1/demand-lists", {"title": "苏州市2026年第一批", "demand_ids": [p.sz["id"]]}
    ).json()
    assert own["region"] == "苏州市"
    assert [a["action"] for a in own["next_actions"]] == ["publish", "export"]
    province_list = p.province.post(
        "/api/v1/demand-lists", {"title": "江苏省2026年第一批", "demand_ids": [p.nj["id"]]}
    ).json()
    assert province_list["region"] is None

    assert [row["id"] for row in p.suzhou.get("/api/v1/demand-lists").json()] == [own["id"]]
    assert p.suzhou.post(f"/api/v1/demand-lists/{province_list['id']}/publish").status_code == 404
    assert (
        p.suzhou.client.get(
            f"/api/v1/demand-lists/{province_list['id']}/export", headers=p.suzhou.headers
        ).status_code
        == 404
    )
    assert p.suzhou.post(f"/api/v1/demand-lists/{own['id']}/publish").status_code == 200
    # a published list is offered for download to everyone, anonymous visitors too
    public = client.get("/api/v1/public/demand-lists").json()
    assert [actions(row) for row in public] == [["export"]]
    assert p.suzhou.post(f"/api/v1/demand-lists/{own['id']}/publish").status_code == 409
    # the province official sees and may publish every list
    assert len(p.province.get("/api/v1/demand-lists").json()) == 2
    assert p.province.post(f"/api/v1/demand-lists/{province_list['id']}/publish").status_code == 200


def test_a_city_officials_dashboard_shows_the_city_and_the_province_on_request(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    Province(client, session_factory)
    city = client.get("/api/v1/dashboard", headers=_headers(client, session_factory, "苏州市"))
    p_city = city.json()
    assert p_city["scope_region"] == "苏州市"
    assert {b["name"] for b in p_city["by_city"]} == {"苏州市"}
    assert sum(b["demands"] for b in p_city["by_city"]) == 2
    p_province = client.get(
        "/api/v1/dashboard",
        params={"scope": "province"},
        headers=_headers(client, session_factory, "苏州市"),
    ).json()
    assert p_province["scope_region"] is None
    assert {b["name"] for b in p_province["by_city"]} == {"苏州市", "南京市"}


def _headers(client: TestClient, factory: sessionmaker[Session], region: str) -> dict[str, str]:
    return staff(client, factory, "official", org=f"{region}科学技术局", region=region).headers


def test_the_public_dashboard_counts_only_published_demands(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    p = Province(client, session_factory)
    withdrawn = p.sz_pub.post("/api/v1/demands", demand_body(title="撤回的草稿")).json()
    assert p.sz_pub.post(f"/api/v1/demands/{withdrawn['id']}/close").status_code == 200
    public = client.get("/api/v1/public/dashboard").json()
    counted = {b["name"]: (b["demands"], b["published"]) for b in public["by_city"]}
    # one published demand in each city; the submitted and the closed drafts are not there
    assert counted == {"苏州市": (1, 1), "南京市": (1, 1)}
    assert client.get(f"/api/v1/demands/{withdrawn['id']}").status_code == 404


def test_only_the_citys_officials_are_offered_and_may_advance_its_scenario(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    app_id, province = application_ready_for_designation(client, session_factory)
    scenario = province.post(f"/api/v1/applications/{app_id}/designate").json()
    assert scenario["region"] == "苏州市"
    nanjing = staff(client, session_factory, "official", org="南京市科学技术局", region="南京市")
    suzhou = staff(client, session_factory, "official", org="苏州市科学技术局", region="苏州市")
    url = f"/api/v1/public/scenarios/{scenario['id']}"
    assert actions(nanjing.get(url).json()) == []
    assert actions(suzhou.get(url).json()) == ["demonstration"]
    body = {"to": "demonstration", "outcomes": "两座储能站连续运行六个月，预警准确率 96%。"}
    refused = nanjing.post(f"/api/v1/scenarios/{scenario['id']}/advance", body)
    assert refused.status_code == 403
    assert suzhou.post(f"/api/v1/scenarios/{scenario['id']}/advance", body).status_code == 200
