"""Back-pressure: a bounded number of requests in flight; the rest wait briefly, then get a
fast 503 with Retry-After instead of queueing until they time out.

The bound is what keeps the server answering under any load: every request inside it can get
a database connection (the pool is sized from the same setting) and a worker thread, so nothing
waits on a pool or a thread that cannot come, and a burst beyond it is refused in bounded time.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.i18n import pick_language

RETRY_AFTER_SECONDS = "1"


class BackPressure:
    def __init__(self, app: ASGIApp, *, limit: int, wait_seconds: float) -> None:
        self.app = app
        self.wait_seconds = wait_seconds
        self._slots = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.wait_seconds)
        except TimeoutError:
            await _busy(scope, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


async def _busy(scope: Scope, send: Send) -> None:
    headers = dict(scope.get("headers") or [])
    lang = pick_language(headers.get(b"accept-language", b"").decode("latin-1") or None)
    message = "服务繁忙，请稍后重试" if lang == "zh" else "The service is busy; try again shortly"
    body = json.dumps({"code": "service.busy", "message": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", RETRY_AFTER_SECONDS.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
