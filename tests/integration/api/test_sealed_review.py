"""Review is sealed: an expert sees nobody else's score, comment, name or the average before
scoring; the parties never see expert names, comments or conflict statements, and see the
aggregate only once the application is decided. The official sees everything."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor
from tests.integration.api.test_journey import end_notice_now
from tests.integration.api.test_review_rules import SCORES, Stage

pytestmark = BOTH_DATABASES


def actions(body: dict[str, Any]) -> list[str]:
    return [a["action"] for a in body["next_actions"]]


def scored(stage: Stage, experts: list[Actor], comment: str = "") -> None:
    for n, expert in enumerate(experts):
        body = {**SCORES, "innovation": 70 + 10 * n, "comment": comment or f"专家{n}的意见"}
        assert expert.post(stage.url("/scores"), body).status_code == 201


def test_an_expert_sees_only_their_own_part_until_they_have_scored(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    first, second, third = s.experts(3)
    s.to_expert_review([first, second, third])
    scored(s, [first], comment="第一位专家认为风险可控")

    before = second.get(s.url()).json()
    assert [a["expert_id"] for a in before["assignments"]] == [second.id]
    assert before["scores"] == [] and before["average_total"] is None
    assert before["score_count"] == 0
    assert "第一位专家" not in str(before) and first.user["display_name"] not in str(before)
    assert actions(before) == ["score", "declare_conflict"]
    history = second.get(
        "/api/v1/audit", params={"object_type": "application", "object_id": s.app_id}
    ).json()
    assert {e["action"] for e in history} & {"score", "assign_experts"} == set()

    scored(s, [second])
    after = second.get(s.url()).json()
    assert [sc["expert_id"] for sc in after["scores"]] == [second.id]  # their own score only
    assert after["score_count"] == 2 and after["average_total"] is not None
    assert actions(after) == []


def test_the_parties_never_see_expert_names_comments_or_conflict_statements(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(4)
    s.to_expert_review(experts)
    reason = "本人曾参与申报方的前期项目论证"
    assert experts[3].post(s.url("/conflict"), {"reason": reason}).status_code == 200
    scored(s, experts[:3], comment="建议补充运行数据")

    for party in (s.publisher, s.provider):
        seen = party.get(s.url()).json()
        assert seen["assignments"] == [] and seen["scores"] == []
        assert seen["average_total"] is None and seen["score_count"] == 0
        text = str(seen)
        assert reason not in text and "建议补充运行数据" not in text
        assert all(e.user["display_name"] not in text for e in experts)
        history = party.get(
            "/api/v1/audit", params={"object_type": "application", "object_id": s.app_id}
        ).json()
        assert {e["action"] for e in history} & {
            "score",
            "assign_experts",
            "declare_conflict",
        } == set()

    full = s.official.get(s.url()).json()
    assert len(full["scores"]) == 3 and full["score_count"] == 3
    assert {a["conflict_reason"] for a in full["assignments"]} >= {reason}
    assert {a["expert_name"] for a in full["assignments"]} == {
        e.user["display_name"] for e in experts
    }

    # decided: the parties see the aggregate, still no names or comments
    assert s.official.post(s.url("/notice"), {"days": 5}).status_code == 201
    end_notice_now(session_factory, s.app_id)
    assert s.official.post(s.url("/designate")).status_code == 201
    decided = s.publisher.get(s.url()).json()
    assert decided["score_count"] == 3 and decided["average_total"] == full["average_total"]
    assert decided["assignments"] == [] and decided["scores"] == []
    assert "建议补充运行数据" not in str(decided)


def test_a_conflict_is_declared_before_scoring_and_refused_clearly_otherwise(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(4)
    s.to_expert_review(experts)
    scored(s, experts[:3])
    again = experts[0].post(s.url("/conflict"), {"reason": "评分后才发现存在合作关系"})
    assert again.status_code == 409 and again.json()["code"] == "application.already_scored"
    assert experts[3].post(s.url("/conflict"), {"reason": "与申报方有合作"}).status_code == 200
    twice = experts[3].post(s.url("/conflict"), {"reason": "与申报方有合作"})
    assert twice.status_code == 409 and twice.json()["code"] == "application.conflict_declared"

    assert s.official.post(s.url("/notice"), {"days": 5}).status_code == 201
    late = s.experts(1)[0]
    assert (
        late.post(s.url("/conflict"), {"reason": "迟到的声明"}).status_code == 404
    )  # not assigned
    in_notice = experts[1].post(s.url("/conflict"), {"reason": "公示期才声明"})
    assert in_notice.status_code == 409


def test_the_official_is_offered_only_what_the_rules_allow_now(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    assert actions(s.official.get(s.url()).json()) == ["pass", "reject"]
    experts = s.experts(3)
    s.to_expert_review(experts)
    scored(s, experts[:2])
    # two of three scores: no 发起公示 yet
    assert actions(s.official.get(s.url()).json()) == ["reject", "assign_experts"]
    scored(s, experts[2:])
    assert "open_notice" in actions(s.official.get(s.url()).json())
    assert s.official.post(s.url("/notice"), {"days": 5}).status_code == 201
    # anyone logged in may object while the notice runs; anyone, a visitor too, may export it
    public = s.provider.get("/api/v1/public/notices").json()
    assert [actions(n) for n in public] == [["export", "lodge_objection"]]
    assert [actions(n) for n in client.get("/api/v1/public/notices").json()] == [["export"]]
    # the notice runs: no 认定 yet
    assert actions(s.official.get(s.url()).json()) == ["reject"]
    end_notice_now(session_factory, s.app_id)
    assert actions(s.official.get(s.url()).json()) == ["reject", "designate"]
    assert actions(s.publisher.get(s.url()).json()) == []
