"""待办: what waits for each role's action, counted from the modules' own queues and the policy."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.fixtures.uscc import make_uscc
from tests.integration.api.test_membership import join
from tests.integration.api.test_review_rules import SCORES, Stage


def todos(actor: Actor) -> dict[str, dict[str, Any]]:
    r = actor.get("/api/v1/todos")
    assert r.status_code == 200, r.text
    return {g["key"]: g for g in r.json()["groups"]}


def count(actor: Actor, key: str) -> int:
    return int(todos(actor)[key]["count"])


@BOTH_DATABASES
def test_each_role_sees_what_waits_for_it(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    assert client.get("/api/v1/todos").status_code == 401
    publisher = register(client, ["publisher"])
    provider = register(client, ["provider"])
    official = staff(client, session_factory, "official", region="苏州市")
    elsewhere = staff(client, session_factory, "official", region="南京市")
    # each registrant founded their organization: they administer it
    assert set(todos(provider)) == {"candidates_to_answer", "members_to_approve"}
    assert {"proposals_to_read", "returned_demands", "candidates_to_answer"} <= set(
        todos(publisher)
    )
    assert "precheck" not in todos(publisher)

    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    precheck = todos(official)["precheck"]
    assert precheck["count"] == 1 and precheck["items"][0]["object_id"] == demand["id"]
    assert precheck["items"][0]["link"] == f"/workspace/demands/{demand['id']}"
    assert count(elsewhere, "precheck") == 0
    official.post(f"/api/v1/demands/{demand['id']}/return", {"reason": "请补充预算"})
    assert count(official, "precheck") == 0
    assert count(publisher, "returned_demands") == 1
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    official.post(f"/api/v1/demands/{demand['id']}/publish")
    assert count(publisher, "returned_demands") == 0

    solution = provider.post("/api/v1/solutions", solution_body()).json()
    provider.post(
        f"/api/v1/demands/{demand['id']}/proposals",
        {"solution_id": solution["id"], "summary": "分两期建设的预警系统方案"},
    )
    assert count(publisher, "proposals_to_read") == 1
    assert count(provider, "candidates_to_answer") == 0
    match_id = publisher.get(f"/api/v1/demands/{demand['id']}/matches").json()[0]["match_id"]
    publisher.post(f"/api/v1/matches/{match_id}/engage")
    assert count(publisher, "proposals_to_read") == 0
    waiting = todos(provider)["candidates_to_answer"]
    assert waiting["count"] == 1 and waiting["items"][0]["object_id"] == match_id
    provider.post(f"/api/v1/matches/{match_id}/engage")
    assert count(provider, "candidates_to_answer") == 0
    r = official.get("/api/v1/todos", headers={"Accept-Language": "en"}).json()
    assert {g["key"]: g["title"] for g in r["groups"]}["precheck"] == "Demands to pre-check"


def test_the_review_queue_and_the_experts_scores(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    assert count(s.official, "applications_to_review") == 1
    experts = s.experts(3)
    idle = s.experts(1)[0]
    s.to_expert_review(experts)
    assert count(s.official, "applications_to_review") == 0  # waits for the scores
    assert todos(experts[0])["scores_to_give"]["items"][0]["object_id"] == s.app_id
    assert count(idle, "scores_to_give") == 0
    for expert in experts:
        expert.post(s.url("/scores"), SCORES)
        assert count(expert, "scores_to_give") == 0
    assert count(s.official, "applications_to_review") == 1  # the notice can open


def test_an_administrator_sees_members_waiting_for_approval(client: TestClient) -> None:
    uscc = make_uscc()
    _, admin = join(client, name="苏州纳维新材料有限公司", uscc=uscc, email="a@nawei.cn")
    assert count(admin, "members_to_approve") == 0
    _, newcomer = join(client, name="苏州纳维新材料有限公司", uscc=uscc, email="b@nawei.cn")
    group = todos(admin)["members_to_approve"]
    assert group["count"] == 1 and "b@nawei.cn" in group["items"][0]["title"]
    assert "members_to_approve" not in todos(newcomer)
