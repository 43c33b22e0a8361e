"""The FastAPI application: the edge (body limit, input guard, security headers), error
handlers, routers, the web pages, and start-up."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from backend.api.backpressure import BackPressure
from backend.api.edge import BodyLimit, InputGuard, SecurityHeaders
from backend.api.language import Language
from backend.api.public_cache import PublicCache
from backend.api.responses import error_response
from backend.api.router import api_router
from backend.api.static import mount_frontend
from backend.attachments.cleanup import bind_store
from backend.attachments.storage import store_from_settings
from backend.config import Settings, get_settings
from backend.db.session import READ_ONLY, make_engine, make_session_factory, violated_unique
from backend.errors import (
    ERROR_RESPONSES,
    AppError,
    FieldError,
    duplicate,
    http_error,
    integrity_conflict,
    malformed_json,
    service_unavailable,
    stale_version,
    unstorable_input,
)
from backend.i18n import field_name, pick_language, validation_message
from backend.notifications.mail import bind_settings
from matching.text import default_tokenizer

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime

log = logging.getLogger(__name__)
GC_YOUNG_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)
ALREADY_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-package",
)

# --- error handlers: every failure answers {code, message[, errors]} -------------------------


def _install_error_handlers(app: FastAPI) -> None:
    from backend.db.models import Base

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return error_response(exc, request.headers)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        return error_response(stale_version(), request.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = error_response(http_error(exc.status_code), request.headers)
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # a race the services' own checks could not see: the constraint is the final word
        unique = violated_unique(exc, Base.metadata)
        log.info("integrity error mapped to 409: %s", exc.orig)
        error = duplicate(*unique) if unique else integrity_conflict()
        return error_response(error, request.headers)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        log.warning("database refused a value: %s", exc.orig)
        return error_response(unstorable_input(), request.headers)

    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return error_response(service_unavailable(), request.headers)

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
            return error_response(malformed_json(fields), request.headers)
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


def _load_matcher(runtime: MatcherRuntime) -> None:
    """Load the model and the index, and run them once (the model's first encoding costs about a
    second, paid here rather than by the first visitor). A search engine that cannot be reached
    is tried again by the first request that needs it."""
    try:
        matcher = runtime.matcher()
        matcher.embedder.encode(["场景需求"])  # not through the cache: a cached text would skip it
        matcher.search_demands("场景需求", limit=1)
    except Exception:
        log.exception("the matcher could not be loaded at start-up")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.matcher_enabled:
            from backend.indexing.runtime import MatcherRuntime
            from backend.indexing.worker import IndexWorker

            # the process with the index worker writes the embedded index; others follow it
            app.state.matcher = MatcherRuntime(settings, writer=settings.index_worker)
            if settings.index_worker:
                worker = IndexWorker(app.state.matcher, app.state.session_factory)
                worker.start()
            # the public search and the demand form ask the matcher: the model and the index load
            # and run once before the first request, not in it (seconds a visitor would wait out)
            await anyio.to_thread.run_sync(_load_matcher, app.state.matcher)
        app.state.index_worker = worker
        mailer = None
        if settings.mail_enabled and settings.index_worker:
            from backend.notifications.sender import MailWorker

            # e-mail goes with the outbox: sent by the process that drains it
            mailer = MailWorker(app.state.session_factory, settings)
            mailer.start()
        app.state.mail_worker = mailer
        # the search words are cut by jieba: its dictionary loads now, not in the first search
        await anyio.to_thread.run_sync(default_tokenizer().load)
        # enough worker threads for every request the back-pressure lets in
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, settings.max_concurrent_sessions)
        # what start-up loaded (model, dictionary, app) stays: the collector stops walking it,
        # and collects young objects less often, which shortens the pauses requests wait out
        gc.freeze()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        yield
        if worker is not None:
            worker.stop()
        if mailer is not None:
            mailer.stop()
        if app.state.matcher is not None:
            app.state.matcher.close()
        app.state.engine.dispose()

    app = FastAPI(
        title="ScenarioHub 场景汇 API",
        version="1.0.0",
        description="江苏“5个100”未来产业场景供需对接平台：政府搭台、企业出题、企业答题。",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.public_cache = PublicCache()
    app.state.matcher = None
    app.state.index_worker = None
    app.state.engine = make_engine(
        settings.resolved_database_url, connections=settings.max_concurrent_sessions
    )
    app.state.read_engine = app.state.engine.execution_options(**READ_ONLY)
    app.state.session_factory = make_session_factory(app.state.engine)
    # attachments' bytes: a folder under the data directory, or an S3-compatible bucket (see
    # SCENARIOHUB_ATTACHMENTS_STORE), found by every session of the app
    bind_store(app.state.session_factory, store_from_settings(settings))
    # notifications find the app's settings (e-mail on or off, the links' base) on the session
    bind_settings(app.state.session_factory, settings)
    _install_error_handlers(app)
    # added innermost first: the headers wrap everything, the limit wraps the guard's reading
    app.add_middleware(Language)
    app.add_middleware(InputGuard)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.upload_body_bytes,
        attachment_max_bytes=settings.attachment_max_bytes,
    )
    app.add_middleware(
        BackPressure, limit=settings.max_inflight, wait_seconds=settings.queue_seconds
    )
    app.add_middleware(SecurityHeaders)
    # outermost: every answer of 500 bytes or more, the API's JSON included, is gzipped if asked,
    # except what is compressed already (images, ZIP, attachments' PDF and Office files)
    app.add_middleware(
        GZipMiddleware,
        minimum_size=500,
        compresslevel=6,
        exclude_content_types=ALREADY_COMPRESSED,
    )
    app.include_router(api_router, prefix="/api/v1", responses=ERROR_RESPONSES)
    mount_frontend(app, settings.frontend_dist)
    return app
