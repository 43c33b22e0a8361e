"""Accounts: registration, login, expiring tokens, and rate-limited logins."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.auth.security import issue_token
from backend.config import Settings
from tests.fixtures.api import PASSWORD, register


def test_registered_user_logs_in_and_sees_their_organization(client: TestClient) -> None:
    actor = register(client, ["publisher", "provider"], org_name="扬州智造装备有限公司")
    assert actor.user["roles"] == ["provider", "publisher"]
    assert actor.user["organization"]["name"] == "扬州智造装备有限公司"


def test_the_same_email_cannot_register_twice(client: TestClient) -> None:
    actor = register(client, ["publisher"])
    r = client.post(
        "/api/v1/auth/register",
        json={
            "email": actor.user["email"],
            "password": PASSWORD,
            "display_name": "重复",
            "organization": {"name": "另一家公司", "uscc": "91320500MA00000017", "kind": "企业"},
            "roles": ["publisher"],
        },
    )
    assert r.status_code in (409, 422)


def test_wrong_password_is_401_and_repeated_failures_are_rate_limited(
    client: TestClient, settings: Settings
) -> None:
    actor = register(client, ["provider"])
    email = actor.user["email"]
    for _ in range(settings.login_max_failures):
        r = client.post("/api/v1/auth/token", data={"username": email, "password": "wrong-pass"})
        assert r.status_code == 401
        assert r.json()["code"] == "auth.bad_credentials"
    locked = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["message"] == "登录失败次数过多，请稍后再试"


def test_an_expired_or_forged_token_is_refused(client: TestClient, settings: Settings) -> None:
    actor = register(client, ["publisher"])
    expired = issue_token(user_id=actor.id, secret=settings.secret_key, minutes=-1)
    forged = issue_token(
        user_id=actor.id, secret="not-the-secret-at-all-0123456789abcdef", minutes=5
    )
    for token in (expired, forged):
        r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
        assert r.json()["code"] == "auth.unauthenticated"
