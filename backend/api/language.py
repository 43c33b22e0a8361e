"""The language of each request, for the read models that keep a text in both languages."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.i18n import pick_language, use_language


class Language:
    """Sets the request's language from `Accept-Language` (Chinese unless English comes first);
    `backend.i18n.in_language` then picks the reader's text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            use_language(pick_language(Headers(scope=scope).get("accept-language")))
        await self.app(scope, receive, send)
