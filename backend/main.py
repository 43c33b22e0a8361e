"""The FastAPI application: routers, error handlers, the web pages, and start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.api.router import api_router
from backend.config import Settings, get_settings
from backend.db.session import make_engine, make_session_factory
from backend.errors import ERROR_RESPONSES, AppError, stale_version
from backend.i18n import field_name, pick_language, validation_message


def _error_body(exc: AppError, lang: str) -> dict[str, object]:
    body: dict[str, object] = {
        "code": exc.code,
        "message": exc.message_zh if lang == "zh" else exc.message_en,
    }
    if exc.field_errors:
        body["errors"] = [
            {
                "field": fe.field,
                "loc": fe.field.split("."),
                "code": fe.code,
                "message": fe.message_zh if lang == "zh" else fe.message_en,
            }
            for fe in exc.field_errors
        ]
    body.update(exc.extra)
    return body


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        lang = pick_language(request.headers.get("accept-language"))
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(_error_body(exc, lang), status_code=exc.status_code, headers=headers)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        lang = pick_language(request.headers.get("accept-language"))
        return JSONResponse(_error_body(stale_version(), lang), status_code=409)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = pick_language(request.headers.get("accept-language"))
        errors = [
            {
                "field": field_name(err.get("loc", ())),
                "loc": [str(p) for p in err.get("loc", ())],
                "code": str(err.get("type", "invalid")),
                "message": validation_message(err, lang),
            }
            for err in exc.errors()
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
            return JSONResponse({"code": "not_found", "message": "接口不存在"}, status_code=404)
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
    app.state.engine = make_engine(settings.resolved_database_url)
    app.state.session_factory = make_session_factory(app.state.engine)
    _install_error_handlers(app)
    app.include_router(api_router, prefix="/api/v1", responses=ERROR_RESPONSES)
    _mount_frontend(app, settings.frontend_dist)
    return app
