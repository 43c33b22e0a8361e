"""The FastAPI application: the edge (body limit, input guard, security headers), error
handlers, routers, the web pages, and start-up."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.backpressure import BackPressure
from backend.api.router import api_router
from backend.config import Settings, get_settings
from backend.db.session import READ_ONLY, make_engine, make_session_factory, violated_unique
from backend.errors import (
    ERROR_RESPONSES,
    AppError,
    FieldError,
    control_characters,
    duplicate,
    http_error,
    integrity_conflict,
    malformed_json,
    request_too_large,
    service_unavailable,
    stale_version,
    unstorable_input,
)
from backend.i18n import field_name, pick_language, validation_message

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"


def _error_body(exc: AppError, lang: str) -> dict[str, object]:
    body: dict[str, object] = {
        "code": exc.code,
        "message": exc.message_zh if lang == "zh" else exc.message_en,
    }
    if exc.field_errors:
        body["errors"] = [
            {
                "field": fe.field,
                "loc": list(fe.loc) if fe.loc else fe.field.split("."),
                "code": fe.code,
                "message": fe.message_zh if lang == "zh" else fe.message_en,
            }
            for fe in exc.field_errors
        ]
    body.update(exc.extra)
    return body


def _error_response(exc: AppError, headers: Headers | None) -> JSONResponse:
    lang = pick_language(headers.get("accept-language") if headers else None)
    extra: dict[str, str] = {}
    if exc.status_code == 401:
        extra["WWW-Authenticate"] = "Bearer"
    if exc.status_code == 503:
        extra["Retry-After"] = RETRY_AFTER_SECONDS
    return JSONResponse(_error_body(exc, lang), status_code=exc.status_code, headers=extra)


# --- the edge: pure ASGI middleware, outermost first -----------------------------------------

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# the interactive API docs load Swagger UI / ReDoc from a CDN and start them with inline script
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
_DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
_SECURITY_HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


class SecurityHeaders:
    """Every answer forbids framing, sniffing and foreign scripts, the web pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] in _DOCS_PATHS else _CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                for name, value in _SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a body above `max_bytes`: at once when Content-Length says so, else as soon as
    the streamed (e.g. chunked) bytes pass the limit; whatever the app answered then is dropped."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, headers)
            return
        received = 0
        exceeded = answering = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answering
            if exceeded and not answering:
                return
            answering = answering or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded or answering:
                raise
        if exceeded and not answering:
            await self._refuse(scope, receive, send, headers)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, headers: Headers) -> None:
        response = _error_response(request_too_large(self.max_bytes), headers)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


# C0 control characters other than TAB, LF and CR: PostgreSQL cannot store NUL, and none of them
# belongs in a title, a name or a search
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_REPORTED = 20


