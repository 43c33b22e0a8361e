"""How every error leaves the API: `{code, message[, errors]}` in the caller's language."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from backend.errors import AppError
from backend.i18n import pick_language

RETRY_AFTER_SECONDS = "5"


def error_body(exc: AppError, lang: str) -> dict[str, object]:
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


def error_response(
    exc: AppError, headers: Headers | None, *, retry_after: str = RETRY_AFTER_SECONDS
) -> JSONResponse:
    lang = pick_language(headers.get("accept-language") if headers else None)
    extra: dict[str, str] = {}
    if exc.status_code == 401:
        extra["WWW-Authenticate"] = "Bearer"
    if exc.status_code == 503:
        extra["Retry-After"] = retry_after
    return JSONResponse(error_body(exc, lang), status_code=exc.status_code, headers=extra)
