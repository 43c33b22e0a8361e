"""Public reads answered from a small in-process cache, with HTTP validators.

An answer is filed under the request (path, query, language) and the counters of the topics it
is built from (`backend.freshness.versions`); a commit anywhere, in any process, raises those
counters, so a cached answer is never served after a change it does not show. Every answer
carries an `ETag` made of the same key, and `If-None-Match` with it gets `304 Not Modified`;
`Cache-Control: no-cache` makes browsers ask again each time, which costs one small query.

Only answers that are the same for every caller go in: pages whose `next_actions` depend on the
caller are cached for anonymous visitors only.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse

from backend.freshness import versions
from backend.i18n import pick_language

ENTRIES = 512
HIT_HEADER = "X-Cache"  # hit | miss | bypass: what served the answer, for operators and tests


class PublicCache:
    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries: OrderedDict[tuple[object, ...], bytes] = OrderedDict()  # key -> JSON body
        self._size = entries
        self._lock = threading.Lock()

    def _get(self, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: tuple[object, ...], body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def serve(
        self,
        request: Request,
        session: Session,
        *,
        topics: Sequence[str],
        build: Callable[[], BaseModel],
        per_caller: bool = False,
    ) -> Response:
        """The answer `build()` gives, from the cache when nothing it shows has changed.
        `per_caller`: the answer depends on who asks; only anonymous requests are cached."""
        if per_caller and request.headers.get("authorization"):
            response = JSONResponse(jsonable_encoder(build()))
            response.headers[HIT_HEADER] = "bypass"
            return response
        counters = versions.read(session, topics)  # before the data: never filed as too new
        query = tuple(sorted(request.query_params.multi_items()))
        key = (
            request.url.path,
            query,
            pick_language(request.headers.get("accept-language")),
            tuple(topics),
            counters,
        )
        etag = 'W/"' + hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest() + '"'
        headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Language"}
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers={**headers, HIT_HEADER: "hit"})
        body = self._get(key)
        state = "hit"
        if body is None:
            state = "miss"
            body = bytes(JSONResponse(jsonable_encoder(build())).body)
            self._put(key, body)
        return Response(body, media_type="application/json", headers={**headers, HIT_HEADER: state})


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {t.strip() for t in if_none_match.split(",")}
    return "*" in tags or etag in tags or etag.removeprefix("W/") in tags


def cache_of(request: Request) -> PublicCache:
    cache: PublicCache = request.app.state.public_cache
    return cache
