"""The edge: pure ASGI middleware around the app (security headers, body limit, input guard)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.responses import error_response
from backend.errors import AppError, attachment_too_large, control_characters, request_too_large
from backend.i18n import field_name

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


# an attachment upload: its body may be as large as the attachment limit allows
_UPLOAD_PATH = re.compile(r"/api/v1/(?:demands|solutions|proposals|applications)/\d+/attachments")


class BodyLimit:
    """Refuses a body above `max_bytes`: at once when Content-Length says so, else as soon as
    the streamed (e.g. chunked) bytes pass the limit; whatever the app answered then is dropped.
    An attachment upload may carry `upload_max_bytes` and is refused as `attachment.too_large`."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        upload_max_bytes: int | None = None,
        attachment_max_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes or max_bytes
        self.attachment_max_bytes = attachment_max_bytes

    def _is_upload(self, scope: Scope) -> bool:
        return (
            self.attachment_max_bytes is not None
            and scope["method"] == "POST"
            and _UPLOAD_PATH.fullmatch(scope["path"]) is not None
        )

    def _refusal(self, upload: bool) -> AppError:
        if upload and self.attachment_max_bytes is not None:
            return attachment_too_large(self.attachment_max_bytes)
        return request_too_large(self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = self._is_upload(scope)
        limit = self.upload_max_bytes if upload else self.max_bytes
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, headers, self._refusal(upload))
            return
        received = 0
        exceeded = answering = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
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
            await self._refuse(scope, receive, send, headers, self._refusal(upload))

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, headers: Headers, refusal: AppError
    ) -> None:
        response = error_response(refusal, headers)
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
            await error_response(control_characters(located), headers)(scope, receive, send)
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
