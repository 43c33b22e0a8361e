"""The matcher's new candidates become notifications when the index worker ranks them: a
published demand tells the providers whose solutions fit it, and its publisher; a solution
added later tells the publishers of the demands it fits, not the provider."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures.api import Actor, register, solution_body, staff
from tests.integration.indexing.conftest import factory_of
from tests.integration.indexing.test_matcher_in_platform import UNRELATED, drain, publish


def kinds(actor: Actor) -> list[dict[str, Any]]:
    r = actor.get("/api/v1/notifications", params={"page_size": 200})
    assert r.status_code == 200, r.text
    return [n for n in r.json()["items"] if n["kind"] in ("demand_fits", "candidate_found")]


def test_the_index_worker_announces_fitting_demands_and_new_candidates(
    wclient: TestClient,
) -> None:
    provider = register(wclient, ["provider"], org_name="东南大学储能安全实验室")
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    educator = register(wclient, ["provider"], org_name="智慧课堂科技有限公司")
    educator.post("/api/v1/solutions", UNRELATED)
    publisher = register(wclient, ["publisher"])
    official = staff(wclient, factory_of(wclient), "official")
    demand_id = publish(wclient, publisher, official)
    assert kinds(provider) == []  # nothing until the worker has ranked it
    drain(wclient)

    ranked = publisher.get(f"/api/v1/demands/{demand_id}/matches").json()
    best = ranked[0]
    assert best["solution"]["id"] == fitting["id"] and best["score"] >= 0.5
    [fits] = kinds(provider)
    assert fits["kind"] == "demand_fits" and fits["object_id"] == best["match_id"]
    # the explanation as the matcher gave it when it announced the pairing
    assert "匹配说明" in fits["body"] and "领域一致：新型储能" in fits["body"]
    found = kinds(publisher)
    assert [n["object_id"] for n in found] == [m["match_id"] for m in ranked if m["score"] >= 0.5][
        : len(found)
    ]
    assert "东南大学储能安全实验室" in " ".join(n["body"] for n in found)
    low = [m for m in ranked if m["score"] < 0.5]
    assert all(n["object_id"] not in {m["match_id"] for m in low} for n in found)
    # the unrelated solution scores below the threshold: its provider is not told
    unrelated = [m for m in ranked if m["solution"]["title"] == UNRELATED["title"]]
    assert all(m["score"] < 0.5 for m in unrelated)
    assert kinds(educator) == []

    # a solution added later: its publisher hears of a new candidate, its provider of nothing
    latecomer = register(wclient, ["provider"], org_name="南京储能检测技术有限公司")
    latecomer.post("/api/v1/solutions", solution_body(title="储能电站电池热失控气体预警装置"))
    before = len(kinds(publisher))
    drain(wclient)
    assert kinds(latecomer) == []
    assert len(kinds(publisher)) == before + 1
    assert "南京储能检测技术有限公司" in kinds(publisher)[0]["body"]
