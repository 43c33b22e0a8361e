"""Public reads from the cache: fast when nothing changed, never stale after a commit — made
through the API, through another process's connection, or by the index worker — and answered
with 304 when the browser already holds the current answer."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import make_engine, make_session_factory, transaction
from backend.demands.models import Demand
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff

LIST = "/api/v1/public/demands"
DASHBOARD = "/api/v1/public/dashboard"


def publish(publisher: Actor, official: Actor, title: str) -> dict[str, Any]:
    d = publisher.post("/api/v1/demands", demand_body(title=title)).json()
    assert publisher.post(f"/api/v1/demands/{d['id']}/submit").status_code == 200
    r = official.post(f"/api/v1/demands/{d['id']}/publish")
    assert r.status_code == 200, r.text
    return dict(r.json())


def titles(r: Any) -> list[str]:
    return [d["title"] for d in r.json()["items"]]


@BOTH_DATABASES
def test_the_list_is_cached_until_a_public_change_and_then_never_stale(
    client: TestClient, session_factory: sessionmaker[Session], database_url: str
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    publish(publisher, official, "园区储能电站热失控早期预警")

    first = client.get(LIST)
    again = client.get(LIST)
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content and titles(again) == ["园区储能电站热失控早期预警"]
    assert again.headers["etag"] == first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"

    # a draft and a submission are not public: the cached list stays valid
    draft = publisher.post("/api/v1/demands", demand_body(title="尚未提交的草稿需求")).json()
    assert publisher.post(f"/api/v1/demands/{draft['id']}/submit").status_code == 200
    assert client.get(LIST).headers["x-cache"] == "hit"

    # publishing it is: the very next read shows it
    assert official.post(f"/api/v1/demands/{draft['id']}/publish").status_code == 200
    fresh = client.get(LIST)
    assert fresh.headers["x-cache"] == "miss" and "尚未提交的草稿需求" in titles(fresh)
    assert fresh.headers["etag"] != first.headers["etag"]

    # a change written by another process (its own engine and connection) is seen as well
    other = make_session_factory(make_engine(database_url))
    with transaction(other) as session:
        demand = session.get(Demand, draft["id"])
        assert demand is not None
        demand.title = "另一进程改过的标题"
    assert "另一进程改过的标题" in titles(client.get(LIST))


@BOTH_DATABASES
def test_a_browser_holding_the_current_answer_gets_304_until_it_changes(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    publish(publisher, official, "海上风机叶片缺陷无人机巡检")
    etag = client.get(LIST, params={"page": 1}).headers["etag"]
    held = client.get(LIST, params={"page": 1}, headers={"If-None-Match": etag})
    assert held.status_code == 304 and held.content == b""
    assert client.get(LIST, params={"page": 2}, headers={"If-None-Match": etag}).status_code == 200

    publish(publisher, official, "氢燃料电池重卡加氢站安全监测")
    changed = client.get(LIST, params={"page": 1}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "氢燃料电池重卡加氢站安全监测" in titles(changed)


@BOTH_DATABASES
def test_the_detail_is_cached_for_visitors_only_and_follows_a_closed_demand(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    provider = register(client, ["provider"])
    demand = publish(publisher, official, "工业视觉缺陷检测产线改造")
    url = f"/api/v1/public/demands/{demand['id']}"
    assert [client.get(url).headers["x-cache"] for _ in range(2)] == ["miss", "hit"]
    mine = provider.get(url)  # a provider's own next actions (揭榜应答) are never shared
    assert mine.headers["x-cache"] == "bypass"
    assert "propose" in {a["action"] for a in mine.json()["next_actions"]}
    assert client.get(url).json()["next_actions"] == []

    closed = publisher.post(f"/api/v1/demands/{demand['id']}/close")
    assert closed.status_code == 200, closed.text
    assert client.get(url).json()["status"] == closed.json()["status"]


@BOTH_DATABASES
def test_the_dashboard_and_the_organization_name_follow_their_changes(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    before = client.get(DASHBOARD).json()
    assert client.get(DASHBOARD).headers["x-cache"] == "hit"
    demand = publish(publisher, official, "园区储能电站热失控早期预警")
    after = client.get(DASHBOARD).json()
    assert after != before  # one more published demand counted
    assert (
        client.get(LIST).json()["items"][0]["organization"]["name"]
        == demand["organization"]["name"]
    )

    org_id = demand["organization"]["id"]
    renamed = publisher.patch(f"/api/v1/organizations/{org_id}", {"name": "苏州储能运营有限公司"})
    assert renamed.status_code == 200, renamed.text
    assert client.get(LIST).json()["items"][0]["organization"]["name"] == "苏州储能运营有限公司"


@BOTH_DATABASES
def test_a_bulk_update_statement_is_seen_too(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    demand = publish(publisher, official, "园区储能电站热失控早期预警")
    assert client.get(LIST).headers["x-cache"] == "miss"
    with transaction(session_factory) as session:
        session.execute(update(Demand).where(Demand.id == demand["id"]).values(title="批量改名"))
    assert titles(client.get(LIST)) == ["批量改名"]
