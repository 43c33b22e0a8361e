"""Back-pressure: a bounded number of requests in flight; the rest wait briefly, then get a
fast 503 with Retry-After instead of queueing until they time out.

The bound is what keeps the server answering under any load: every request inside it can get
a database connection (the pool is sized from the same setting) and a worker thread, so nothing
waits on a pool or a thread that cannot come, and a burst beyond it is refused in bounded time.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.api.responses import error_response
from backend.errors import service_busy


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
            await _busy(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


async def _busy(scope: Scope, receive: Receive, send: Send) -> None:
    # busy passes in a moment, unlike a database that is away: ask for a quicker retry
    response = error_response(service_busy(), Headers(scope=scope), retry_after="1")
    await response(scope, receive, send)
