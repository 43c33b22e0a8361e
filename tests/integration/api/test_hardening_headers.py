"""Every answer carries the security headers: API JSON, errors, and the web pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from backend.config import Settings
from backend.main import create_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def assert_secured(r: Response) -> None:
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.fixture
def web_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=root></div>", encoding="utf-8")
    (dist / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    with TestClient(app) as client:
        yield client


def test_api_answers_carry_the_security_headers(web_client: TestClient) -> None:
    r = web_client.get("/api/v1/taxonomy")
    assert r.status_code == 200
    assert_secured(r)


def test_error_answers_carry_the_security_headers(web_client: TestClient) -> None:
    missing = web_client.get("/api/v1/demands/999999")
    assert missing.status_code in (401, 404)
    assert_secured(missing)
    unknown = web_client.get("/api/v1/nothing-here")
    assert unknown.status_code == 404
    assert_secured(unknown)
    invalid = web_client.post("/api/v1/auth/register", json={"email": "x"})
    assert invalid.status_code == 422
    assert_secured(invalid)
    too_large = web_client.post(
        "/api/v1/auth/register",
        content=b"x" * (5 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert too_large.status_code == 413
    assert_secured(too_large)


def test_the_web_pages_and_their_deep_links_carry_the_security_headers(
    web_client: TestClient,
) -> None:
    for path in ("/", "/workspace/demands/12", "/assets/app.js"):
        r = web_client.get(path)
        assert r.status_code == 200, path
        assert_secured(r)
    assert "root" in web_client.get("/workspace/demands/12").text


def test_the_api_docs_get_a_policy_that_lets_swagger_ui_run(web_client: TestClient) -> None:
    r = web_client.get("/docs")
    assert r.status_code == 200
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
