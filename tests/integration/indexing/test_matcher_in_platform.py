"""The matcher inside the platform: outbox → index → Match rows, refreshed without duplicates,
acted-on pairs left alone, nothing lost between commit and index."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.config import Settings
from backend.db.session import transaction
from backend.indexing.models import OutboxEntry
from backend.indexing.runtime import MatcherRuntime
from backend.matches.models import Match
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.integration.indexing.conftest import factory_of, runtime_of

UNRELATED = solution_body(
    title="中小学课堂教学行为智能分析平台",
    description="通过教室摄像头识别学生抬头率、举手与小组讨论，为教研提供课堂质量报告，已在 60 所学校使用。",
    fields=["通用人工智能"],
    industries=["教育"],
    trl=8,
    keywords=["智慧教育", "课堂分析"],
)


def drain(client: TestClient) -> int:
    return runtime_of(client).drain(factory_of(client))


def publish(client: TestClient, publisher: Actor, official: Actor, **body: object) -> int:
    d = publisher.post("/api/v1/demands", demand_body(**body)).json()
    publisher.post(f"/api/v1/demands/{d['id']}/submit")
    assert official.post(f"/api/v1/demands/{d['id']}/publish").status_code == 200
    return int(d["id"])


def test_publishing_ranks_the_fitting_solution_first_with_an_explanation(
    wclient: TestClient,
) -> None:
    provider = register(wclient, ["provider"])
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    provider.post("/api/v1/solutions", UNRELATED)
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    drain(wclient)
    ranked = publisher.get(f"/api/v1/demands/{demand_id}/matches").json()
    assert ranked[0]["solution"]["id"] == fitting["id"]
    assert ranked[0]["origin"] == "matcher" and ranked[0]["status"] == "proposed"
    assert 0 < ranked[0]["score"] <= 1
    assert ranked[0]["parts"] and ranked[0]["explanation"]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    recommended = provider.get("/api/v1/solutions/recommended").json()
    assert recommended[0]["demand"]["id"] == demand_id


def test_the_explanation_comes_in_the_readers_language(wclient: TestClient) -> None:
    provider = register(wclient, ["provider"])
    provider.post("/api/v1/solutions", solution_body())
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    drain(wclient)
    url = f"/api/v1/demands/{demand_id}/matches"
    chinese = publisher.get(url).json()[0]["explanation"]
    english = publisher.get(url, headers={"Accept-Language": "en-US,en;q=0.9"}).json()[0]
    assert "综合得分" in chinese
    assert "score" in english["explanation"] and "综合得分" not in english["explanation"]
    assert publisher.get(url, headers={"Accept-Language": "zh-CN"}).json()[0]["explanation"] == (
        chinese
    )
    recommended = provider.get(
        "/api/v1/solutions/recommended", headers={"Accept-Language": "en"}
    ).json()
    assert recommended[0]["explanation"] == english["explanation"]


def test_refresh_neither_duplicates_nor_touches_acted_on_pairs(wclient: TestClient) -> None:
    provider = register(wclient, ["provider"])
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    drain(wclient)
    match = publisher.get(f"/api/v1/demands/{demand_id}/matches").json()[0]
    publisher.post(f"/api/v1/matches/{match['match_id']}/engage")
    # the provider rewrites the solution: the index changes, the engaged pair does not
    provider.patch(
        f"/api/v1/solutions/{fitting['id']}", {"title": "储能电站热失控多传感预警系统（第二代）"}
    )
    assert drain(wclient) == 1
    with transaction(factory_of(wclient)) as session:
        rows = list(session.scalars(select(Match).where(Match.demand_id == demand_id)))
    assert len(rows) == 1
    assert rows[0].demand_engaged_at is not None and rows[0].score == match["score"]


def test_a_deleted_solution_leaves_the_rankings(wclient: TestClient) -> None:
    provider = register(wclient, ["provider"])
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    drain(wclient)
    assert publisher.get(f"/api/v1/demands/{demand_id}/matches").json()
    assert (
        wclient.delete(f"/api/v1/solutions/{fitting['id']}", headers=provider.headers).status_code
        == 204
    )
    drain(wclient)
    assert publisher.get(f"/api/v1/demands/{demand_id}/matches").json() == []


def test_a_crash_between_commit_and_index_loses_nothing(
    wclient: TestClient, worker_settings: Settings
) -> None:
    provider = register(wclient, ["provider"])
    provider.post("/api/v1/solutions", solution_body())
    factory = factory_of(wclient)
    with transaction(factory) as session:
        pending = session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.processed_at.is_(None))
        )
    assert pending == 1  # committed, not yet indexed: the process "dies" here
    restarted = MatcherRuntime(worker_settings)
    assert restarted.drain(factory) == 1
    assert restarted.drain(factory) == 0
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory, "official")
    demand_id = publish(wclient, publisher, official)
    restarted.drain(factory)
    assert len(publisher.get(f"/api/v1/demands/{demand_id}/matches").json()) == 1


def test_near_duplicates_are_found_while_a_demand_is_written(wclient: TestClient) -> None:
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    drain(wclient)
    other = register(wclient, ["publisher"])
    r = other.get(
        "/api/v1/demands/similar", params={"text": "储能电站磷酸铁锂电池热失控提前预警，降低误报"}
    )
    assert r.status_code == 200
    assert r.json()[0]["id"] == demand_id
