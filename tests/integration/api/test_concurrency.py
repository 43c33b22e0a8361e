"""Optimistic concurrency: stale versions and simultaneous designations are refused with 409."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import transaction
from backend.scenarios.models import Scenario
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.fixtures.server import concurrently, running
from tests.integration.api.test_journey import end_notice_now


def application_ready_for_designation(
    client: TestClient, factory: sessionmaker[Session]
) -> tuple[int, Actor]:
    publisher = register(client, ["publisher"])
    provider = register(client, ["provider"])
    official = staff(client, factory, "official")
    experts = [staff(client, factory, "expert", org="专家库") for _ in range(3)]
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    official.post(f"/api/v1/demands/{demand['id']}/publish")
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    provider.post(
        f"/api/v1/demands/{demand['id']}/proposals",
        {"solution_id": solution["id"], "summary": "分期实施的预警改造方案，含运维。"},
    )
    match_id = publisher.get(f"/api/v1/demands/{demand['id']}/matches").json()[0]["match_id"]
    publisher.post(f"/api/v1/matches/{match_id}/engage")
    provider.post(f"/api/v1/matches/{match_id}/engage")
    app_id = publisher.post(
        "/api/v1/applications",
        {"match_id": match_id, "pilot_plan": "两座电站先行试点，运行半年后评估并推广。"},
    ).json()["id"]
    official.post(f"/api/v1/applications/{app_id}/preliminary-review", {"decision": "pass"})
    official.post(f"/api/v1/applications/{app_id}/experts", {"expert_ids": [e.id for e in experts]})
    for e in experts:
        e.post(
            f"/api/v1/applications/{app_id}/scores",
            {
                "innovation": 80,
                "advancement": 80,
                "feasibility": 80,
                "replicability": 80,
                "benefit": 80,
            },
        )
    assert official.post(f"/api/v1/applications/{app_id}/notice", {"days": 5}).status_code == 201
    end_notice_now(factory, app_id)
    return app_id, official


@BOTH_DATABASES
def test_two_officials_designating_at_once_make_one_scenario(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    app_id, first = application_ready_for_designation(client, session_factory)
    second = staff(client, session_factory, "official")
    with running(client.app) as base:  # type: ignore[arg-type]
        url = f"{base}/api/v1/applications/{app_id}/designate"
        responses = concurrently((url, first.token, {}), (url, second.token, {}))
    assert sorted(r.status_code for r in responses) == [201, 409]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] in ("application.illegal_transition", "concurrency.stale_version")
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count()).select_from(Scenario)) == 1


def test_an_update_with_an_old_version_is_refused(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    assert demand["version"] == 1
    r = publisher.patch(
        f"/api/v1/demands/{demand['id']}", {"title": "储能电站热失控预警（修订）", "version": 1}
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    stale = publisher.patch(
        f"/api/v1/demands/{demand['id']}", {"title": "另一个标题被覆盖", "version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrency.stale_version"
    by_header = publisher.patch(
        f"/api/v1/demands/{demand['id']}",
        {"title": "用 If-Match 的修改"},
        headers={"If-Match": '"1"'},
    )
    assert by_header.status_code == 409
    assert (
        publisher.get(f"/api/v1/demands/{demand['id']}").json()["title"]
        == "储能电站热失控预警（修订）"
    )


def test_an_illegal_transition_names_the_current_state(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    r = publisher.post(f"/api/v1/demands/{demand['id']}/close")
    assert r.status_code == 200
    again = publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    assert again.status_code == 409
    assert again.json()["current_state"] == "closed"
    assert "已关闭" in again.json()["message"]


def test_a_transition_with_a_stale_version_is_refused_and_changes_nothing(
    client: TestClient,
) -> None:
    publisher = register(client, ["publisher"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.patch(f"/api/v1/demands/{demand['id']}", {"title": "储能电站热失控预警（第二版）"})
    stale = publisher.post(f"/api/v1/demands/{demand['id']}/submit", headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and stale.json()["code"] == "concurrency.stale_version"
    after = publisher.get(f"/api/v1/demands/{demand['id']}").json()
    assert (after["status"], after["submitted_at"]) == ("draft", None)
