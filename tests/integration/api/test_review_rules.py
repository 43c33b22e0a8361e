"""The rules of the review: conflicts of interest, one score per expert, the 公示 and its
objections, rejection visible to both parties, officials scoped to a region."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.integration.api.test_journey import end_notice_now

SCORES = {
    "innovation": 90,
    "advancement": 85,
    "feasibility": 80,
    "replicability": 70,
    "benefit": 75,
}


class Stage:
    """A published demand, an engaged match and a submitted application."""

    def __init__(self, client: TestClient, factory: sessionmaker[Session]) -> None:
        self.client, self.factory = client, factory
        self.publisher = register(client, ["publisher"], org_name="无锡澄源综合能源服务有限公司")
        self.provider = register(client, ["provider"], org_name="东南大学储能安全实验室")
        self.official = staff(client, factory, "official")
        demand = self.publisher.post("/api/v1/demands", demand_body()).json()
        self.publisher.post(f"/api/v1/demands/{demand['id']}/submit")
        self.official.post(f"/api/v1/demands/{demand['id']}/publish")
        solution = self.provider.post("/api/v1/solutions", solution_body()).json()
        self.provider.post(
            f"/api/v1/demands/{demand['id']}/proposals",
            {"solution_id": solution["id"], "summary": "分两期建设的预警系统方案"},
        )
        self.match_id = self.publisher.get(f"/api/v1/demands/{demand['id']}/matches").json()[0][
            "match_id"
        ]
        self.publisher.post(f"/api/v1/matches/{self.match_id}/engage")
        self.provider.post(f"/api/v1/matches/{self.match_id}/engage")
        r = self.publisher.post(
            "/api/v1/applications",
            {
                "match_id": self.match_id,
                "pilot_plan": "在两座储能站试点运行六个月，按预警准确率和误报率评估后推广。",
            },
        )
        self.app_id = r.json()["id"]

    def url(self, tail: str = "") -> str:
        return f"/api/v1/applications/{self.app_id}{tail}"

    def to_expert_review(self, experts: list[Actor]) -> None:
        assert (
            self.official.post(self.url("/preliminary-review"), {"decision": "pass"}).status_code
            == 200
        )
        r = self.official.post(self.url("/experts"), {"expert_ids": [e.id for e in experts]})
        assert r.status_code == 200, r.text

    def experts(self, n: int = 3) -> list[Actor]:
        return [staff(self.client, self.factory, "expert", org="江苏省专家库") for _ in range(n)]


def test_experts_from_a_partys_organization_are_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    s.official.post(s.url("/preliminary-review"), {"decision": "pass"})
    insider = staff(client, session_factory, "expert", org="东南大学储能安全实验室")
    outsider = s.experts(1)[0]
    r = s.official.post(s.url("/experts"), {"expert_ids": [outsider.id, insider.id]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "conflict_of_interest"
    assert s.official.get(s.url()).json()["assignments"] == []


def test_an_expert_who_declares_a_conflict_cannot_score(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(3)
    s.to_expert_review(experts)
    r = experts[0].post(s.url("/conflict"), {"reason": "曾与申报单位合作研发同类项目"})
    assert r.status_code == 200
    assert experts[0].post(s.url("/scores"), SCORES).status_code == 409
    assert experts[0].id in [
        a["expert_id"] for a in r.json()["assignments"] if a["status"] == "conflict_declared"
    ]


def test_each_expert_scores_once_and_only_assigned_experts_score(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(3)
    s.to_expert_review(experts)
    assert experts[0].post(s.url("/scores"), SCORES).json()["total"] == 80
    again = experts[0].post(s.url("/scores"), SCORES)
    assert again.status_code == 409 and again.json()["code"] == "application.already_scored"
    stranger = s.experts(1)[0]
    # an expert not assigned to the application cannot even see that it exists
    assert stranger.post(s.url("/scores"), SCORES).status_code == 404
    out_of_range = experts[1].post(s.url("/scores"), {**SCORES, "benefit": 101})
    assert out_of_range.status_code == 422


def test_notice_needs_enough_days_and_an_open_objection_blocks_designation(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(3)
    s.to_expert_review(experts)
    for e in experts:
        e.post(s.url("/scores"), SCORES)
    short = s.official.post(s.url("/notice"), {"days": 3})
    assert short.status_code == 422 and "不少于 5 天" in short.json()["errors"][0]["message"]
    notice = s.official.post(s.url("/notice"), {"days": 7}).json()["notice"]
    citizen = register(client, ["provider"])
    r = citizen.post(
        f"/api/v1/notices/{notice['id']}/objections", {"text": "该方案的核心专利存在权属争议"}
    )
    assert r.status_code == 201
    objection_id = r.json()["id"]
    end_notice_now(session_factory, s.app_id)
    blocked = s.official.post(s.url("/designate"))
    assert blocked.status_code == 409 and blocked.json()["code"] == "application.open_objection"
    late = citizen.post(f"/api/v1/notices/{notice['id']}/objections", {"text": "公示结束后的异议"})
    assert late.status_code == 409
    resolved = s.official.post(
        f"/api/v1/objections/{objection_id}/resolve",
        {"upheld": False, "resolution": "经核查专利权属清晰，异议不成立"},
    )
    assert resolved.json()["status"] == "dismissed"
    assert s.official.post(s.url("/designate")).status_code == 201


def test_a_rejection_and_its_reason_are_visible_to_both_parties(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    r = s.official.post(s.url("/reject"), {"reason": "试点方案缺少量化考核指标"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    for party in (s.publisher, s.provider):
        seen = party.get(s.url()).json()
        assert seen["status"] == "rejected" and seen["reject_reason"] == "试点方案缺少量化考核指标"
    assert s.official.post(s.url("/reject"), {"reason": "再次驳回"}).status_code == 409
    outsider = register(client, ["publisher"])
    assert outsider.get(s.url()).status_code == 404


def test_an_official_scoped_to_another_city_neither_sees_nor_publishes(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    nanjing = staff(client, session_factory, "official", org="南京市科学技术局", region="南京市")
    suzhou = staff(client, session_factory, "official", org="苏州市科学技术局", region="苏州市")
    demand = publisher.post("/api/v1/demands", demand_body(region="苏州市")).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    assert nanjing.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 404
    assert suzhou.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200
    queue = nanjing.get("/api/v1/demands", params={"status": "published"}).json()
    assert queue["total"] == 0
