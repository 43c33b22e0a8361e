"""The whole journey through HTTP: demand → publish → proposal → engage → review → designation
→ demonstration → replicable, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import transaction
from backend.review.models import Notice
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import demand_body, register, solution_body, staff


def end_notice_now(factory: sessionmaker[Session], application_id: int) -> None:
    """Time passes: the 公示 period is over."""
    with transaction(factory) as session:
        notice = session.scalar(select(Notice).where(Notice.application_id == application_id))
        assert notice is not None
        notice.ends_at = datetime.now(UTC) - timedelta(minutes=1)


@BOTH_DATABASES
def test_demand_goes_all_the_way_to_a_replicable_scenario(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"], org_name="常州晶联半导体材料有限公司")
    provider = register(client, ["provider"], org_name="南京未来网络研究院")
    official = staff(client, session_factory, "official")
    experts = [staff(client, session_factory, "expert", org="江苏省专家库") for _ in range(3)]

    r = publisher.post("/api/v1/demands", demand_body())
    assert r.status_code == 201, r.text
    demand = r.json()
    assert demand["status"] == "draft"
    assert publisher.post(f"/api/v1/demands/{demand['id']}/submit").json()["status"] == "submitted"
    # not public before the official's pre-check
    assert client.get(f"/api/v1/public/demands/{demand['id']}").status_code == 404
    assert official.post(f"/api/v1/demands/{demand['id']}/publish").json()["status"] == "published"

    found = client.get("/api/v1/public/demands", params={"q": "储能电站热失控"}).json()
    assert [d["id"] for d in found["items"]] == [demand["id"]]
    assert found["facets"]["field"] == [{"value": "新型储能", "count": 1}]

    solution = provider.post("/api/v1/solutions", solution_body()).json()
    r = provider.post(
        f"/api/v1/demands/{demand['id']}/proposals",
        {
            "solution_id": solution["id"],
            "summary": "分两期部署多传感预警系统，先试点 3 座电站。",
            "price_wan": 180,
            "timeline_months": 10,
        },
    )
    assert r.status_code == 201, r.text
    matches = publisher.get(f"/api/v1/demands/{demand['id']}/matches").json()
    assert len(matches) == 1 and matches[0]["origin"] == "proposal"
    match_id = matches[0]["match_id"]
    assert matches[0]["solution"]["title"] == solution["title"]

    first = publisher.post(f"/api/v1/matches/{match_id}/engage").json()
    assert first["status"] == "proposed" and first["demand_engaged"]
    assert publisher.post(f"/api/v1/matches/{match_id}/engage").status_code == 409
    assert provider.post(f"/api/v1/matches/{match_id}/engage").json()["status"] == "engaged"

    r = publisher.post(
        "/api/v1/applications",
        {
            "match_id": match_id,
            "pilot_plan": "在常州两座储能站先行试点，6 个月连续运行后评估预警准确率。",
        },
    )
    assert r.status_code == 201, r.text
    app_id = r.json()["id"]
    assert r.json()["status"] == "submitted"

    r = official.post(
        f"/api/v1/applications/{app_id}/preliminary-review",
        {"decision": "pass", "comment": "材料齐全"},
    )
    assert r.json()["status"] == "expert_review", r.text
    r = official.post(
        f"/api/v1/applications/{app_id}/experts", {"expert_ids": [e.id for e in experts]}
    )
    assert r.status_code == 200, r.text
    # not enough scores yet: no notice
    assert official.post(f"/api/v1/applications/{app_id}/notice", {"days": 5}).status_code == 409
    for e in experts:
        r = e.post(
            f"/api/v1/applications/{app_id}/scores",
            {
                "innovation": 85,
                "advancement": 80,
                "feasibility": 90,
                "replicability": 75,
                "benefit": 88,
                "comment": "方案可行",
            },
        )
        assert r.status_code == 201, r.text
    r = official.post(f"/api/v1/applications/{app_id}/notice", {"days": 5})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "public_notice"
    notices = client.get("/api/v1/public/notices").json()
    assert len(notices) == 1 and notices[0]["is_open"]
    # designation waits for the notice to end
    assert official.post(f"/api/v1/applications/{app_id}/designate").status_code == 409
    end_notice_now(session_factory, app_id)
    r = official.post(f"/api/v1/applications/{app_id}/designate")
    assert r.status_code == 201, r.text
    scenario = r.json()
    assert scenario["stage"] == "piloting" and scenario["city"] == "苏州市"

    r = official.post(
        f"/api/v1/scenarios/{scenario['id']}/advance",
        {"to": "demonstration", "outcomes": "连续运行 6 个月，预警提前 42 分钟。"},
    )
    assert r.json()["stage"] == "demonstration", r.text
    r = official.post(
        f"/api/v1/scenarios/{scenario['id']}/advance",
        {"to": "replicable", "adopters": ["无锡市", "盐城市"]},
    )
    assert r.json()["stage"] == "replicable", r.text

    # the demand's public page leads to its scenario, at the stage it has reached
    page = client.get(f"/api/v1/public/demands/{demand['id']}").json()
    assert [(s["id"], s["stage"]) for s in page["scenarios"]] == [(scenario["id"], "replicable")]
    catalogue = client.get("/api/v1/public/scenarios").json()
    assert [s["id"] for s in catalogue] == [scenario["id"]]
    assert catalogue[0]["adopters"] == ["无锡市", "盐城市"]
    dash = official.get("/api/v1/dashboard").json()
    assert dash["progress"]["scenarios"] == 1 and dash["progress"]["demonstrations"] == 1
    assert [s["count"] for s in dash["funnel"]] == [1, 1, 1, 1, 1, 1]
    assert dash["median_days_to_engagement"] is not None

    history = official.get(
        "/api/v1/audit", params={"object_type": "application", "object_id": app_id}
    ).json()
    assert [(e["from_state"], e["to_state"]) for e in history if e["action"] != "score"] == [
        (None, "submitted"),
        ("submitted", "expert_review"),
        ("expert_review", "expert_review"),
        ("expert_review", "public_notice"),
        ("public_notice", "designated"),
    ]
