"""Logins: the failure limits hold under parallel attempts, X-Forwarded-For is believed only from
a trusted proxy, and an unknown account costs a password check like a known one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

import backend.auth.service as auth_service
from backend.api.deps import client_address
from backend.config import Settings
from backend.main import create_app
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import PASSWORD, register
from tests.fixtures.server import running
from tests.integration.api.test_hardening_database import at_once

TOKEN = "/api/v1/auth/token"


def wrong(email: str, password: str = "wrong-pass") -> dict[str, object]:
    return {"data": {"username": email, "password": password}}


@BOTH_DATABASES
def test_parallel_wrong_passwords_cannot_slip_past_the_account_limit(
    client: TestClient, settings: Settings
) -> None:
    assert settings.login_max_failures == 5
    email = register(client, ["provider"]).user["email"]
    with running(client.app) as base:  # type: ignore[arg-type]
        responses = at_once([("POST", base + TOKEN, wrong(email))] * 20)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [401] * 5 + [429] * 15, [r.text for r in responses]
        right = at_once([("POST", base + TOKEN, wrong(email, PASSWORD))])[0]
    assert right.status_code == 429
    assert right.json()["code"] == "auth.rate_limited"


@BOTH_DATABASES
def test_parallel_successful_logins_to_one_account_all_succeed(
    client: TestClient, settings: Settings
) -> None:
    """A login notes its time without editing the account: no stale-version 409 between them."""
    email = register(client, ["publisher"]).user["email"]
    with running(client.app) as base:  # type: ignore[arg-type]
        responses = at_once([("POST", base + TOKEN, wrong(email, PASSWORD))] * 4)
    assert [r.status_code for r in responses] == [200] * 4, [r.text for r in responses]


@BOTH_DATABASES
def test_parallel_attempts_on_many_accounts_cannot_slip_past_the_address_limit(
    client: TestClient, settings: Settings
) -> None:
    limit = settings.login_max_failures * 4
    with running(client.app) as base:  # type: ignore[arg-type]
        calls = [("POST", base + TOKEN, wrong(f"nobody{i}@example.cn")) for i in range(limit + 10)]
        responses = at_once(calls)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * limit + [429] * 10


def test_a_successful_login_resets_the_account_and_gives_back_its_address_attempt(
    client: TestClient, settings: Settings
) -> None:
    email = register(client, ["provider"]).user["email"]
    for _ in range(settings.login_max_failures - 1):
        assert client.post(TOKEN, **wrong(email)).status_code == 401  # type: ignore[arg-type]
    assert client.post(TOKEN, **wrong(email, PASSWORD)).status_code == 200  # type: ignore[arg-type]
    for _ in range(settings.login_max_failures):
        assert client.post(TOKEN, **wrong(email)).status_code == 401  # type: ignore[arg-type]
    assert client.post(TOKEN, **wrong(email, PASSWORD)).status_code == 429  # type: ignore[arg-type]


def test_an_expired_window_starts_counting_again(client: TestClient, settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"login_window_seconds": 0}))
    with TestClient(app) as fresh:
        email = register(fresh, ["provider"]).user["email"]
        for _ in range(settings.login_max_failures + 3):
            assert fresh.post(TOKEN, **wrong(email)).status_code == 401  # type: ignore[arg-type]


# --- X-Forwarded-For ------------------------------------------------------------------------


def request_from(peer: str, forwarded: str | None, trusted: str, settings: Settings) -> Request:
    app = create_app(settings.model_copy(update={"trusted_proxies": trusted}))
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 4711), "headers": headers, "app": app})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", "", "203.0.113.9"),  # nobody trusted: header ignored
        ("203.0.113.9", "198.51.100.1", "10.0.0.0/8", "203.0.113.9"),  # peer is no proxy
        ("10.1.2.3", "198.51.100.1", "10.0.0.0/8", "198.51.100.1"),
        ("10.1.2.3", "1.1.1.1, 198.51.100.1, 10.9.9.9", "10.0.0.0/8", "198.51.100.1"),
        ("10.1.2.3", "198.51.100.1", "10.1.2.3", "198.51.100.1"),  # a bare IP
        ("10.1.2.3", "not-an-ip", "10.0.0.0/8", "10.1.2.3"),
        ("::1", "2001:db8::7", "::1, 10.0.0.0/8", "2001:db8::7"),
    ],
)
def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(
    settings: Settings, peer: str, forwarded: str, trusted: str, expected: str
) -> None:
    assert client_address(request_from(peer, forwarded, trusted, settings)) == expected


def test_a_typo_in_the_trusted_proxies_refuses_to_start(settings: Settings) -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        Settings.model_validate(
            {**settings.model_dump(by_alias=True), "SCENARIOHUB_TRUSTED_PROXIES": "10.0.0.0/33"}
        )


@pytest.fixture
def direct_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, client=("203.0.113.50", 5000)) as c:
        yield c


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(
    direct_client: TestClient, settings: Settings
) -> None:
    limit = settings.login_max_failures * 4
    for i in range(limit):
        r = direct_client.post(
            TOKEN,
            data={"username": f"nobody{i}@example.cn", "password": "x"},
            headers={"X-Forwarded-For": f"198.51.100.{i}"},
        )
        assert r.status_code == 401
    r = direct_client.post(
        TOKEN,
        data={"username": "yet-another@example.cn", "password": "x"},
        headers={"X-Forwarded-For": "192.0.2.200"},
    )
    assert r.status_code == 429


# --- unknown accounts cost the same ---------------------------------------------------------


def test_an_unknown_account_still_costs_one_password_check(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = register(client, ["provider"]).user["email"]
    checked: list[str] = []
    real = auth_service.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(auth_service, "verify_password", counting)
    monkeypatch.setattr(
        "backend.auth.security.verify_password", counting
    )  # the dummy check goes through it as well
    assert client.post(TOKEN, **wrong("nobody@example.cn")).status_code == 401  # type: ignore[arg-type]
    assert client.post(TOKEN, **wrong(email)).status_code == 401  # type: ignore[arg-type]
    assert len(checked) == 2
    unknown, known = checked
    assert unknown.startswith("$argon2id$") and known.startswith("$argon2id$")
    # the same hashing parameters, so the same work
    assert unknown.split("$")[3] == known.split("$")[3]
