"""The built web pages (frontend/dist): hashed assets cached for good, index.html revalidated on
every visit, and the .br / .gz files the build writes beside each asset sent as they are."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException

# Vite names every file under assets/ by its content's hash: a new build means new names
IMMUTABLE = "public, max-age=31536000, immutable"
# index.html names the current assets, so the browser asks again each time (a 304 when unchanged)
REVALIDATE = "no-cache"
# what the build precompresses, best first
_PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve the built web pages; any other non-API path falls back to index.html (deep links)."""
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def _pages(path: str, request: Request) -> Response:
        if path.startswith("api/"):
            raise StarletteHTTPException(404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and root in candidate.parents:
            cache = IMMUTABLE if path.startswith("assets/") else REVALIDATE
            return _file(candidate, request.headers, cache)
        if path.startswith("assets/"):
            # a stale page asking for an asset a newer build replaced: not the HTML fallback
            raise StarletteHTTPException(404)
        index = root / "index.html"
        if index.is_file():
            return _file(index, request.headers, REVALIDATE)
        return JSONResponse(
            {"code": "frontend.not_built", "message": "网页尚未构建，请运行 make run"},
            status_code=404,
        )


def _file(path: Path, headers: Headers, cache: str) -> FileResponse:
    """The file, or its precompressed twin when the client accepts that encoding."""
    response = FileResponse(path, headers={"Cache-Control": cache})
    if "range" in headers:
        return response
    accepted = accepted_encodings(headers.get("accept-encoding", ""))
    for encoding, suffix in _PRECOMPRESSED:
        twin = path.with_name(path.name + suffix)
        if encoding in accepted and twin.is_file():
            return FileResponse(
                twin,
                media_type=response.media_type,
                headers={
                    "Cache-Control": cache,
                    "Content-Encoding": encoding,
                    "Vary": "Accept-Encoding",
                },
            )
    return response  # GZipMiddleware compresses it if asked and adds Vary: Accept-Encoding


def accepted_encodings(header: str) -> frozenset[str]:
    """The content codings an Accept-Encoding header allows (q > 0); `*` is not expanded."""
    accepted: set[str] = set()
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        q = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
        if coding and q > 0:
            accepted.add(coding.strip().lower())
    return frozenset(accepted)
