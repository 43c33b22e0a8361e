"""The web pages ship light: compressed answers, hashed assets cached for good, index.html
revalidated, precompressed files sent as they are; over real HTTP through the ASGI app."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from backend.api.static import accepted_encodings
from backend.config import Settings
from backend.main import create_app

pytestmark = pytest.mark.anyio

IMMUTABLE = "public, max-age=31536000, immutable"
INDEX = "<!doctype html><title>场景汇</title><div id=root></div>" + "<!-- padding -->" * 64
SCRIPT = "export const demands = [" + ",".join(f'"需求{i}"' for i in range(2000)) + "];\n"
STYLE = ".card { margin: 0 auto; padding: 8px; }\n" * 100


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A built-pages folder of our own: index.html, a hashed script and style, and a secret
    beside the folder that no path may reach."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX, encoding="utf-8")
    (dist / "assets" / "app-abc123.js").write_text(SCRIPT, encoding="utf-8")
    (dist / "assets" / "app-abc123.css").write_text(STYLE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    return dist


@pytest.fixture
async def http(settings: Settings, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scenariohub.test") as client:
        yield client


@dataclass(frozen=True)
class Raw:
    status_code: int
    headers: httpx.Headers
    content: bytes


async def raw_get(http: httpx.AsyncClient, path: str, encoding: str | None) -> Raw:
    """The answer with its body as sent (httpx's decoding bypassed); no Accept-Encoding at all
    when encoding is None."""
    request = http.build_request("GET", path)
    del request.headers["accept-encoding"]
    if encoding is not None:
        request.headers["accept-encoding"] = encoding
    response = await http.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return Raw(response.status_code, response.headers, body)


async def test_a_large_json_answer_is_gzipped_when_the_client_accepts_gzip(
    http: httpx.AsyncClient,
) -> None:
    r = await http.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()
    assert "paths" in r.json()  # httpx decoded it: a valid gzip stream


async def test_nothing_is_compressed_for_a_client_that_does_not_ask(
    http: httpx.AsyncClient,
) -> None:
    for path in ("/openapi.json", "/", "/assets/app-abc123.js", "/assets/app-abc123.css"):
        r = await raw_get(http, path, None)
        assert r.status_code == 200, path
        assert "content-encoding" not in r.headers, path
        assert "accept-encoding" in r.headers["vary"].lower(), path


@pytest.mark.parametrize(
    ("path", "text", "media"),
    [
        ("/", INDEX, "text/html"),
        ("/workspace/demands/12", INDEX, "text/html"),
        ("/assets/app-abc123.js", SCRIPT, "text/javascript"),
        ("/assets/app-abc123.css", STYLE, "text/css"),
    ],
)
async def test_pages_scripts_and_styles_are_gzipped_on_the_fly(
    http: httpx.AsyncClient, path: str, text: str, media: str
) -> None:
    r = await raw_get(http, path, "gzip")
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"].startswith(media)
    assert "accept-encoding" in r.headers["vary"].lower()
    assert gzip.decompress(r.content).decode("utf-8") == text
    assert len(r.content) < len(text.encode("utf-8")) / 2


async def test_a_precompressed_asset_is_sent_as_built_preferring_brotli(
    http: httpx.AsyncClient, dist: Path
) -> None:
    script = dist / "assets" / "app-abc123.js"
    (dist / "assets" / "app-abc123.js.br").write_bytes(b"brotli bytes from the build")
    (dist / "assets" / "app-abc123.js.gz").write_bytes(gzip.compress(script.read_bytes()))

    br = await raw_get(http, "/assets/app-abc123.js", "gzip, deflate, br")
    assert br.headers["content-encoding"] == "br"
    assert br.content == b"brotli bytes from the build"
    assert br.headers["content-type"].startswith("text/javascript")
    assert br.headers["cache-control"] == IMMUTABLE
    assert br.headers["vary"] == "Accept-Encoding"

    gz = await raw_get(http, "/assets/app-abc123.js", "gzip, br;q=0")
    assert gz.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gz.content) == script.read_bytes()

    plain = await raw_get(http, "/assets/app-abc123.js", "identity")
    assert "content-encoding" not in plain.headers
    assert plain.content == script.read_bytes()


async def test_a_hashed_asset_is_cached_for_a_year_and_never_revalidated(
    http: httpx.AsyncClient,
) -> None:
    for path in ("/assets/app-abc123.js", "/assets/app-abc123.css"):
        r = await http.get(path)
        assert r.status_code == 200, path
        assert r.headers["cache-control"] == IMMUTABLE, path


async def test_index_and_deep_links_are_revalidated_on_every_visit(
    http: httpx.AsyncClient,
) -> None:
    for path in ("/", "/index.html", "/demands", "/workspace/demands/12"):
        r = await http.get(path)
        assert r.status_code == 200, path
        assert r.text == INDEX, path
        assert r.headers["cache-control"] == "no-cache", path


async def test_a_missing_asset_is_a_404_not_the_page(http: httpx.AsyncClient) -> None:
    r = await http.get("/assets/app-old999.js")
    assert r.status_code == 404
    assert "immutable" not in r.headers.get("cache-control", "")


async def test_an_unknown_api_path_is_a_json_404(http: httpx.AsyncClient) -> None:
    r = await http.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.json()["code"]


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]
)
async def test_paths_outside_the_built_pages_are_refused(
    http: httpx.AsyncClient, path: str
) -> None:
    r = await http.get(path)
    assert "not for the web" not in r.text


async def test_without_a_build_the_pages_answer_frontend_not_built(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(settings.model_copy(update={"frontend_dist": tmp_path / "missing"}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scenariohub.test") as client:
        r = await client.get("/workspace/demands/12")
    assert r.status_code == 404
    assert json.loads(r.text)["code"] == "frontend.not_built"


def test_accept_encoding_honours_q_zero_and_case() -> None:
    assert accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted_encodings("GZIP;q=0.5, br;q=0") == {"gzip"}
    assert accepted_encodings("") == frozenset()
