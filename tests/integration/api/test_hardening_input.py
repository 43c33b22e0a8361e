"""Untrusted input at the edge: oversized and malformed bodies, control characters, explicit nulls
and absurd token subjects all get our own 4xx body, never FastAPI's default and never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.auth.models import User
from backend.config import Settings
from backend.db.session import transaction
from backend.main import create_app
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import PASSWORD, demand_body, register, solution_body
from tests.fixtures.server import running
from tests.fixtures.uscc import make_uscc

EN = {"Accept-Language": "en"}


def registration(email: str, **org: str) -> dict[str, object]:
    return {
        "email": email,
        "password": PASSWORD,
        "display_name": "测试用户",
        "organization": {
            "name": "南京边界测试有限公司",
            "uscc": make_uscc(),
            "kind": "企业",
            "region": "南京市",
            **org,
        },
        "roles": ["publisher"],
    }


def users(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


# --- 1. request-body limit -------------------------------------------------------------------


@pytest.fixture
def small_limit_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"max_body_bytes": 2048}))
    with TestClient(app) as client:
        yield client


def test_a_declared_body_above_the_default_limit_is_refused_before_it_is_read(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    assert settings.max_body_bytes == 4 * 1024 * 1024
    body = json.dumps(registration("big@example.cn", name="大" * (5 * 1024 * 1024)))
    r = client.post(
        "/api/v1/auth/register", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json() == {"code": "request.too_large", "message": "请求内容过大（上限 4 MB）"}
    assert users(session_factory) == 0


def test_the_limit_message_is_english_when_asked(small_limit_client: TestClient) -> None:
    r = small_limit_client.post(
        "/api/v1/auth/register",
        content=b"x" * 4096,
        headers={"Content-Type": "application/json", **EN},
    )
    assert r.status_code == 413
    assert r.json() == {"code": "request.too_large", "message": "Request too large (limit 2 KB)"}


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(
    small_limit_client: TestClient,
) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(64):
            sent.append(1)
            yield b'{"a": "' + b"x" * 500 + b'"}'

    with running(small_limit_client.app) as base:  # type: ignore[arg-type]
        r = httpx.post(
            f"{base}/api/v1/auth/register",
            content=chunks(),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
    assert "content-length" not in r.request.headers
    assert r.request.headers["transfer-encoding"] == "chunked"
    assert r.status_code == 413
    assert r.json()["code"] == "request.too_large"


def test_a_body_within_the_limit_still_works(small_limit_client: TestClient) -> None:
    r = small_limit_client.post("/api/v1/auth/register", json=registration("ok@example.cn"))
    assert r.status_code == 201, r.text


# --- 2. malformed JSON and framework errors --------------------------------------------------


def test_malformed_json_is_a_400_with_our_body(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/register",
        content=b'{"email": "a@b.cn", ',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "request.malformed_json"
    assert body["message"] == "请求内容不是有效的 JSON"
    assert "detail" not in body
    en = client.post(
        "/api/v1/auth/register",
        content=b"{nope",
        headers={"Content-Type": "application/json", **EN},
    )
    assert en.status_code == 400
    assert en.json()["message"] == "The request body is not valid JSON"


def test_a_wrong_method_is_a_405_with_our_body(client: TestClient) -> None:
    r = client.delete("/api/v1/auth/register")
    assert r.status_code == 405
    assert r.json() == {"code": "request.method_not_allowed", "message": "不支持该请求方法"}
    assert "POST" in r.headers["allow"]


def test_an_unknown_api_path_is_a_404_with_our_body(client: TestClient) -> None:
    r = client.get("/api/v1/no-such-thing", headers=EN)
    assert r.status_code == 404
    assert set(r.json()) == {"code", "message"}
    assert r.json()["code"] == "not_found"


# --- 3. NUL and other control characters -----------------------------------------------------


@BOTH_DATABASES
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/public/demands?q=%00", "q"),
        ("/api/v1/public/demands?region=%E8%8B%8F%01", "region"),
        ("/api/v1/public/demands?field=a%00b&q=ok", "field"),
    ],
)
def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(
    client: TestClient, url: str, field: str
) -> None:
    r = client.get(url)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["message"] == "不能包含控制字符"


@BOTH_DATABASES
def test_a_nul_in_a_json_body_is_a_422_naming_the_field(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    escaped = json.dumps(registration("nul@example.cn", name="南京\u0000公司"))
    assert "\\u0000" in escaped
    r = client.post(
        "/api/v1/auth/register", content=escaped, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["organization.name"]
    assert r.json()["errors"][0]["message"] == "不能包含控制字符"
    raw = escaped.replace("\\u0000", "\x00").encode()
    r = client.post(
        "/api/v1/auth/register",
        content=raw,
        headers={"Content-Type": "application/json", **EN},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "organization.name",
        "loc": ["body", "organization", "name"],
        "code": "control_character",
        "message": "must not contain control characters",
    }
    assert users(session_factory) == 0


@BOTH_DATABASES
def test_control_characters_in_lists_and_keys_are_found(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    r = publisher.post("/api/v1/demands", demand_body(keywords=["储能", "热\x1b失控"]))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "keywords.1"
    r = publisher.post("/api/v1/demands", {**demand_body(), "bad\x00key": 1})
    assert r.status_code == 422


@BOTH_DATABASES
def test_a_nul_in_the_login_form_is_a_422(client: TestClient) -> None:
    r = client.post("/api/v1/auth/token", data={"username": "a\x00@b.cn", "password": "x"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "username"


def test_tab_newline_and_carriage_return_are_allowed(client: TestClient) -> None:
    publisher = register(client, ["publisher"])
    text = "第一行：储能电站热失控预警的需求背景。\r\n第二行：\t误报率低于每站每年一次。"
    r = publisher.post("/api/v1/demands", demand_body(description=text))
    assert r.status_code == 201, r.text
    ok = client.get("/api/v1/public/demands?q=%E5%82%A8%E8%83%BD%09")
    assert ok.status_code == 200


# --- 4. explicit null for a required field on PATCH ------------------------------------------


@BOTH_DATABASES
def test_patching_a_demand_with_null_required_fields_is_a_422_per_field(
    client: TestClient,
) -> None:
    publisher = register(client, ["publisher"])
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    r = publisher.patch(
        f"/api/v1/demands/{demand['id']}",
        {"title": None, "region": None, "keywords": None, "budget_min_wan": None},
    )
    assert r.status_code == 422, r.text
    assert {e["field"] for e in r.json()["errors"]} == {"title", "region", "keywords"}
    assert all(e["message"] == "此项不能为空" for e in r.json()["errors"])
    # nullable fields may still be cleared
    cleared = publisher.patch(f"/api/v1/demands/{demand['id']}", {"budget_min_wan": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["budget_min_wan"] is None


@BOTH_DATABASES
def test_patching_a_solution_with_null_required_fields_is_a_422_per_field(
    client: TestClient,
) -> None:
    provider = register(client, ["provider"])
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    r = provider.patch(
        f"/api/v1/solutions/{solution['id']}",
        {"description": None, "fields": None},
        headers=EN,
    )
    assert r.status_code == 422, r.text
    assert {e["field"] for e in r.json()["errors"]} == {"description", "fields"}
    assert r.json()["errors"][0]["message"] == "This field cannot be null"
    assert provider.patch(f"/api/v1/solutions/{solution['id']}", {"trl": None}).status_code == 200


# --- 5. absurd token subjects ----------------------------------------------------------------


@BOTH_DATABASES
@pytest.mark.parametrize("sub", ["99999999999999999999999", "2147483648", "-1", "0", "1_0", " 1"])
def test_a_validly_signed_token_with_an_absurd_subject_is_401(
    client: TestClient, settings: Settings, sub: str
) -> None:
    register(client, ["publisher"])
    token = jwt.encode({"sub": sub, "exp": 4_000_000_000}, settings.secret_key, algorithm="HS256")
    r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert r.json()["code"] == "auth.unauthenticated"
    optional = client.get("/api/v1/demands/1", headers={"Authorization": f"Bearer {token}"})
    assert optional.status_code == 401


def test_the_first_user_id_still_works_through_a_hand_signed_token(
    client: TestClient, settings: Settings
) -> None:
    actor = register(client, ["publisher"])
    token = jwt.encode(
        {"sub": str(actor.id), "exp": 4_000_000_000}, settings.secret_key, algorithm="HS256"
    )
    assert (
        client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["id"]
        == actor.id
    )
