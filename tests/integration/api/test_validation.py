"""Bad input gets a 422 with a message per field, in Chinese by default and English on request,
and leaves nothing behind."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditEvent
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.organizations.models import Organization
from tests.fixtures.api import demand_body, register
from tests.fixtures.uscc import make_uscc


def by_field(body: dict[str, object]) -> dict[str, str]:
    errors = body["errors"]
    assert isinstance(errors, list)
    return {e["field"]: e["message"] for e in errors}


def test_demand_errors_name_each_field_in_chinese(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    r = publisher.post(
        "/api/v1/demands",
        demand_body(title="", trl_required=12, budget_min_wan=-5, scenario_tier="超大型"),
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    fields = by_field(body)
    assert fields["title"] == "至少需要 4 个字符"
    assert fields["trl_required"] == "不能大于 9"
    assert fields["budget_min_wan"] == "不能小于 0"
    assert fields["scenario_tier"].startswith("请从以下选项中选择")


def test_demand_errors_in_english_when_asked(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    r = publisher.post(
        "/api/v1/demands", demand_body(trl_required=0), headers={"Accept-Language": "en-US,en"}
    )
    assert r.status_code == 422
    assert r.json()["message"] == "The submitted data is invalid"
    assert "greater than or equal to 1" in by_field(r.json())["trl_required"]


def test_budget_range_must_be_ordered(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    r = publisher.post("/api/v1/demands", demand_body(budget_min_wan=300, budget_max_wan=100))
    assert r.status_code == 422
    assert "预算下限不能高于上限" in r.text


def test_a_past_deadline_is_refused(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    r = publisher.post("/api/v1/demands", demand_body(deadline="2020-01-01"))
    assert by_field(r.json())["deadline"] == "截止日期不能早于今天"


def test_invalid_credit_code_is_refused_and_nothing_is_written(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    code = make_uscc()
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = client.post(
        "/api/v1/auth/register",
        json={
            "email": "bad@example.cn",
            "password": "Passw0rd!2026",
            "display_name": "张三",
            "organization": {"name": "无效代码公司", "uscc": broken, "kind": "企业"},
            "roles": ["publisher"],
        },
    )
    assert r.status_code == 422
    assert by_field(r.json())["organization.uscc"].startswith("统一社会信用代码无效")
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 0


def test_only_market_roles_can_be_self_registered(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/register",
        json={
            "email": "sneaky@example.cn",
            "password": "Passw0rd!2026",
            "display_name": "李四",
            "organization": {"name": "某公司", "uscc": make_uscc(), "kind": "企业"},
            "roles": ["official"],
        },
    )
    assert r.status_code == 422
    assert "只能自行注册" in by_field(r.json())["roles"]


def test_a_failed_request_leaves_no_half_written_rows(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    with transaction(session_factory) as session:
        events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    # the official's return needs a reason: refused as a whole, audit untouched
    r = publisher.patch(f"/api/v1/demands/{demand['id']}", {"budget_min_wan": 999})
    assert r.status_code == 422
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events_before
        row = session.get(Demand, demand["id"])
        assert row is not None and row.budget_min_wan == 80 and row.version == 1