def _json_strings(value: Any) -> Iterator[tuple[list[str], str]]:
    """(location, text) of every key and string in a parsed JSON document, without recursion."""
    stack: list[tuple[list[str], Any]] = [([], value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, str):
            yield loc, item
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                yield [*loc, str(key)], str(key)
                stack.append(([*loc, str(key)], child))
        elif isinstance(item, list):
            stack.extend(([*loc, str(i)], child) for i, child in reversed(list(enumerate(item))))


def _pairs_with_controls(pairs: list[tuple[str, str]], where: str) -> list[list[str]]:
    return [
        [where, name if not _CONTROL.search(name) else _CONTROL.sub("?", name)]
        for name, value in pairs
        if _CONTROL.search(name) or _CONTROL.search(value)
    ]


def _body_controls(body: bytes, content_type: str) -> list[list[str]]:
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
        return _pairs_with_controls(pairs, "body")
    if media == "application/json" or media.endswith("+json"):
        try:
            # strict=False finds raw control characters too, not only \u escapes
            document = json.loads(body, strict=False)
        except (ValueError, RecursionError):
            return []  # not JSON: the request validator answers request.malformed_json
        return [
            ["body", *(_CONTROL.sub("?", part) for part in loc)]
            for loc, text in _json_strings(document)
            if _CONTROL.search(text)
        ]
    return []


class InputGuard:
    """Refuses control characters in the path, the query, a form or a JSON body with a 422
    naming the field, in one place instead of in every schema."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        found = _pairs_with_controls(query, "query")
        if _CONTROL.search(scope["path"]):
            found.insert(0, ["path"])
        content_type = headers.get("content-type", "")
        if not found and ("json" in content_type or "form-urlencoded" in content_type):
            body = await _read_body(receive)
            found = _body_controls(body, content_type)
            receive = _replay(body, receive)
        if found:
            located = [(field_name(loc) or loc[0], tuple(loc)) for loc in found[:_MAX_REPORTED]]
            await _error_response(control_characters(located), headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then the real stream (disconnects)."""
    pending = True

    async def replayed() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


# --- error handlers: every failure answers {code, message[, errors]} -------------------------


def _install_error_handlers(app: FastAPI) -> None:
    from backend.db.models import Base

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return _error_response(exc, request.headers)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        return _error_response(stale_version(), request.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = _error_response(http_error(exc.status_code), request.headers)
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # a race the services' own checks could not see: the constraint is the final word
        unique = violated_unique(exc, Base.metadata)
        log.info("integrity error mapped to 409: %s", exc.orig)
        error = duplicate(*unique) if unique else integrity_conflict()
        return _error_response(error, request.headers)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        log.warning("database refused a value: %s", exc.orig)
        return _error_response(unstorable_input(), request.headers)

    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return _error_response(service_unavailable(), request.headers)

    for unavailable in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(unavailable, _unavailable)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = pick_language(request.headers.get("accept-language"))
        raw = exc.errors()
        if any(err.get("type") == "json_invalid" for err in raw):
            fields = [
                FieldError(
                    "body",
                    "请求内容不是有效的 JSON",
                    f"Invalid JSON: {err.get('ctx', {}).get('error', err.get('msg', ''))}",
                    "json_invalid",
                    tuple(str(p) for p in err.get("loc", ())),
                )
                for err in raw
                if err.get("type") == "json_invalid"
            ]
            return _error_response(malformed_json(fields), request.headers)
        errors = [
            {
                "field": field_name(err.get("loc", ())),
                "loc": [str(p) for p in err.get("loc", ())],
                "code": str(err.get("type", "invalid")),
                "message": validation_message(err, lang),
            }
            for err in raw
        ]
        message = "提交的内容有误" if lang == "zh" else "The submitted data is invalid"
        return JSONResponse(
            {"code": "validation_error", "message": message, "errors": errors}, status_code=422
        )


def _mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve the built web pages; any non-API path falls back to index.html (deep links)."""

    @app.get("/{path:path}", include_in_schema=False)
    async def _spa(path: str) -> Response:
        if path.startswith("api/"):
            raise StarletteHTTPException(404)
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        index = dist / "index.html"
        if index.is_file():
            return FileResponse(index)
        return JSONResponse(
            {"code": "frontend.not_built", "message": "网页尚未构建，请运行 make run"},
            status_code=404,
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.matcher_enabled:
            from backend.indexing.runtime import MatcherRuntime
            from backend.indexing.worker import IndexWorker

            app.state.matcher = MatcherRuntime(settings)
            if settings.index_worker:
                worker = IndexWorker(app.state.matcher, app.state.session_factory)
                worker.start()
        app.state.index_worker = worker
        # enough worker threads for every request the back-pressure lets in
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, settings.max_inflight + 8)
        yield
        if worker is not None:
            worker.stop()
        app.state.engine.dispose()

    app = FastAPI(
        title="ScenarioHub 场景汇 API",
        version="1.0.0",
        description="江苏“5个100”未来产业场景供需对接平台：政府搭台、企业出题、企业答题。",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.matcher = None
    app.state.index_worker = None
    # every request in flight may hold a connection; a few more for the index worker and CLI-like work
    app.state.engine = make_engine(
        settings.resolved_database_url, connections=settings.max_inflight + 8
    )
    app.state.read_engine = app.state.engine.execution_options(**READ_ONLY)
    app.state.session_factory = make_session_factory(app.state.engine)
    _install_error_handlers(app)
    # added innermost first: the headers wrap everything, the limit wraps the guard's reading
    app.add_middleware(InputGuard)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        BackPressure, limit=settings.max_inflight, wait_seconds=settings.queue_seconds
    )
    app.add_middleware(SecurityHeaders)
    app.include_router(api_router, prefix="/api/v1", responses=ERROR_RESPONSES)
    _mount_frontend(app, settings.frontend_dist)
    return app
