"""Notifications: each event reaches exactly the people concerned (and no one else), the inbox
is its recipient's alone, read and unread counts, English under Accept-Language: en."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import transaction
from backend.matches.service import Candidate, refresh_from_matcher
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.fixtures.uscc import make_uscc
from tests.integration.api.test_journey import end_notice_now
from tests.integration.api.test_membership import join
from tests.integration.api.test_review_rules import SCORES, Stage

URL = "/api/v1/notifications"


def inbox(actor: Actor, **params: Any) -> dict[str, Any]:
    r = actor.get(URL, params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def kinds(actor: Actor) -> list[str]:
    return [n["kind"] for n in inbox(actor, page_size=200)["items"]]


def only(actor: Actor, kind: str) -> dict[str, Any]:
    found = [n for n in inbox(actor, page_size=200)["items"] if n["kind"] == kind]
    assert len(found) == 1, (kind, kinds(actor))
    return found[0]


def published_demand(publisher: Actor, official: Actor, **overrides: Any) -> int:
    demand = publisher.post("/api/v1/demands", demand_body(**overrides)).json()
    assert publisher.post(f"/api/v1/demands/{demand['id']}/submit").status_code == 200
    assert official.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200
    return int(demand["id"])


@BOTH_DATABASES
def test_a_returned_demand_tells_its_publisher_the_reason_and_no_one_else(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    stranger = register(client, ["publisher"])
    provider = register(client, ["provider"])
    official = staff(client, session_factory, "official", region="苏州市")
    elsewhere = staff(client, session_factory, "official", region="南京市")
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    r = official.post(f"/api/v1/demands/{demand['id']}/return", {"reason": "预期目标缺少量化指标"})
    assert r.status_code == 200, r.text

    note = only(publisher, "demand_returned")
    assert note["title"] == "需求被退回"
    assert "预期目标缺少量化指标" in note["body"] and demand["title"] in note["body"]
    assert (note["object_type"], note["object_id"]) == ("demand", demand["id"])
    assert note["link"] == f"/workspace/demands/{demand['id']}"
    assert note["read_at"] is None
    for other in (stranger, provider, official, elsewhere):
        assert kinds(other) == []

    english = publisher.get(URL, headers={"Accept-Language": "en"}).json()["items"][0]
    assert english["title"] == "Demand returned"
    assert "Reason: 预期目标缺少量化指标" in english["body"]

    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    official.post(f"/api/v1/demands/{demand['id']}/publish")
    assert kinds(publisher) == ["demand_published", "demand_returned"]  # newest first
    assert kinds(stranger) == [] and kinds(elsewhere) == []


def test_a_proposal_tells_the_publisher_not_the_provider_nor_other_providers(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    provider = register(client, ["provider"], org_name="东南大学储能安全实验室")
    other = register(client, ["provider"])
    official = staff(client, session_factory, "official")
    demand_id = published_demand(publisher, official)
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    r = provider.post(
        f"/api/v1/demands/{demand_id}/proposals",
        {"solution_id": solution["id"], "summary": "分两期建设的预警系统方案"},
    )
    assert r.status_code == 201, r.text
    note = only(publisher, "proposal_received")
    assert "东南大学储能安全实验室" in note["body"]
    assert note["object_type"] == "proposal" and note["link"] == f"/workspace/demands/{demand_id}"
    assert kinds(provider) == [] and kinds(other) == []


@BOTH_DATABASES
def test_engaging_and_declining_tell_the_other_side_with_the_reason(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"], org_name="无锡澄源综合能源服务有限公司")
    provider = register(client, ["provider"], org_name="东南大学储能安全实验室")
    stranger = register(client, ["provider"])
    official = staff(client, session_factory, "official")
    first = published_demand(publisher, official)
    second = published_demand(publisher, official, title="光伏电站组件热斑无人机巡检")
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    matches = []
    for demand_id in (first, second):
        provider.post(
            f"/api/v1/demands/{demand_id}/proposals",
            {"solution_id": solution["id"], "summary": "分两期建设的预警系统方案"},
        )
        matches.append(publisher.get(f"/api/v1/demands/{demand_id}/matches").json()[0]["match_id"])

    assert publisher.post(f"/api/v1/matches/{matches[0]}/engage").status_code == 200
    engaged = only(provider, "match_engaged")
    assert (
        "无锡澄源综合能源服务有限公司" in engaged["body"] and "双方均已确认" not in engaged["body"]
    )
    assert engaged["link"] == f"/workspace/matches/{matches[0]}"
    assert provider.post(f"/api/v1/matches/{matches[0]}/engage").status_code == 200
    both = only(publisher, "match_engaged")
    assert "东南大学储能安全实验室" in both["body"] and "双方均已确认" in both["body"]

    r = provider.post(f"/api/v1/matches/{matches[1]}/decline", {"reason": "本季度产能已排满"})
    assert r.status_code == 200, r.text
    declined = only(publisher, "match_declined")
    assert "本季度产能已排满" in declined["body"]
    assert "match_declined" not in kinds(provider)
    assert kinds(stranger) == []


@BOTH_DATABASES
def test_every_step_of_the_review_reaches_the_parties_the_expert_and_the_objector(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    elsewhere = staff(client, session_factory, "official", region="南京市")
    bystander = register(client, ["provider"])
    objector = register(client, ["publisher"])
    experts = s.experts(3)
    idle_expert = s.experts(1)[0]
    parties = (s.publisher, s.provider)
    # the publisher applied: the provider hears of the engagement, nobody of the application
    before = {a.id: len(kinds(a)) for a in parties}

    assert s.official.post(s.url("/preliminary-review"), {"decision": "pass"}).status_code == 200
    for party in parties:
        assert only(party, "application_passed")["link"] == f"/workspace/applications/{s.app_id}"
    r = s.official.post(s.url("/experts"), {"expert_ids": [e.id for e in experts]})
    assert r.status_code == 200, r.text
    for expert in experts:
        assigned = only(expert, "expert_assigned")
        assert assigned["object_id"] == s.app_id and "评分" in assigned["body"]
    assert kinds(idle_expert) == []
    for party in parties:
        only(party, "application_sent_to_experts")
        assert "expert_assigned" not in kinds(party)

    for expert in experts:
        assert expert.post(s.url("/scores"), SCORES).status_code == 201
    assert s.official.post(s.url("/notice"), {"days": 5}).status_code == 201
    for party in parties:
        assert "5 天" in only(party, "notice_opened")["body"]
    notice_id = client.get("/api/v1/public/notices").json()[0]["id"]

    r = objector.post(
        f"/api/v1/notices/{notice_id}/objections", {"text": "该方案的预警数据来源存疑，请核实。"}
    )
    assert r.status_code == 201, r.text
    objection_id = r.json()["id"]
    for concerned in (*parties, s.official):
        only(concerned, "objection_lodged")
    assert kinds(objector) == [] and kinds(elsewhere) == []

    r = s.official.post(
        f"/api/v1/objections/{objection_id}/resolve",
        {"upheld": False, "resolution": "经核实数据来源合规"},
    )
    assert r.status_code == 200, r.text
    told = only(objector, "objection_resolved")
    assert (told["object_type"], told["object_id"]) == ("notice", notice_id)
    assert "异议不成立" in told["body"] and "经核实数据来源合规" in told["body"]
    for party in parties:
        assert only(party, "objection_resolved")["object_type"] == "application"

    end_notice_now(session_factory, s.app_id)
    r = s.official.post(s.url("/designate"))
    assert r.status_code == 201, r.text
    scenario_id = r.json()["id"]
    for party in parties:
        only(party, "application_designated")
    assert only(objector, "application_designated")["object_type"] == "notice"

    r = s.official.post(
        f"/api/v1/scenarios/{scenario_id}/advance",
        {"to": "demonstration", "outcomes": "连续运行 6 个月，预警提前 42 分钟。"},
    )
    assert r.status_code == 200, r.text
    for party in parties:
        advanced = only(party, "scenario_advanced")
        assert "示范" in advanced["body"] and advanced["link"] == f"/scenarios/{scenario_id}"
    assert "scenario_advanced" not in kinds(objector)
    for outsider in (elsewhere, bystander, idle_expert):
        assert kinds(outsider) == []
    for expert in experts:
        assert kinds(expert) == ["expert_assigned"]
    assert all(len(kinds(a)) > before[a.id] for a in parties)


def test_a_failed_preliminary_review_carries_its_reason(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    r = s.official.post(
        s.url("/preliminary-review"), {"decision": "reject", "comment": "试点方案缺少经费来源"}
    )
    assert r.status_code == 200, r.text
    for party in (s.publisher, s.provider):
        failed = only(party, "application_failed")
        assert failed["title"] == "初审未通过" and "试点方案缺少经费来源" in failed["body"]
    assert kinds(s.official) == []


def test_a_rejection_after_expert_review_carries_its_reason(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    t = Stage(client, session_factory)
    t.to_expert_review(t.experts(3))
    r = t.official.post(t.url("/reject"), {"reason": "专家认为可复制性不足"})
    assert r.status_code == 200, r.text
    assert "专家认为可复制性不足" in only(t.provider, "application_rejected")["body"]


def test_a_membership_request_reaches_the_administrator_and_the_approval_the_member(
    client: TestClient,
) -> None:
    uscc = make_uscc()
    founder, admin = join(client, name="苏州纳维新材料有限公司", uscc=uscc, email="f@nawei.cn")
    outsider = register(client, ["publisher"])
    joined, newcomer = join(client, name="苏州纳维新材料有限公司", uscc=uscc, email="n@nawei.cn")
    assert joined["membership"] == "pending"
    request = only(admin, "membership_requested")
    assert "n@nawei.cn" in request["body"] and request["link"] == "/workspace/organization"
    assert kinds(outsider) == [] and kinds(newcomer) == []

    org_id = founder["organization"]["id"]
    r = admin.post(f"/api/v1/organizations/{org_id}/members/{newcomer.id}/approve")
    assert r.status_code == 200, r.text
    assert "苏州纳维新材料有限公司" in only(newcomer, "membership_approved")["body"]
    assert kinds(admin) == ["membership_requested"]


@BOTH_DATABASES
def test_the_inbox_is_the_recipients_alone_with_read_and_unread_counts(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    other = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    for n in range(3):
        published_demand(publisher, official, title=f"储能电站热失控预警第{n + 1}期")
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}/read-all").status_code == 401
    page = inbox(publisher, page_size=2)
    assert page["total"] == 3 and page["unread"] == 3 and len(page["items"]) == 2
    assert "第3期" in page["items"][0]["body"]  # newest first
    assert inbox(publisher, page=2, page_size=2)["items"][0]["body"].count("第1期") == 1
    first = page["items"][0]["id"]

    assert other.post(f"{URL}/{first}/read").status_code == 404
    assert client.post(f"{URL}/{first}/read").status_code == 401
    assert publisher.post(f"{URL}/999999/read").status_code == 404
    r = publisher.post(f"{URL}/{first}/read")
    assert r.status_code == 200 and r.json()["read_at"] is not None
    read_at = r.json()["read_at"]
    assert publisher.post(f"{URL}/{first}/read").json()["read_at"] == read_at  # kept
    assert publisher.get(f"{URL}/unread-count").json() == {"unread": 2}
    unread = inbox(publisher, unread="true")
    assert unread["total"] == 2 and first not in [n["id"] for n in unread["items"]]
    assert inbox(other)["total"] == 0

    r = publisher.post(f"{URL}/read-all")
    assert r.json() == {"marked": 2, "unread": 0}
    assert inbox(publisher)["unread"] == 0 and inbox(publisher, unread="true")["items"] == []


@BOTH_DATABASES
def test_matcher_candidates_above_the_threshold_reach_the_provider_and_the_publisher_once(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    """The matcher's rankings come from the index worker; here its output (candidates with
    score and explanation) is handed to the same function the worker calls."""
    publisher = register(client, ["publisher"])
    provider = register(client, ["provider"], org_name="东南大学储能安全实验室")
    weak = register(client, ["provider"])
    official = staff(client, session_factory, "official")
    demand_id = published_demand(publisher, official)
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    faint = weak.post("/api/v1/solutions", solution_body(title="通用视觉检测平台")).json()

    def rank(*, demand_side: bool) -> None:
        with transaction(session_factory) as session:
            refresh_from_matcher(
                session,
                candidates=[
                    Candidate(
                        demand_id,
                        fitting["id"],
                        provider.user["organization"]["id"],
                        0.82,
                        {"dense": 0.8},
                        "领域一致：新型储能",
                        "Same field: energy storage",
                    ),
                    Candidate(
                        demand_id,
                        faint["id"],
                        weak.user["organization"]["id"],
                        0.2,
                        {"dense": 0.2},
                        "关键词部分重合",
                        "Some keywords shared",
                    ),
                ],
                stale_demand_id=demand_id if demand_side else None,
            )

    rank(demand_side=True)
    fits = only(provider, "demand_fits")
    assert fits["object_type"] == "match" and "82%" in fits["body"]
    assert "领域一致：新型储能" in fits["body"]
    found = only(publisher, "candidate_found")
    assert "东南大学储能安全实验室" in found["body"] and "领域一致" in found["body"]
    assert kinds(weak) == []  # below the threshold
    english = provider.get(URL, headers={"Accept-Language": "en"}).json()["items"][0]
    assert "Same field: energy storage" in english["body"]

    rank(demand_side=True)  # ranked again (the demand was edited): nobody is told twice
    assert kinds(provider) == ["demand_fits"]
    assert kinds(publisher).count("candidate_found") == 1


def test_an_upheld_objection_and_the_rejection_reach_the_objector(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(3)
    s.to_expert_review(experts)
    for expert in experts:
        expert.post(s.url("/scores"), SCORES)
    s.official.post(s.url("/notice"), {"days": 5})
    notice_id = client.get("/api/v1/public/notices").json()[0]["id"]
    objector = register(client, ["provider"])
    objection = objector.post(
        f"/api/v1/notices/{notice_id}/objections", {"text": "试点站点与申报材料不符，请核实。"}
    ).json()
    r = s.official.post(
        f"/api/v1/objections/{objection['id']}/resolve",
        {"upheld": True, "resolution": "经核实试点站点不符"},
    )
    assert r.status_code == 200, r.text
    assert "异议成立" in only(objector, "objection_resolved")["body"]
    r = s.official.post(s.url("/reject"), {"reason": "异议成立，不予认定"})
    assert r.status_code == 200, r.text
    rejected = only(objector, "application_rejected")
    assert rejected["object_type"] == "notice" and "异议成立，不予认定" in rejected["body"]
    assert only(s.publisher, "application_rejected")["object_type"] == "application"
    assert "application_rejected" not in kinds(s.official)
